"""信用管理 workflow (seed 002 item 6): 暂不列入/暂缓列入, 信用修复 (withdraws the publicity), 移出名单."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rouxing.core.models import AuditEvent
from rouxing.parties import credit
from rouxing.parties.models import CreditAction, CreditRecord
from rouxing.parties.selectors import credit_facts_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def party(demo):
    return demo.party("SM-YJJ", kind="enterprise")


def published_decision(demo, party, decided_on=D(2025, 1, 6)):
    """A penalty decision of 三明 for `party`, published through the cases service."""
    from rouxing.cases.models import Case, LegalReview, PenaltyDecision
    from rouxing.cases.services import decision_publish

    officer = demo.user("sm_officer1")
    case = Case.objects.create(org=party.org, party=party, number="明应急立〔2025〕C1号", title="未如实记录培训情况",
                               registered_on=decided_on - dt.timedelta(days=30), registered_by=officer,
                               status="decided")
    review = LegalReview.objects.create(case=case, submitted_by=officer, submitted_at="2025-01-02T09:00:00+08:00",
                                        result="approved")
    decision = PenaltyDecision.objects.create(case=case, legal_review=review, number="明应急罚决〔2025〕C1号",
                                              outcome="standard", fine_amount=20000, reasoning="说理",
                                              decided_on=decided_on, decided_by=officer)
    return decision_publish(user=officer, decision=decision, expected_version=decision.lock_version)


def propose(demo, party, **kw):
    params = {"kind": "deferred", "reason": "首次违法，危害后果轻微，已在责令期限内改正", "applied_on": D(2025, 3, 1),
              "period_end": D(2025, 9, 1), **kw}
    return credit.credit_action_propose(actor=demo.user("sm_officer1"), party=party, **params)


def decide(demo, action, *, approve=True, on=D(2025, 3, 5), reason="同意", username="sm_approver"):
    return credit.credit_action_decide(actor=demo.user(username), action=action, approve=approve, reason=reason,
                                       decided_on=on, expected_version=action.lock_version)


def test_deferred_listing_approved_writes_the_record_with_its_period(demo, party):
    # given an officer's proposal to defer blacklisting
    action = propose(demo, party)
    # when the 负责人 approves it
    action = decide(demo, action)
    # then a 暂不列入/暂缓列入 record runs until the period's end and the party is not blacklisted
    record = action.result_record
    assert action.status == CreditAction.Status.APPROVED
    assert (record.kind, record.occurred_on, record.expires_on) == ("deferred", D(2025, 3, 5), D(2025, 9, 1))
    facts = credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=D(2025, 4, 1))
    assert facts["not_blacklisted"] is True
    assert AuditEvent.objects.filter(event="credit_action.decide", object_id=str(action.pk)).exists()


def test_deferral_without_period_is_refused_and_nothing_saved(demo, party):
    with pytest.raises(ValidationError, match="期限"):
        propose(demo, party, period_end=None)
    assert not CreditAction.objects.filter(party=party).exists()


def test_refusal_needs_a_reason_and_writes_no_record(demo, party):
    action = propose(demo, party)
    with pytest.raises(ValidationError, match="审批意见"):
        decide(demo, action, approve=False, reason="")
    action = decide(demo, CreditAction.objects.get(pk=action.pk), approve=False, reason="非首次违法")
    assert action.status == CreditAction.Status.REFUSED and action.result_record is None
    assert not CreditRecord.objects.filter(party=party, kind="deferred").exists()


def test_repair_before_the_minimum_publicity_period_is_refused(demo, party):
    decision = published_decision(demo, party)
    action = propose(demo, party, kind="repair", target=decision.publicity_record, period_end=None,
                     reason="已缴清罚款并完成整改，作出信用承诺", applied_on=D(2025, 2, 1))
    # 2025-01-06 + 3 months = 2025-04-06
    with pytest.raises(ValidationError, match="2025年04月06日"):
        decide(demo, action, on=D(2025, 4, 5))
    assert CreditAction.objects.get(pk=action.pk).status == "proposed"
    assert Client().get(f"/public/decisions/{decision.pk}/").status_code == 200


def test_repair_approval_withdraws_the_publicity_from_the_portal(demo, party):
    # given a published decision and a repair application on its publicity record
    decision = published_decision(demo, party)
    assert "C1号" in Client().get("/public/decisions/bureaus/SM-YJJ/").content.decode()
    action = propose(demo, party, kind="repair", target=decision.publicity_record, period_end=None,
                     reason="已缴清罚款并完成整改，作出信用承诺", applied_on=D(2025, 4, 7))
    # when the 负责人 approves it after the minimum period
    decide(demo, action, on=D(2025, 4, 8), reason="符合信用修复条件")
    # then the publicity record is withdrawn and the decision leaves the public pages
    from rouxing.cases.models import PenaltyDecision

    decision = PenaltyDecision.objects.get(pk=decision.pk)
    assert decision.publicity_withdrawn_at is not None and "信用修复" in decision.publicity_withdrawal_reason
    assert CreditRecord.objects.get(pk=decision.publicity_record_id).withdrawn_on == D(2025, 4, 8)
    assert CreditRecord.objects.filter(party=party, kind="repair").exists()
    assert "C1号" not in Client().get("/public/decisions/bureaus/SM-YJJ/").content.decode()
    assert Client().get(f"/public/decisions/{decision.pk}/").status_code == 404


def test_repair_minimum_period_is_configurable(demo, party, settings):
    settings.PARTIES_REPAIR_MIN_PUBLICITY_MONTHS = 12
    decision = published_decision(demo, party)
    action = propose(demo, party, kind="repair", target=decision.publicity_record, period_end=None,
                     applied_on=D(2025, 4, 7))
    with pytest.raises(ValidationError, match="2026年01月06日"):
        decide(demo, action, on=D(2025, 4, 8))


def test_manual_withdrawal_of_the_credit_record_also_withdraws_the_decision(demo, party):
    from rouxing.cases.models import PenaltyDecision
    from rouxing.parties.services import credit_record_withdraw

    decision = published_decision(demo, party)
    record = decision.publicity_record
    credit_record_withdraw(actor=demo.user("sm_officer1"), record=record, withdrawn_on=D(2026, 1, 7),
                           expected_version=record.lock_version)
    assert PenaltyDecision.objects.get(pk=decision.pk).is_public is False


def test_removal_after_twelve_months_ends_the_listing(demo, party):
    listing = CreditRecord.objects.create(party=party, org=party.org, kind="blacklist", occurred_on=D(2024, 1, 10),
                                          expires_on=D(2027, 1, 10))
    action = propose(demo, party, kind="removal", target=listing, period_end=None, applied_on=D(2025, 1, 5),
                     reason="已纠正全部违法失信行为")
    with pytest.raises(ValidationError, match="2025年01月10日"):
        decide(demo, action, on=D(2025, 1, 9))
    decide(demo, CreditAction.objects.get(pk=action.pk), on=D(2025, 1, 10))
    facts = credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=D(2025, 2, 1))
    assert facts["not_blacklisted"] is True


def test_repair_target_must_be_a_publicity_record_of_the_party(demo, party):
    other = CreditRecord.objects.create(party=party, org=party.org, kind="accident", occurred_on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="行政处罚信息公示"):
        propose(demo, party, kind="repair", target=other, period_end=None)


def test_only_officers_propose_and_only_the_approver_decides(demo, party):
    for username in ("sm_reviewer", "sm_supervisor", "sm_approver", "mx_officer1"):
        with pytest.raises(PermissionDenied):
            credit.credit_action_propose(actor=demo.user(username), party=party, kind="deferred", reason="理由",
                                         applied_on=D(2025, 3, 1), period_end=D(2025, 9, 1))
    action = propose(demo, party)
    for username in ("sm_officer1", "sm_supervisor", "mx_approver"):
        with pytest.raises(PermissionDenied):
            decide(demo, action, username=username)
    assert CreditAction.objects.get(pk=action.pk).status == "proposed"
    assert CreditAction.objects.filter(party=party).count() == 1


FORM = {"action-kind": "deferred", "action-reason": "首次违法并及时改正", "action-applied_on": "2025-03-01",
        "action-period_end": "2025-09-01"}


def test_officer_proposes_from_the_party_page_and_approver_decides(demo, party):
    officer = demo.client("sm_officer1")
    assert 'id="credit-action-form"' in officer.get(f"/parties/{party.pk}/").content.decode()
    response = officer.post(f"/parties/{party.pk}/credit/actions/new/", FORM)
    assert response.status_code == 302
    action = CreditAction.objects.get(party=party)
    approver = demo.client("sm_approver")
    page = approver.get(f"/parties/credit/actions/{action.pk}/").content.decode()
    assert "负责人审批" in page
    response = approver.post(f"/parties/credit/actions/{action.pk}/", {
        "lock_version": action.lock_version, "result": "approve", "decided_on": "2025-03-05", "reason": "同意"})
    assert response.status_code == 302
    assert "已批准" in officer.get(f"/parties/{party.pk}/").content.decode()


def test_party_page_gives_each_form_its_own_field_ids(demo, party):
    # given the party page with both the 信用记录 form and the 提请 form
    page = demo.client("sm_officer1").get(f"/parties/{party.pk}/").content.decode()
    # then each `kind` dropdown has its own id, so each label points at its own field
    assert page.count('id="id_kind"') == 1
    assert page.count('id="id_action-kind"') == 1
    assert 'for="id_action-kind"' in page


def test_bad_proposal_keeps_what_was_typed(demo, party):
    response = demo.client("sm_officer1").post(f"/parties/{party.pk}/credit/actions/new/",
                                               {**FORM, "action-period_end": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "首次违法并及时改正" in text and "期限" in text
    assert not CreditAction.objects.filter(party=party).exists()


@pytest.mark.parametrize("username,status", [("sm_supervisor", 403), ("sm_reviewer", 403), ("mx_officer1", 404)])
def test_others_cannot_propose_on_the_page_and_nothing_changes(demo, party, username, status):
    response = demo.client(username).post(f"/parties/{party.pk}/credit/actions/new/", FORM)
    assert response.status_code == status
    assert not CreditAction.objects.filter(party=party).exists()


@pytest.mark.parametrize("username,get_status,post_status", [
    ("sm_supervisor", 200, 403), ("sm_officer1", 200, 403), ("mx_approver", 404, 404)])
def test_decision_page_scoping(demo, party, username, get_status, post_status):
    action = propose(demo, party)
    client = demo.client(username)
    page = client.get(f"/parties/credit/actions/{action.pk}/")
    assert page.status_code == get_status
    if get_status == 200:
        assert "提交审批意见" not in page.content.decode()
    response = client.post(f"/parties/credit/actions/{action.pk}/", {
        "lock_version": action.lock_version, "result": "approve", "decided_on": "2025-03-05", "reason": "同意"})
    assert response.status_code == post_status
    assert CreditAction.objects.get(pk=action.pk).status == "proposed"


def test_approver_panel_lists_pending_actions_of_the_own_bureau(demo, party, rf):
    from rouxing.parties.selectors import panels

    action = propose(demo, party)
    request = rf.get("/")
    request.user = demo.user("sm_approver")
    pending = [p for p in panels(request) if p["title"] == "待审批的信用管理事项"][0]
    assert [i["url"] for i in pending["items"]] == [f"/parties/credit/actions/{action.pk}/"]
    request.user = demo.user("mx_approver")
    other = [p for p in panels(request) if p["title"] == "待审批的信用管理事项"][0]
    assert other["items"] == []
