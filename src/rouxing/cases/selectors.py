"""Read side of the cases app: party history for the engine, statistics querysets, worklists, panels.

Other apps depend on three functions here: `prior_findings_for_party` (rouxing.lists.decisions,
首次被发现), `measures_for_period` and `decisions_for_period` (reports: the statistics table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, Q, QuerySet, Value, When

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
        Finding.objects.filter(who, org_id=_org_id(org), violation__code=violation_code, found_on__lt=before)
        .order_by("-found_on")
        .values_list("violation__code", "found_on")
    )
    return list(rows)


def measures_for_period(org_ids: Iterable[int], start: dt.date, end: dt.date) -> QuerySet[FlexibleMeasure]:
    """Flexible measures performed in [start, end] by the given bureaus, each with its written record.

    Every row carries `units` (1 for 件 methods, `person_count` for 人次 methods), `method_code`,
    `method_name`, `method_unit` and `report_column`, so one query gives counts per method
    (`.values("method_code").annotate(Sum("units"))`) and the records (`content`, `recipient`,
    `performed_on`, `performed_by`) behind them.
    """
    return (
        FlexibleMeasure.objects.filter(org_id__in=list(org_ids), performed_on__gte=start, performed_on__lte=end)
        .select_related("method", "party", "performed_by", "org", "finding", "case")
        .annotate(
            units=DbCase(When(method__unit="人次", then=F("person_count")), default=Value(1),
                         output_field=IntegerField()),
            method_code=F("method__code"), method_name=F("method__name"), method_unit=F("method__unit"),
            report_column=F("method__report_column"),
        )
        .order_by("performed_on", "pk")
    )


def decisions_for_period(org_ids: Iterable[int], start: dt.date, end: dt.date) -> QuerySet[Finding]:
    """Findings whose outcome became final in [start, end] (`decided_on`), with their outcome.

    `outcome` is the outcome adopted (a case's penalty decision overrides the finding's choice);
    filter `outcome` in no_penalty / reduced / lighter for the 不予/减轻/从轻 columns and
    `coercion_withheld=True` for 不予行政强制. Rows count in 件 (one per finding).
    """
    return (
        Finding.objects.filter(org_id__in=list(org_ids), decided_on__gte=start, decided_on__lte=end)
        .select_related("party", "violation", "list_item", "case", "org")
        .annotate(outcome=DbCase(
            When(case__decision__isnull=False, then=F("case__decision__outcome")),
            default=F("chosen_outcome"),
        ))
        .order_by("decided_on", "pk")
    )

