"""Read side of the cases app: party history for the engine, statistics querysets, worklists, panels.

`party_history` is the `History` the cases app hands to the decision service (`rouxing.lists.history.
PARTY_HISTORY`, provided in CasesConfig.ready()); reports reads `measures_for_period` and
`decisions_for_period` (the statistics table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, Q, QuerySet, Value, When

from rouxing.lists.history import History
from rouxing.parties.selectors import credit_facts_for

from .models import Finding, FlexibleMeasure

ACTIVE_FINDING_STATUSES = (
    Finding.Status.RECORDED, Finding.Status.RECTIFYING, Finding.Status.CORRECTED,
    Finding.Status.ESCALATED, Finding.Status.CLOSED,
)


def _org_id(org) -> int:
    return org if isinstance(org, int) else org.pk


def prior_findings_for_party(
    *, org, uscc: str | None, id_number: str | None, violation_code: str, before: dt.date
) -> Iterable[tuple[str, dt.date]]:
    """Earlier findings of `violation_code` against the party (by 统一社会信用代码 or 身份证号), in `org`,
    found strictly before `before`: `(violation_code, found_on)` pairs, newest first (首次被发现)."""
    uscc = (uscc or "").strip().upper()
    id_number = (id_number or "").strip().upper()
    if not uscc and not id_number:
        return []
    who = Q()
    if uscc:
        who |= Q(party__uscc=uscc)
    if id_number:
        who |= Q(party__id_number=id_number)
    rows = (
        Finding.objects.filter(who, org_id=_org_id(org), violation__code=violation_code, found_on__lt=before,
                               voided_at__isnull=True)
        .order_by("-found_on")
        .values_list("violation__code", "found_on")
    )
    return list(rows)


def party_history(*, org, party: Mapping[str, Any], on_date: dt.date) -> History:
    """The party's `History` for a decision of `org` on `on_date`: every earlier (not voided) finding of the
    party in the bureau, by 统一社会信用代码 or 身份证号, newest first, and its credit facts on that day."""
    uscc = (party.get("uscc") or "").strip().upper()
    id_number = (party.get("id_number") or "").strip().upper()
    if not uscc and not id_number:
        return History()
    who = Q()
    if uscc:
        who |= Q(party__uscc=uscc)
    if id_number:
        who |= Q(party__id_number=id_number)
    findings = (Finding.objects.filter(who, org_id=_org_id(org), voided_at__isnull=True)
                .order_by("-found_on", "-pk").values_list("violation__code", "found_on"))
    credit = credit_facts_for(org=org, uscc=party.get("uscc"), id_number=party.get("id_number"), on_date=on_date)
    return History(findings=tuple(findings), credit=credit)


def measures_for_period(org_ids: Iterable[int], start: dt.date, end: dt.date) -> QuerySet[FlexibleMeasure]:
    """Flexible measures performed in [start, end] by the given bureaus, each with its written record.

    Every row carries `units` (1 for 件 methods, `person_count` for 人次 methods), `method_code`,
    `method_name`, `method_unit` and `report_column`, so one query gives counts per method
    (`.values("method_code").annotate(Sum("units"))`) and the records (`content`, `recipient`,
    `performed_on`, `performed_by`) behind them.
    """
    return (
        FlexibleMeasure.objects.filter(org_id__in=list(org_ids), performed_on__gte=start, performed_on__lte=end,
                                       voided_at__isnull=True)  # 作废 records are not counted
        .select_related("method", "party", "performed_by", "org", "finding", "case")
        .annotate(
            units=DbCase(When(method__unit="人次", then=F("person_count")), default=Value(1),
                         output_field=IntegerField()),
            method_code=F("method__code"), method_name=F("method__name"), method_unit=F("method__unit"),
            report_column=F("method__report_column"),
        )
    )  # no explicit order_by: Meta ordering does not leak into GROUP BY of `.values().annotate()`


def decisions_for_period(org_ids: Iterable[int], start: dt.date, end: dt.date) -> QuerySet[Finding]:
    """Findings whose outcome became final in [start, end] (`decided_on`), with their outcome.

    `outcome` is the outcome adopted (a case's penalty decision overrides the finding's choice);
    filter `outcome` in no_penalty / reduced / lighter for the 不予/减轻/从轻 columns and
    `coercion_withheld=True` for 不予行政强制. Rows count in 件 (one per finding).
    """
    return (
        Finding.objects.filter(org_id__in=list(org_ids), decided_on__gte=start, decided_on__lte=end,
                               voided_at__isnull=True)
        .select_related("party", "violation", "list_item", "case", "org")
        .annotate(outcome=DbCase(
            When(case__decision__isnull=False, then=F("case__decision__outcome")),
            default=F("chosen_outcome"),
        ))
    )  # no explicit order_by, so `.values("outcome").annotate(Count("pk"))` groups by outcome only



# --- officer-facing reads ------------------------------------------------------------------------

def inspections_for(user) -> QuerySet:
    from rouxing.orgs.access import scope

    from .models import Inspection

    return scope(Inspection.objects.select_related("party", "org"), user).order_by("-inspected_on", "-pk")


def cases_for(user) -> QuerySet:
    from rouxing.orgs.access import scope

    from .models import Case

    return scope(Case.objects.select_related("party", "org"), user).order_by("-registered_on", "-pk")


def findings_for(user) -> QuerySet:
    from rouxing.orgs.access import scope

    return scope(Finding.objects.select_related("party", "violation", "inspection", "case"), user)


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def worklist(user, today: dt.date | None = None) -> dict[str, Any]:
    """What falls due this week (`due`) and what is overdue (`overdue`) for `user`, plus the steps
    waiting on their role (`waiting`: legal reviews for reviewers, approvals for approvers)."""
    from rouxing.orgs.access import readable_org_ids
    from rouxing.orgs.models import Role

    from .models import Case, Commitment, Instalment, RectificationOrder, ReturnVisit

    today = today or dt.date.today()
    week_end = _week_end(today)
    orgs = readable_org_ids(user)
    rows: list[dict] = []

    def add(kind: str, label: str, due: dt.date | None, url: str, obj) -> None:
        rows.append({"kind": kind, "label": label, "due": due, "url": url, "obj": obj})

    mine = Q(finding__inspection__officers=user) | Q(finding__recorded_by=user) if user.role == Role.OFFICER else Q()
    for order in RectificationOrder.objects.filter(mine, org_id__in=orgs, status="open").select_related(
            "finding__party").distinct():
        add("rectification", f"复查：{order.finding.party} 限期改正", order.deadline,
            f"/cases/findings/{order.finding_id}/", order)
    for commitment in Commitment.objects.filter(org_id__in=orgs, status="signed").select_related("party"):
        add("commitment", f"承诺期满核查：{commitment.party}", commitment.deadline,
            f"/cases/commitments/{commitment.pk}/", commitment)
    for visit in ReturnVisit.objects.filter(org_id__in=orgs, status="due").select_related("party"):
        add("return_visit", f"回访：{visit.party}", visit.due_on, f"/cases/return-visits/{visit.pk}/", visit)
    for inst in Instalment.objects.filter(execution__case__org_id__in=orgs, paid_on__isnull=True,
                                          execution__case__status="executing").select_related("execution__case"):
        add("instalment", f"第{inst.seq}期罚款 {inst.amount}元：{inst.execution.case.number}",
            inst.due_on, f"/cases/{inst.execution.case_id}/", inst)
    if user.role in (Role.OFFICER, Role.APPROVER, Role.SUPERVISOR):
        for decision in publicity_pending(orgs):
            add("publicity", f"公示处罚决定：{decision.number or decision.case.number}",
                decision.publicity_deadline, f"/cases/{decision.case_id}/", decision)
    cases = (Case.objects.filter(org_id__in=orgs).exclude(status__in=["closed", "archived"])
             .select_related("party", "decision"))  # the decision of a decided case: no query per case
    for case in cases:
        _case_rows(case, user, add)
    due = sorted([r for r in rows if r["due"] is not None and today <= r["due"] <= week_end], key=lambda r: r["due"])
    overdue = sorted([r for r in rows if r["due"] is not None and r["due"] < today], key=lambda r: r["due"])
    waiting = [r for r in rows if r["due"] is None or r["due"] > week_end]
    return {"due": due, "overdue": overdue, "waiting": waiting, "today": today, "week_end": week_end}


def deadline_recheck(user) -> list[dict[str, Any]]:
    """期限复核: stored legal deadlines that the 节假日安排 as it stands now computes differently (after the
    系统管理员 entered a year's schedule or corrected a day), or can no longer compute.

    Rows: `kind`, `label`, `url`, `stored`, `recomputed` (None when the calendar cannot count the period),
    `error`, `obj`, and `action`: the URL that updates the stored date, only for the 公示 deadline (an
    internal duty of the bureau). A rectification deadline or a 陈述申辩 deadline was written in a document
    served on the party; it stays as served and the row says how to change it."""
    from rouxing.core.workdays import provisional_message
    from rouxing.orgs.access import readable_org_ids

    from .models import Case, RectificationOrder
    from .services.procedure import hearing_request_deadline_for, statement_deadline_for
    from .services.publicity import publicity_deadline_for

    orgs = readable_org_ids(user)
    rows: list[dict[str, Any]] = []

    def check(kind: str, label: str, url: str, stored: dt.date | None, compute, obj, action: str | None,
              note: str, start: dt.date | None = None) -> None:
        try:
            recomputed, error = compute(), ""
        except (NotImplementedError, ValidationError) as exc:
            recomputed, error = None, "; ".join(getattr(exc, "messages", None) or [str(exc)])
        warning = provisional_message(start, stored)
        if recomputed != stored or warning:
            rows.append({"kind": kind, "label": label, "url": url, "stored": stored, "recomputed": recomputed,
                         "error": error, "obj": obj, "provisional": warning,
                         "action": action if recomputed is not None and recomputed != stored else None,
                         "note": note})

    served = "期限已写入送达当事人的文书，以文书记载为准；如需变更，应重新制作并送达文书。"
    for order in RectificationOrder.objects.filter(org_id__in=orgs, status="open").select_related("finding__party"):
        check("rectification", f"责令限期改正：{order.finding.party}（{order.issued_on:%Y-%m-%d}起{order.period}"
              f"{order.get_day_kind_display()}）", f"/cases/findings/{order.finding_id}/", order.deadline,
              lambda order=order: RectificationOrder.compute_deadline(order.issued_on, order.period, order.day_kind),
              order, None, served, order.issued_on)
    for decision in publicity_pending(orgs):
        if decision.publicity_deadline is not None:
            check("publicity", f"公示处罚决定：{decision.number or decision.case.number}（{decision.decided_on:%Y-%m-%d}"
                  "决定）", f"/cases/{decision.case_id}/", decision.publicity_deadline,
                  lambda decision=decision: publicity_deadline_for(decision.decided_on), decision,
                  f"/cases/{decision.case_id}/decision/publicity-deadline/", "公示期限是本机关的内部期限，可按现行日历更新。",
                  decision.decided_on)
    for case in Case.objects.filter(org_id__in=orgs, status="notified", statement_deadline__isnull=False,
                                    notified_on__isnull=False):
        check("statement", f"陈述申辩期限：{case.number}（{case.notified_on:%Y-%m-%d}告知）", f"/cases/{case.pk}/",
              case.statement_deadline,
              lambda case=case: statement_deadline_for(case.notified_on), case, None, served, case.notified_on)
        if case.hearing_request_deadline is not None:
            check("statement", f"听证申请期限：{case.number}（{case.notified_on:%Y-%m-%d}告知）", f"/cases/{case.pk}/",
                  case.hearing_request_deadline, lambda case=case: hearing_request_deadline_for(case.notified_on),
                  case, None, served, case.notified_on)
    return rows


def _case_rows(case, user, add) -> None:
    """The next step of an open case, with its legal deadline where the law sets one."""
    url = f"/cases/{case.pk}/"
    status = case.status
    if status == "under_review" and user.role == "reviewer":
        add("legal_review", f"法制审核：{case.number}", None, url, case)
    elif status == "reviewed" and user.role == "approver":
        add("approval", f"负责人审批：{case.number}", None, url, case)
    elif user.role == "officer":
        if status in ("registered", "investigating", "notified"):
            # 行政处罚法 art. 60: decision within 90 days of 立案 (the bureau's period, or the approved extension).
            from .services.procedure import decision_period_end

            add("case", f"办理：{case.number}（{case.get_status_display()}）", decision_period_end(case), url, case)
        elif status == "approved":
            add("decision", f"作出决定：{case.number}", None, url, case)
        elif status == "decided":
            decision = getattr(case, "decision", None)
            on = decision.decided_on if decision else case.registered_on
            # art. 61 with art. 85: deliver within 7 working days of the decision.
            due = decision.delivery_deadline if decision and decision.delivery_deadline else on + dt.timedelta(days=7)
            add("delivery", f"送达决定书：{case.number}", due, url, case)
        elif status == "delivered":
            add("execution", f"安排执行/结案：{case.number}", None, url, case)


def panels(request) -> list[dict]:
    """Workbench panel: this week's due items and overdue items for the user."""
    user = request.user
    if not user.is_authenticated or user.role not in ("officer", "reviewer", "approver", "supervisor"):
        return []
    data = worklist(user)
    items = [{"label": r["label"], "url": r["url"], "note": f"已逾期（{r['due']:%m月%d日}）"}
             for r in data["overdue"][:5]]
    items += [{"label": r["label"], "url": r["url"], "note": f"{r['due']:%m月%d日}到期"} for r in data["due"][:5]]
    items += [{"label": r["label"], "url": r["url"], "note": "待办"} for r in data["waiting"] if r["due"] is None][:5]
    return [{"title": "案件办理待办", "items": items, "empty": "本周没有到期事项。"}]


def publicity_pending(org_ids) -> QuerySet:
    """Penalty decisions of the bureaus not yet published (行政处罚决定公示待办), earliest deadline first."""
    from .models import Outcome, PenaltyDecision

    return (PenaltyDecision.objects.filter(case__org_id__in=list(org_ids), published_at__isnull=True)
            .exclude(outcome=Outcome.NO_PENALTY).select_related("case").order_by("publicity_deadline", "pk"))


def public_decisions(org=None) -> QuerySet:
    """Decisions on the public pages: published, not withdrawn, penalties only (never 不予处罚)."""
    from .models import Outcome, PenaltyDecision

    qs = (PenaltyDecision.objects.filter(published_at__isnull=False, publicity_withdrawn_at__isnull=True,
                                         case__org__kind="enforcement")
          .exclude(outcome=Outcome.NO_PENALTY)
          .select_related("case__org", "case__party").prefetch_related("case__findings__violation")
          .order_by("-decided_on", "-pk"))
    return qs.filter(case__org=org) if org is not None else qs


def finding_audit_events(finding: Finding) -> list:
    """全过程记录 of a finding before (or without) a case: the audit events of the finding, its measures,
    commitments, orders and 复查, 作废 and 更正事实 included, oldest first."""
    from rouxing.core.models import AuditEvent

    from .models import Reinspection

    objects = [finding, *finding.measures.all(), *finding.commitments.all(), *finding.rectification_orders.all(),
               *Reinspection.objects.filter(order__finding=finding)]
    query = Q(pk__in=[])
    for obj in objects:
        query |= Q(object_type=obj._meta.label, object_id=str(obj.pk))
    return list(AuditEvent.objects.filter(query).order_by("id"))


def case_deliveries(case, *, doc_types: tuple[str, ...] = ()):
    """送达记录 of the case's statutory documents (告知书, 决定书), oldest first: the documents app's
    `DeliveryRecord` rows, the one delivery model."""
    from rouxing.documents.selectors import deliveries_of_source

    return deliveries_of_source(case, doc_types=doc_types)
