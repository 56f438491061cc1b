"""Write services of the cases app (keyword-only, one transaction each, audited, optimistic locking)."""

from .archive import archive_read_verified, build_archive, case_archive
from .cases import (
    approved_review,
    case_approve,
    case_close,
    case_escalate,
    case_notify,
    case_statement_answer,
    case_statement_record,
    case_statement_waive,
    decision_issue,
    delivery_record,
    execution_grant,
    instalment_pay,
    legal_review_decide,
    legal_review_submit,
    return_visit_record,
)
from .evidence import EvidenceIntegrityError, evidence_read_verified, evidence_upload, sniff_kind
from .inspections import (
    NO_PENALTY_NOTE,
    build_facts,
    commitment_settle,
    commitment_sign,
    evaluate_finding,
    finding_close,
    finding_record,
    finding_update,
    inspection_complete,
    inspection_create,
    measure_record,
    rectification_order,
    reinspection_record,
)
from .integrity import commitment_void, finding_correct_facts, finding_void, measure_void
from .procedure import (
    case_deadlines,
    case_period_extend,
    collective_discussion_record,
    hearing_report,
    hearing_request,
    hearing_schedule,
    procedure_rules_update,
    rules_for,
)
from .publicity import (
    decision_publicity_withdraw,
    decision_publish,
    publicity_deadline_for,
    publicity_deadline_recompute,
    publicity_withdraw_for_credit_record,
    publicity_workdays,
)

__all__ = [
    "case_deadlines", "case_period_extend", "collective_discussion_record", "hearing_report", "hearing_request",
    "hearing_schedule", "procedure_rules_update", "rules_for",
    "EvidenceIntegrityError", "NO_PENALTY_NOTE", "approved_review", "archive_read_verified",
    "build_archive", "build_facts", "case_approve", "case_archive", "case_close", "case_escalate",
    "case_notify", "case_statement_answer", "case_statement_record", "case_statement_waive", "commitment_settle", "commitment_sign", "decision_issue", "decision_publicity_withdraw", "decision_publish",
    "publicity_deadline_for", "publicity_deadline_recompute", "publicity_withdraw_for_credit_record",
    "publicity_workdays",
    "delivery_record", "evaluate_finding", "evidence_read_verified", "evidence_upload", "execution_grant",
    "finding_close", "finding_record", "finding_update", "inspection_complete", "inspection_create",
    "instalment_pay", "legal_review_decide", "legal_review_submit", "measure_record", "rectification_order",
    "reinspection_record", "return_visit_record", "sniff_kind",
    "commitment_void", "finding_correct_facts", "finding_void", "measure_void",
]
