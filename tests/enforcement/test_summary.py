"""简易程序 (行政处罚法 arts. 51–52): limits, the decision's contents, 备案 within the configured period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rouxing.enforcement import services as svc
from rouxing.enforcement.models import SummaryDecision

from .conftest import rows

DECIDED_AT = timezone.make_aware(dt.datetime(2024, 9, 27, 10, 30))  # a Friday before 国庆


@pytest.fixture
def person(demo):
    return demo.party("SM-YJJ", kind="person")


def decide(sm, party, **kw):
    params = {"facts": "未按规定佩戴劳动防护用品进入作业现场", "basis": "《安全生产法》第一百零七条",
              "penalty": "fine", "amount": Decimal("200"), "place": "企业生产车间",
              "officers": [sm.officer, sm.officer2], "party_signed": True, "decided_at": DECIDED_AT, **kw}
    return svc.summary_decide(user=sm.officer, party=party, **params)


def refused(call, match):
    before = rows(SummaryDecision)
    with pytest.raises(ValidationError) as err:
        call()
    assert match in " ".join(err.value.messages)
    assert rows(SummaryDecision) == before


def test_person_fine_of_200_is_decided_on_the_spot(sm, person):
    d = decide(sm, person)
    assert d.amount == Decimal("200.00") and d.penalty == "fine" and "简罚〔2024〕" in d.number
    assert d.status == "decided" and "行政复议" in d.remedies and "行政诉讼" in d.remedies
    assert set(d.officers.all()) == {sm.officer, sm.officer2}
    # 5 working days after Friday 27 September 2024: Sunday 29 September (调休), Monday 30 September,
    # then 国庆 1–7 October off, 8, 9 and 10 October
    assert d.filing_due == dt.date(2024, 10, 10)


def test_person_fine_of_200_01_is_refused_and_routed_to_the_general_procedure(sm, person):
    refused(lambda: decide(sm, person, amount=Decimal("200.01")), "第五十一条")
    refused(lambda: decide(sm, person, amount=Decimal("200.01")), "一般程序")


def test_organisation_limit_is_3000(sm):
    assert decide(sm, sm.party, amount=Decimal("3000")).amount == Decimal("3000.00")
    refused(lambda: decide(sm, sm.party, amount=Decimal("3000.01")), "三千元以下")


def test_warning_has_no_amount(sm, person):
    d = decide(sm, person, penalty="warning", amount=Decimal("50"))
    assert d.penalty == "warning" and d.amount is None


def test_decision_contents_are_required(sm, person):
    refused(lambda: decide(sm, person, basis=" "), "法定依据")
    refused(lambda: decide(sm, person, party_signed=False), "拒绝签收")
    refused(lambda: decide(sm, person, officers=[sm.officer]), "第四十二条")
    d = decide(sm, person, party_signed=False, refusal_note="当事人拒绝签收，已注明")
    assert d.refusal_note == "当事人拒绝签收，已注明"


def test_the_engines_band_is_respected(sm):
    # the finding's band is 15000–35000 元: any on-the-spot fine is outside it, and above the limit anyway
    finding = sm.finding()
    refused(lambda: decide(sm, sm.party, finding=finding, amount=Decimal("2000")), "裁量基准")


def test_filing_with_the_bureau(sm, person):
    d = decide(sm, person)
    before = rows(SummaryDecision)
    with pytest.raises(ValidationError):
        svc.summary_file(user=sm.approver, decision=d, filed_on=dt.date(2024, 9, 26))
    assert rows(SummaryDecision) == before
    d = svc.summary_file(user=sm.approver, decision=d, filed_on=dt.date(2024, 10, 10))
    assert d.status == "filed" and d.filed_by == sm.approver and d.filed_late is False
    late = svc.summary_file(user=sm.approver, decision=decide(sm, person), filed_on=dt.date(2024, 10, 11))
    assert late.filed_late is True


def test_fine_within_the_engines_band_is_decided_for_the_finding(sm):
    band = {"statutory_min": 0, "statutory_max": 5000, "band_min": 500, "band_max": 2000}
    finding = sm.finding(decision={**sm.finding().decision, "fine": band})
    refused(lambda: decide(sm, sm.party, finding=finding, amount=Decimal("2500")), "500–2000")
    d = decide(sm, sm.party, finding=finding, amount=Decimal("1500"))
    assert d.finding == finding and d.amount == Decimal("1500.00")
