"""简易程序 (行政处罚法 arts. 51–53): a 警告 or a small fine decided on the spot, then 备案 with the bureau.

The limits are statutory (200 元 for a citizen, 3,000 元 for an organisation); the 备案 period is the
bureau's rule (art. 52(3) names none): `ENFORCEMENT_SUMMARY_FILING_WORKDAYS` working days, default 5.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.cases.services._common import calendar
from rouxing.core.workdays import add_workdays

from ..models import CrimeTransfer, SummaryDecision
from ._common import (
    APPROVER,
    OFFICER,
    audit,
    ensure_role,
    locked,
    next_number,
    now,
    require,
    save_locked,
    snapshot,
    take,
    two_officers,
)

PERSON_LIMIT = Decimal("200")
ORG_LIMIT = Decimal("3000")
REFUSED_ROUTE = "本案须按一般程序办理（行政处罚法第五十四条）。"


def filing_workdays() -> int:
    return int(getattr(settings, "ENFORCEMENT_SUMMARY_FILING_WORKDAYS", 5))


def default_remedies(org) -> str:
    """申请行政复议、提起行政诉讼的途径和期限 (art. 52(2)), from the bureau's document settings when set."""
    from rouxing.documents.models import BureauSettings

    bureau = BureauSettings.objects.filter(org=org).first()
    review = (bureau.review_authority if bureau else "") or "本机关的上一级主管部门或者本级人民政府"
    court = (bureau.court if bureau else "") or "有管辖权的人民法院"
    return (f"如不服本决定，可以在收到本决定书之日起六十日内向{review}申请行政复议，"
            f"或者在六个月内依法向{court}提起行政诉讼。")


def _check_amount(party, penalty: str, amount: Decimal | None) -> Decimal | None:
    if penalty == SummaryDecision.Penalty.WARNING:
        return None
    if penalty != SummaryDecision.Penalty.FINE:
        raise ValidationError("当场处罚的种类限于警告或者罚款（行政处罚法第五十一条）。")
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError("请填写罚款数额。")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    person = party.kind == "person"
    limit = PERSON_LIMIT if person else ORG_LIMIT
    if amount > limit:
        who = "公民处二百元以下" if person else "法人或者其他组织处三千元以下"
        raise ValidationError(f"当场作出的罚款限于对{who}罚款（行政处罚法第五十一条），"
                              f"拟罚款{amount}元超过限额，{REFUSED_ROUTE}")
    return amount


def _check_finding(finding, party, amount: Decimal | None) -> None:
    if finding.party_id != party.pk:
        raise ValidationError("检查发现问题的当事人与处罚当事人不一致。")
    if finding.chosen_outcome == "no_penalty":
        raise ValidationError("裁量结果为不予行政处罚，不能当场处罚。")
    if CrimeTransfer.objects.filter(finding=finding, status__in=CrimeTransfer.OPEN).exists():
        raise ValidationError("该问题涉嫌犯罪已移送或正在移送公安机关，不得以行政处罚代替移送"
                              "（《行政执法机关移送涉嫌犯罪案件的规定》第十一条）。")
    band = finding.fine_band or {}
    if amount is not None and band.get("band_min") is not None:
        low, high = Decimal(band["band_min"]), Decimal(band["band_max"])
        if not low <= amount <= high:
            raise ValidationError(f"罚款数额须在裁量基准{low:.0f}–{high:.0f}元之内；"
                                  f"超出当场处罚限额的，{REFUSED_ROUTE}")


@transaction.atomic
def summary_decide(*, user, party, facts: str, basis: str, penalty: str, place: str, officers,
                   amount: Decimal | None = None, party_signed: bool = False, refusal_note: str = "",
                   finding=None, remedies: str = "", decided_at: dt.datetime | None = None) -> SummaryDecision:
    """当场处罚决定书 (art. 52): facts, penalty and basis, amount, time, place, remedies, bureau, officers;
    signed by the party or the refusal noted; filed with the bureau within the configured period."""
    ensure_role(user, party.org_id, OFFICER)
    facts = require(facts, "当场处罚须违法事实确凿，请填写违法行为（行政处罚法第五十一条）。")
    basis = require(basis, "当场处罚须有法定依据，请填写处罚依据（行政处罚法第五十一条）。")
    place = require(place, "请填写作出决定的地点（行政处罚法第五十二条第二款）。")
    amount = _check_amount(party, penalty, amount)
    if finding is not None:
        _check_finding(finding, party, amount)
    officers = two_officers(officers, party.org_id, "行政处罚法第四十二条、第五十二条")
    if user not in officers:
        raise ValidationError("作出当场处罚决定的执法人员须在现场执法人员之中（行政处罚法第五十二条）。")
    if not party_signed and not (refusal_note or "").strip():
        raise ValidationError("当事人拒绝签收的，应当在行政处罚决定书上注明（行政处罚法第五十二条第一款）。")
    decided_at = decided_at or now()
    if decided_at > now() + dt.timedelta(minutes=5):
        raise ValidationError("决定时间不能晚于当前时间。")
    org = party.org
    day = timezone.localdate(decided_at)
    decision = SummaryDecision.objects.create(
        org=org, party=party, finding=finding, facts=facts, basis=basis, penalty=penalty, amount=amount,
        decided_at=decided_at, place=place, remedies=(remedies or "").strip() or default_remedies(org),
        decided_by=user, party_signed=bool(party_signed), refusal_note=(refusal_note or "").strip(),
        number=next_number(SummaryDecision, org, day.year, "简罚", "decided_at"),
        filing_due=calendar(add_workdays, day, filing_workdays()),
    )
    decision.officers.set(officers)
    audit("enforcement.summary.decide", user=user, obj=decision,
          extra={"officers": [o.pk for o in officers], "amount": str(amount) if amount is not None else None})
    return decision


@transaction.atomic
def summary_file(*, user, decision: SummaryDecision, filed_on: dt.date,
                 expected_version: int | None = None) -> SummaryDecision:
    """备案: the bureau receives the on-the-spot decision (行政处罚法 art. 52(3)); a late filing is kept
    and shows as late (`filed_on` after `filing_due`)."""
    decision = locked(SummaryDecision, decision.pk)
    ensure_role(user, decision.org_id, APPROVER)
    if filed_on < timezone.localdate(decision.decided_at) or filed_on > timezone.localdate():
        raise ValidationError("备案日期须在决定日期之后、今天之前。")
    before = snapshot(decision)
    take(decision, "file")
    decision.filed_on, decision.filed_by = filed_on, user
    save_locked(decision, expected_version=expected_version, fields=["status", "filed_on", "filed_by"])
    audit("enforcement.summary.file", user=user, obj=decision, before=before,
          extra={"late": filed_on > decision.filing_due})
    return decision
