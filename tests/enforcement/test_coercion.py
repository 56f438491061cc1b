"""行政强制措施 through the services: each gate refuses with the article named and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rouxing.enforcement import services as svc
from rouxing.enforcement.models import BureauPrincipal, CoerciveMeasure

from .conftest import ITEMS, rows

S = CoerciveMeasure.Status


def refused(call, *models, match: str):
    """The call raises a message containing `match`, and no row of `models` (nor the audit trail) changed."""
    models = models or (CoerciveMeasure,)
    before = rows(*models)
    with pytest.raises(ValidationError) as err:
        call()
    assert match in " ".join(err.value.messages)
    assert rows(*models) == before
    return err.value


def propose(sm, finding=None, kind="seize", **kw):
    params = {"reason": "压力容器未经检验，存在爆炸危险", "basis": "《安全生产法》第六十五条第一款第四项",
              "items": ITEMS, **kw}
    return svc.measure_propose(user=sm.officer, finding=finding or sm.real_finding(), kind=kind, **params)


def approved(sm, **kw):
    m = propose(sm, **kw)
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=True, opinion="程序合法")
    return svc.measure_approve(user=sm.approver, measure=m, approve=True, opinion="同意")


def execute(sm, m, **kw):
    params = {"officers": [sm.officer, sm.officer2], "scene_record": "现场扣押压力容器两台",
              "party_informed": True, "party_signed": True, **kw}
    return svc.measure_execute(user=sm.officer, measure=m, **params)


def test_proposal_stores_the_engines_answer_and_ground(sm):
    finding = sm.real_finding()
    m = propose(sm, finding)
    assert m.status == S.PROPOSED and m.finding == finding and m.party == finding.party
    assert m.engine_answer["measure"] == "seal_or_seize" and m.engine_answer["allowed"] is True
    assert "行政强制法第五条" in m.engine_ground
    assert m.items == ITEMS


def test_proposal_without_a_list_of_items_is_refused(sm):
    finding = sm.real_finding()
    refused(lambda: propose(sm, finding, items=[]), match="第二十四条")


def test_power_cut_refused_by_the_engine_is_not_proposed(sm):
    # 停止供电 without 重大事故隐患, refusal and real danger: the engine refuses it (安全生产法 art. 70)
    finding = sm.real_finding()
    refused(lambda: propose(sm, finding, kind="power_cut", items=[]), match="第七十条")


def test_ordinary_path_review_approve_execute_extend_lift(sm):
    m = approved(sm)
    assert (m.status, m.reviewed_by, m.approved_by) == (S.APPROVED, sm.reviewer, sm.approver)
    executed_at = timezone.make_aware(dt.datetime(2024, 10, 8, 10, 0))
    m = execute(sm, m, executed_at=executed_at)
    assert m.status == S.IN_FORCE and m.number.endswith("号") and "强〔2024〕" in m.number
    # 30 calendar days from 8 October (not moved to a working day): 7 November
    assert (m.starts_on, m.ends_on) == (dt.date(2024, 10, 8), dt.date(2024, 11, 7))
    assert set(m.officers.all()) == {sm.officer, sm.officer2}


def test_review_by_the_proposer_or_an_officer_is_refused(sm):
    m = propose(sm)
    before = rows(CoerciveMeasure)
    with pytest.raises(PermissionDenied):
        svc.measure_review(user=sm.officer, measure=m, passed=True)
    assert rows(CoerciveMeasure) == before


def test_approval_before_legal_review_is_refused(sm):
    m = propose(sm)
    refused(lambda: svc.measure_approve(user=sm.approver, measure=m, approve=True), match="法制审核")


def test_returned_review_ends_the_proposal(sm):
    m = propose(sm)
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=False, opinion="依据不足")
    assert m.status == S.RETURNED and m.review_passed is False
    refused(lambda: svc.measure_approve(user=sm.approver, measure=m, approve=True), match="法制审核")


def test_execution_without_approval_is_refused(sm):
    m = propose(sm)
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=True)
    refused(lambda: execute(sm, m), match="第十八条第一项")


def test_execution_gates_of_article_18(sm):
    m = approved(sm)
    refused(lambda: execute(sm, m, officers=[sm.officer]), match="第十八条第二项")
    refused(lambda: execute(sm, m, party_informed=False), match="第十八条第五项")
    refused(lambda: execute(sm, m, scene_record=" "), match="第十八条第七项")
    refused(lambda: execute(sm, m, party_signed=False), match="第十八条第八项")
    m = execute(sm, m, party_signed=False, signature_note="当事人拒绝签名，见证人张某签名")
    assert m.status == S.IN_FORCE and m.signature_note.startswith("当事人拒绝")


def test_emergency_measure_approved_within_24_hours(sm):
    m = propose(sm, emergency=True)
    m = execute(sm, m, executed_at=timezone.now() - dt.timedelta(hours=23))
    assert m.status == S.IN_FORCE and m.approved_at is None
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=True)
    m = svc.measure_approve(user=sm.approver, measure=m, approve=True)
    assert m.status == S.IN_FORCE and m.approved_at is not None


def test_emergency_measure_late_approval_is_refused(sm):
    m = propose(sm, emergency=True)
    m = execute(sm, m, executed_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=True)
    refused(lambda: svc.measure_approve(user=sm.approver, measure=m, approve=True), match="第十九条")
    # the late measure can only be lifted, on the art. 19 ground
    m = svc.measure_lift(user=sm.approver, measure=m, ground="not_approved", returned_items=ITEMS)
    assert m.status == S.LIFTED


def test_emergency_measure_not_approved_is_lifted_at_once(sm):
    m = propose(sm, emergency=True)
    m = execute(sm, m, executed_at=timezone.now() - dt.timedelta(hours=2))
    m = svc.measure_approve(user=sm.approver, measure=m, approve=False, opinion="不应当采取")
    assert (m.status, m.lift_ground, m.approved_at) == (S.LIFTED, "not_approved", None)
    assert m.returned_items == ITEMS


def test_one_extension_of_at_most_30_days(sm):
    m = execute(sm, approved(sm))
    ends = m.ends_on
    refused(lambda: svc.measure_extend(user=sm.approver, measure=m, days=31, reason="需检验",
                                       notified_on=timezone.localdate()), match="不得超过三十日")
    refused(lambda: svc.measure_extend(user=sm.approver, measure=m, days=10, reason="需检验", notified_on=None),
            match="书面告知")
    refused(lambda: svc.measure_extend(user=sm.approver, measure=m, days=10, reason=" ",
                                       notified_on=timezone.localdate()), match="第二十五条第二款")
    m = svc.measure_extend(user=sm.approver, measure=m, days=30, reason="需委托检验机构检验",
                           notified_on=timezone.localdate())
    assert m.ends_on == ends + dt.timedelta(days=30) and m.extension_approved_by == sm.approver
    refused(lambda: svc.measure_extend(user=sm.approver, measure=m, days=1, reason="再延长",
                                       notified_on=timezone.localdate()), match="只能延长一次")


def test_extension_by_an_officer_is_refused(sm):
    m = execute(sm, approved(sm))
    before = rows(CoerciveMeasure)
    with pytest.raises(PermissionDenied):
        svc.measure_extend(user=sm.officer, measure=m, days=5, reason="x", notified_on=timezone.localdate())
    assert rows(CoerciveMeasure) == before


def test_lift_needs_an_article_28_ground_and_the_return_list(sm):
    m = execute(sm, approved(sm))
    refused(lambda: svc.measure_lift(user=sm.officer, measure=m, ground="danger_removed", returned_items=ITEMS),
            match="解除理由")
    refused(lambda: svc.measure_lift(user=sm.officer, measure=m, ground="decided", returned_items=[]),
            match="第二十八条第二款")
    m = svc.measure_lift(user=sm.officer, measure=m, ground="decided", note="已作出处罚决定", returned_items=ITEMS)
    assert (m.status, m.lift_ground, m.returned_items) == (S.LIFTED, "decided", ITEMS)
    refused(lambda: svc.measure_lift(user=sm.officer, measure=m, ground="decided", returned_items=ITEMS),
            match="不能解除")


def test_suspension_ends_with_reinspection(sm):
    # 安全生产法 art. 65(1)(三): a major hidden danger that cannot be made safe while it is removed
    finding = sm.real_finding(facts={"harm": "none", "circumstances": ["major_hidden_danger", "imminent_danger"]})
    m = approved(sm, finding=finding, kind="temporary_suspension", items=[])
    m = execute(sm, m, scene_record="责令暂时停产")
    assert m.ends_on is None
    refused(lambda: svc.measure_lift(user=sm.officer, measure=m, ground="danger_removed", note=""), match="复查")
    m = svc.measure_lift(user=sm.officer, measure=m, ground="danger_removed", note="复查：隐患已排除")
    assert m.status == S.LIFTED


POWER_FACTS = {"harm": "none", "circumstances": ["major_hidden_danger", "imminent_danger",
                                                 "refused_temporary_measures"]}


def test_power_cut_needs_the_principal_supplier_notice_and_24_hours(sm):
    finding = sm.real_finding(facts=POWER_FACTS)
    m = propose(sm, finding, kind="power_cut", items=[])
    assert m.engine_answer["allowed"] is True
    m = svc.measure_review(user=sm.reviewer, measure=m, passed=True)
    refused(lambda: svc.measure_approve(user=sm.approver, measure=m, approve=True), match="主要负责人")
    BureauPrincipal.objects.create(org=sm.org, user=sm.approver)
    m = svc.measure_approve(user=sm.approver, measure=m, approve=True)
    refused(lambda: execute(sm, m, scene_record="停止供电"), match="书面通知供电单位")
    now = timezone.now()
    m = svc.power_cut_notify(user=sm.officer, measure=m, supplier="国网三明供电公司", supplier_notified_at=now,
                             party_notice_at=now - dt.timedelta(hours=23))
    refused(lambda: execute(sm, m, scene_record="停止供电"), match="提前二十四小时")
    m = svc.power_cut_notify(user=sm.officer, measure=m, supplier="国网三明供电公司", supplier_notified_at=now,
                             party_notice_at=now - dt.timedelta(hours=24))
    m = execute(sm, m, scene_record="停止供电", executed_at=now)
    assert m.status == S.IN_FORCE
    m = svc.measure_lift(user=sm.officer, measure=m, ground="complied", note="已停产整改，隐患消除")
    assert m.status == S.LIFTED


def test_each_step_is_audited(sm):
    from rouxing.core.models import AuditEvent

    m = execute(sm, approved(sm))
    events = list(AuditEvent.objects.filter(object_type="enforcement.CoerciveMeasure", object_id=str(m.pk))
                  .order_by("pk").values_list("event", flat=True))
    assert events == ["enforcement.measure.propose", "enforcement.measure.review", "enforcement.measure.approve",
                      "enforcement.measure.execute"]
