"""Reads of 行政相对人 and their credit records, scoped to the user's bureau.

Personal-data rule (security.md, Data): full ID numbers and phone numbers are shown only on the
detail page and only to the working roles (officer, reviewer, approver) of the owning bureau; lists,
exports, logs and every other role get masked values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from rouxing.orgs.access import get_readable_or_404, scope
from rouxing.orgs.models import Role
from rouxing.orgs.roles import PERSONAL_DATA_ROLES

from .hooks import PARTY_SECTIONS
from .models import CreditAction, CreditRecord, Industry, Party

RENEWAL_NOTICE_DAYS = 92  # seed 002 item 20: 提前三个月 prompt before a permit expires


def parties_for(user, *, q: str = "", industry: str = "") -> QuerySet[Party]:
    """Parties of the bureaus `user` may read, filtered by name/USCC search and industry."""
    qs = scope(Party.objects.select_related("org"), user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    if industry and industry in Industry.values:
        qs = qs.filter(industry=industry)
    return qs.order_by("name", "pk")


def party_for(user, pk: int) -> Party:
    """One party the user may read; another bureau's id gives 404."""
    return get_readable_or_404(Party.objects.select_related("org"), user, pk=pk)


def can_see_personal_data(user, party: Party) -> bool:
    """Whether `user` may see the unmasked ID number / phone of `party` (detail page only)."""
    return bool(user.is_authenticated and user.org_id == party.org_id and user.role in PERSONAL_DATA_ROLES)


def credit_record_for(user, pk: int) -> CreditRecord:
    """One credit record of a party the user may read; another bureau's id gives 404."""
    return get_readable_or_404(CreditRecord.objects.select_related("party"), user, field="party__org", pk=pk)


def credit_records_for(party: Party) -> QuerySet[CreditRecord]:
    return party.credit_records.select_related("org").order_by("-occurred_on", "-pk")


def _party_match(uscc: str | None, id_number: str | None, prefix: str = "") -> Q:
    match = Q(pk__in=[])
    if uscc and uscc.strip():
        match |= Q(**{f"{prefix}uscc": uscc.strip().upper()})
    if id_number and id_number.strip():
        match |= Q(**{f"{prefix}id_number": id_number.strip().upper()})
    return match


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def credit_facts_for(*, org, uscc: str | None, id_number: str | None, on_date: dt.date) -> dict[str, Any]:
    """Credit facts the decision engine may use as `extra` conditions (seed 002 item 6).

    - no_fatal_accident_3y: no 生产安全事故 with deaths in the three years up to `on_date`;
    - not_blacklisted: no 严重失信 listing in force on `on_date` (a later 移出/信用修复 ends it,
      and so does its expiry date).
    Returns {} when the party is unknown to the bureau (the engine then asks the user).
    """
    if not (uscc or id_number):
        return {}
    if not Party.objects.filter(_party_match(uscc, id_number), org=org).exists():
        return {}
    records = list(
        CreditRecord.objects.filter(_party_match(uscc, id_number, "party__"), party__org=org, occurred_on__lte=on_date)
    )
    since = _years_before(on_date, 3)
    fatal = any(r.kind == CreditRecord.Kind.ACCIDENT and r.fatal and r.occurred_on > since for r in records)
    ends = [r.occurred_on for r in records if r.kind in (CreditRecord.Kind.REMOVAL, CreditRecord.Kind.REPAIR)]
    listed = any(
        r.kind == CreditRecord.Kind.BLACKLIST
        and (r.expires_on is None or r.expires_on >= on_date)
        and not any(end >= r.occurred_on for end in ends)
        for r in records
    )
    return {"no_fatal_accident_3y": not fatal, "not_blacklisted": not listed}


def party_sections(request, party: Party) -> list[dict]:
    """Extra sections other apps add to the party page (`hooks.PARTY_SECTIONS`, filled in their ready()).

    Each section is `{"title": str, "items": [{"label", "url", "note"}], "empty": str}`, so a higher app can
    show its records here without the parties app importing it (none does yet).
    """
    return PARTY_SECTIONS.collect(request, party)


def permits_expiring(user, *, today: dt.date | None = None) -> QuerySet[Party]:
    """Parties of the user's own bureau whose permit expires within three months (or has expired)."""
    today = today or dt.date.today()
    return (
        Party.objects.filter(org_id=user.org_id, permit_expiry__isnull=False,
                             permit_expiry__lte=today + dt.timedelta(days=RENEWAL_NOTICE_DAYS))
        .order_by("permit_expiry", "pk")
    )


def publicity_due_for_withdrawal(user, *, today: dt.date | None = None) -> QuerySet[CreditRecord]:
    """Penalty publicity of the user's bureau whose period has ended but is not yet withdrawn (seed 002 item 6)."""
    today = today or dt.date.today()
    return (
        CreditRecord.objects.filter(org_id=user.org_id, kind=CreditRecord.Kind.PENALTY_PUBLICITY,
                                    expires_on__lte=today, withdrawn_on__isnull=True)
        .select_related("party").order_by("expires_on", "pk")
    )


def panels(request) -> list[dict]:
    """Workbench panels: permits to renew (seed 002 item 20, three months ahead) and publicity to withdraw."""
    user = request.user
    if not user.is_authenticated or user.role not in (Role.OFFICER, Role.REVIEWER, Role.APPROVER):
        return []
    today = dt.date.today()
    items = []
    for party in permits_expiring(user, today=today)[:10]:
        days = (party.permit_expiry - today).days  # type: ignore[operator]  # filtered on a set expiry
        note = f"已过期{-days}天" if days < 0 else f"{party.permit_expiry:%Y-%m-%d}到期，剩余{days}天"
        items.append({"label": party.name, "url": reverse("parties:detail", args=[party.pk]), "note": note})
    due = [
        {"label": r.party.name, "url": reverse("parties:detail", args=[r.party_id]),
         "note": f"公示期限{r.expires_on:%Y-%m-%d}届满，应及时撤回"}
        for r in publicity_due_for_withdrawal(user, today=today)[:10]
    ]
    result = [
        {"title": "许可证延续提示", "items": items, "empty": "三个月内没有到期的安全生产许可证。"},
        {"title": "应撤回的行政处罚公示", "items": due, "empty": "没有期限届满待撤回的公示信息。"},
    ]
    if user.role == Role.APPROVER:
        pending = [
            {"label": f"{a.party.name}：{a.get_kind_display()}", "url": reverse("parties:credit_action", args=[a.pk]),
             "note": f"{a.applied_on:%Y-%m-%d}提请"}
            for a in credit_actions_pending(user)[:10]
        ]
        result.append({"title": "待审批的信用管理事项", "items": pending, "empty": "没有待审批的信用管理事项。"})
    return result


def credit_actions_pending(user) -> QuerySet[CreditAction]:
    """暂不列入/信用修复/移出 proposals of the user's own bureau waiting for the 负责人."""
    return (CreditAction.objects.filter(org_id=user.org_id, status=CreditAction.Status.PROPOSED)
            .select_related("party").order_by("applied_on", "pk"))
