"""列入严重失信主体名单 and 移出名单 only through the approval flow (issue 13): the plain credit-record form and
service refuse listing kinds; an approved listing runs for the management period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.core.models import AuditEvent
from rouxing.parties import credit
from rouxing.parties.models import CreditAction, CreditRecord
from rouxing.parties.selectors import credit_facts_for
from rouxing.parties.services import credit_record_add

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def party(demo):
    return demo.party("SM-YJJ", kind="enterprise")


@pytest.mark.parametrize("kind", ["blacklist", "removal", "deferred", "repair"])
def test_plain_credit_record_service_refuses_listing_kinds_and_stores_nothing(demo, party, kind):
    before = CreditRecord.objects.count(), AuditEvent.objects.filter(event="credit_record.add").count()
    with pytest.raises(ValidationError, match="须经信用管理审批流程"):
        credit_record_add(actor=demo.user("sm_officer1"), party=party, kind=kind, occurred_on=D(2025, 3, 1))
    assert (CreditRecord.objects.count(), AuditEvent.objects.filter(event="credit_record.add").count()) == before


@pytest.mark.parametrize("kind", ["blacklist", "removal"])
def test_plain_credit_record_form_refuses_listing_kinds_with_a_chinese_message(demo, party, kind):
    response = demo.client("sm_officer1").post(f"/parties/{party.pk}/credit/", {
        "kind": kind, "occurred_on": "2025-03-01", "description": "直接列入"})
    assert response.status_code == 400
    assert "须经信用管理审批流程" in response.content.decode()
    assert not party.credit_records.filter(kind=kind).exists()


def test_plain_credit_record_form_offers_only_plain_kinds(demo, party):
    page = demo.client("sm_officer1").get(f"/parties/{party.pk}/").content.decode()
    form = page.split('id="id_kind"', 1)[1].split("</select>", 1)[0]
    assert "生产安全事故" in form and "行政处罚信息公示" in form
    assert "列入严重失信主体名单" not in form and "移出名单" not in form


def test_listing_is_proposed_by_the_officer_and_approved_by_the_approver_for_three_years(demo, party):
    # given an officer's proposal to list the party
    action = credit.credit_action_propose(actor=demo.user("sm_officer1"), party=party, kind="listing",
                                          reason="因重大事故隐患拒不整改被责令停产停业", applied_on=D(2025, 3, 1))
    assert not party.credit_records.filter(kind="blacklist").exists()
    # when the 负责人 approves it
    action = credit.credit_action_decide(actor=demo.user("sm_approver"), action=action, approve=True,
                                         reason="符合列入条件", decided_on=D(2025, 3, 5),
                                         expected_version=action.lock_version)
    # then a listing record runs for the 3-year management period and the engine sees it
    record = action.result_record
    assert (record.kind, record.occurred_on, record.expires_on) == ("blacklist", D(2025, 3, 5), D(2028, 3, 5))
    facts = credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=D(2026, 1, 1))
    assert facts["not_blacklisted"] is False


def test_listing_cannot_be_proposed_twice_while_in_force(demo, party):
    CreditRecord.objects.create(party=party, org=party.org, kind="blacklist", occurred_on=D(2025, 1, 10),
                                expires_on=D(2028, 1, 10))
    with pytest.raises(ValidationError, match="名单管理期限内不能重复列入"):
        credit.credit_action_propose(actor=demo.user("sm_officer1"), party=party, kind="listing",
                                     reason="再次列入", applied_on=D(2025, 3, 1))
    assert not CreditAction.objects.filter(party=party).exists()


def test_listing_cannot_be_approved_by_the_officer(demo, party):
    from django.core.exceptions import PermissionDenied

    action = credit.credit_action_propose(actor=demo.user("sm_officer1"), party=party, kind="listing",
                                          reason="拒不整改", applied_on=D(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        credit.credit_action_decide(actor=demo.user("sm_officer1"), action=action, approve=True, reason="同意",
                                    decided_on=D(2025, 3, 5), expected_version=action.lock_version)
    assert CreditAction.objects.get(pk=action.pk).status == "proposed"
    assert not party.credit_records.filter(kind="blacklist").exists()


def test_early_removal_of_an_approved_listing_waits_twelve_months(demo, party):
    officer, approver = demo.user("sm_officer1"), demo.user("sm_approver")
    listing = credit.credit_action_propose(actor=officer, party=party, kind="listing", reason="拒不整改",
                                           applied_on=D(2025, 3, 1))
    listing = credit.credit_action_decide(actor=approver, action=listing, approve=True, reason="同意",
                                          decided_on=D(2025, 3, 5), expected_version=listing.lock_version)
    removal = credit.credit_action_propose(actor=officer, party=party, kind="removal", reason="已整改",
                                           target=listing.result_record, applied_on=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="2026年03月05日"):
        credit.credit_action_decide(actor=approver, action=removal, approve=True, reason="同意",
                                    decided_on=D(2025, 6, 2), expected_version=removal.lock_version)
    assert not party.credit_records.filter(kind="removal").exists()
