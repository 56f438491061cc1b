"""行刑衔接: proposal, 负责人 approval, 移送书 with 抄送, the police's answer; no on-the-spot fine meanwhile."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rouxing.enforcement import services as svc
from rouxing.enforcement.models import CrimeTransfer, SummaryDecision

from .conftest import rows

EVIDENCE = ["现场检查记录", "询问笔录", "危险化学品检验报告"]


def propose(sm, finding=None, **kw):
    params = {"suspected_crime": "非法储存危险化学品，涉嫌危险作业罪", "evidence_list": EVIDENCE,
              "expert_results": "检验报告：储存物为易燃液体", **kw}
    return svc.transfer_propose(user=sm.officer, finding=finding or sm.finding(), **params)


def refused(call, match, *models):
    before = rows(*(models or (CrimeTransfer,)))
    with pytest.raises(ValidationError) as err:
        call()
    assert match in " ".join(err.value.messages)
    assert rows(*(models or (CrimeTransfer,))) == before


def test_transfer_path_to_the_police_answer(sm):
    t = propose(sm)
    assert t.status == "proposed" and t.evidence_list == EVIDENCE and t.engine_referral is False
    t = svc.transfer_approve(user=sm.approver, transfer=t, approve=True)
    today = timezone.localdate()
    refused(lambda: svc.transfer_send(user=sm.officer, transfer=t, police_org="三明市公安局", procuratorate=" ",
                                      transferred_on=today), "抄送同级人民检察院")
    t = svc.transfer_send(user=sm.officer, transfer=t, police_org="三明市公安局",
                          procuratorate="三明市人民检察院", transferred_on=today)
    assert t.status == "transferred" and "移〔" in t.number
    t = svc.transfer_answer(user=sm.officer, transfer=t, accepted=False, answer_on=today, note="不予立案，退回")
    assert t.status == "not_filed" and svc.open_transfer(t.finding) is None


def test_transfer_without_evidence_list_or_approval_is_refused(sm):
    finding = sm.finding()
    refused(lambda: propose(sm, finding, evidence_list=[" "]), "证据清单")
    t = propose(sm, finding)
    refused(lambda: svc.transfer_send(user=sm.officer, transfer=t, police_org="公安局", procuratorate="检察院",
                                      transferred_on=timezone.localdate()), "负责人批准")
    refused(lambda: svc.transfer_approve(user=sm.approver, transfer=t, approve=False), "理由")


def test_engine_referral_is_kept(sm):
    decision = {**sm.finding().decision, "refer_to_police": True}
    t = propose(sm, sm.finding(decision=decision))
    assert t.engine_referral is True


def test_no_on_the_spot_fine_while_the_transfer_is_open(sm):
    band = {"statutory_min": 0, "statutory_max": 5000, "band_min": 0, "band_max": 3000}
    finding = sm.finding(decision={**sm.finding().decision, "fine": band})
    propose(sm, finding)
    refused(lambda: svc.summary_decide(
        user=sm.officer, party=sm.party, finding=finding, facts="f", basis="b", penalty="fine",
        amount=Decimal("1000"), place="车间", officers=[sm.officer, sm.officer2], party_signed=True,
        decided_at=timezone.make_aware(dt.datetime(2024, 9, 27, 10))), "第十一条", SummaryDecision)
