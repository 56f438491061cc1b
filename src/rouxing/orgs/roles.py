"""Role sets (角色组), defined once: every service, view and API imports the set it checks from here.

Each set names who may do one kind of thing; two sets with the same members stay two names when they
answer two different questions (e.g. who issues documents and who reads personal data), so changing
one rule never silently changes another. Tuples where the order is shown to people (menus, 403
pages), frozensets elsewhere.
"""

from __future__ import annotations

from .models import Role

# --- single roles, for a step only one role takes --------------------------------------------------
OFFICER = frozenset({Role.OFFICER})
REVIEWER = frozenset({Role.REVIEWER})
APPROVER = frozenset({Role.APPROVER})

# --- the bureau's working roles --------------------------------------------------------------------
ALL_ROLES = tuple(Role.values)
"""Every role, the administrators included (pages every account may open)."""
ALL_WORK_ROLES = (Role.OFFICER, Role.REVIEWER, Role.APPROVER, Role.LIST_ADMIN, Role.SUPERVISOR)
"""Working roles that read case data (the administrators of 三员分立 do not)."""
REPORT_ROLES = ALL_WORK_ROLES
"""Who reads statistics and reports."""
WRITER_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.APPROVER, Role.LIST_ADMIN})
"""Who may change their own bureau's records at all (the 司法局监督员 only reads)."""
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
"""三员分立: the three administrators."""

# --- cases and enforcement -------------------------------------------------------------------------
CASE_READERS = frozenset({Role.OFFICER, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR})
"""Who reads inspections, findings and cases."""
CASE_WORKERS = frozenset({Role.OFFICER, Role.APPROVER})
"""Who handles a case's steps (the 执法人员 and the 负责人 who may act for them)."""

# --- parties ---------------------------------------------------------------------------------------
PARTY_WRITERS = frozenset({Role.OFFICER, Role.REVIEWER, Role.APPROVER})
"""Who registers and edits parties (当事人)."""
PERSONAL_DATA_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.APPROVER})
"""Who sees unmasked personal data (ID numbers, phone numbers)."""
CREDIT_PROPOSERS = frozenset({Role.OFFICER})
"""Who proposes a credit action (信用惩戒/修复)."""
CREDIT_DECIDERS = frozenset({Role.APPROVER})
"""Who decides a credit action."""

# --- lists -----------------------------------------------------------------------------------------
LIST_ADMIN_ROLES = frozenset({Role.LIST_ADMIN, Role.APPROVER})
"""Who edits and publishes the bureau's lists (清单)."""
FILING_ROLES = frozenset({Role.SUPERVISOR})
"""Who files (备案) a list version at the 司法局."""

# --- documents -------------------------------------------------------------------------------------
ISSUER_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.APPROVER})
"""Who issues documents (文书)."""
VOID_ROLES = frozenset({Role.REVIEWER, Role.APPROVER})
"""Who voids an issued document (作废)."""
SETTINGS_ROLES = frozenset({Role.LIST_ADMIN, Role.APPROVER, Role.SYSADMIN})
"""Who edits the bureau's document settings and templates."""

# --- reports and planning --------------------------------------------------------------------------
SUBMIT_ROLES = frozenset({Role.APPROVER, Role.LIST_ADMIN})
"""Who submits a report (报送)."""
REVIEW_ROLES = frozenset({Role.SUPERVISOR, Role.REVIEWER, Role.APPROVER})
"""Who reviews case files (案卷评查)."""
OVERSIGHT_REVIEWER_ROLES = (Role.SUPERVISOR, Role.REVIEWER, Role.APPROVER)
"""Who opens the case-file review pages (same members as REVIEW_ROLES, in menu order)."""
PLAN_ROLES = frozenset({Role.APPROVER, Role.LIST_ADMIN, Role.OFFICER})
"""Who draws up 双随机 inspection plans and runs the draw."""
