"""不予行政强制: recording that coercion was considered for a finding and withheld under a list item.

The engine decides whether a 不予实施行政强制措施清单 item applies (行政强制法 arts. 5, 16(2)); the record
keeps the item, and the finding's `coercion_withheld` flag — which the statistics report counts in column 4
(reports.aggregation, by the finding's `decided_on`) — is set. The measure asked is added to the finding's
facts (when it asked none), so a later re-evaluation by the cases services asks the engine the same question
and keeps the flag.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rouxing.cases.models import Finding
from rouxing.lists.models import ListItem

from ..models import ENGINE_MEASURE, CoercionWithheld, CoerciveMeasure, MeasureKind
from ._common import OFFICER, audit, ensure_role, locked, save_locked, snapshot
from .coercion import engine_answer


def _list_item(ref: dict[str, Any]) -> ListItem | None:
    rows = ListItem.objects.filter(version__label=ref.get("version"), list_kind="no_coercion",
                                   seq=int(ref.get("seq") or 0))
    org = ref.get("org")
    if org:
        rows = rows.filter(version__org__code=org) | rows.filter(version__org__name=org)
    return rows.first()


@transaction.atomic
def coercion_withhold(*, user, finding: Finding, measure: str, considered_on: dt.date, note: str = "") -> CoercionWithheld:
    """Record 不予行政强制 for `measure` on the finding, refused unless a 不予行政强制 list item applies."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if measure not in MeasureKind.values:
        raise ValidationError("强制措施种类无效。")
    if CoercionWithheld.objects.filter(finding=finding, measure=measure).exists():
        raise ValidationError("该问题已记录不予采取该强制措施。")
    if CoerciveMeasure.objects.filter(finding=finding, kind=measure, status__in=CoerciveMeasure.OPEN).exists():
        raise ValidationError("该问题已有同类强制措施在办，不能同时记录不予行政强制。")
    answer = engine_answer(finding, measure)
    ref = answer.get("list_item") or {}
    if answer.get("allowed") is not False or not ref:
        why = answer.get("reason") or "裁量助手未给出意见"
        raise ValidationError("不予行政强制须适用本机关不予实施行政强制措施清单事项（行政强制法第五条、第十六条第二款），"
                              f"本情形不适用：{why}")
    record = CoercionWithheld.objects.create(
        org_id=finding.org_id, finding=finding, measure=measure, list_item=_list_item(ref), item_ref=ref,
        reason=f"{answer.get('reason', '')}{(' ' + note.strip()) if note.strip() else ''}",
        considered_on=considered_on, recorded_by=user,
    )
    before = snapshot(finding)
    finding.coercion_withheld = True
    fields = ["coercion_withheld"]
    if not (finding.facts or {}).get("coercive_measure"):
        finding.facts = {**(finding.facts or {}), "coercive_measure": ENGINE_MEASURE[MeasureKind(measure)]}
        fields.append("facts")
    save_locked(finding, expected_version=None, fields=fields)
    audit("enforcement.coercion.withhold", user=user, obj=record, extra={"item": ref})
    audit("cases.finding.coercion_withheld", user=user, obj=finding, before=before)
    return record
