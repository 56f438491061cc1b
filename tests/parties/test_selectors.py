"""credit_facts_for (facts the decision engine may use) and the permit-renewal workbench panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from rouxing.parties import selectors
from rouxing.parties.models import CreditRecord

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


def _record(party, kind, occurred_on, **extra):
    return CreditRecord.objects.create(party=party, org=party.org, kind=kind, occurred_on=occurred_on, **extra)


def test_clean_party_has_no_fatal_accident_and_is_not_blacklisted(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    party.credit_records.all().delete()
    facts = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    assert facts == {"no_fatal_accident_3y": True, "not_blacklisted": True}


def test_fatal_accident_within_three_years_counts(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    _record(party, CreditRecord.Kind.ACCIDENT, dt.date(2024, 1, 10), fatal=True)
    facts = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    assert facts["no_fatal_accident_3y"] is False


def test_fatal_accident_older_than_three_years_does_not_count(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    _record(party, CreditRecord.Kind.ACCIDENT, dt.date(2023, 5, 31), fatal=True)
    facts = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    assert facts["no_fatal_accident_3y"] is True


def test_blacklisting_in_force_until_removed(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    _record(party, CreditRecord.Kind.BLACKLIST, dt.date(2025, 1, 1))
    listed = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    _record(party, CreditRecord.Kind.REMOVAL, dt.date(2026, 3, 1))
    removed = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    assert listed["not_blacklisted"] is False
    assert removed["not_blacklisted"] is True


def test_deferred_listing_is_not_a_blacklisting(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    _record(party, CreditRecord.Kind.DEFERRED, dt.date(2026, 1, 1))
    facts = selectors.credit_facts_for(org=party.org, uscc=party.uscc, id_number=None, on_date=DAY)
    assert facts["not_blacklisted"] is True


def test_other_bureau_records_are_not_used(demo):
    party = demo.party("CJ-YJJ", kind="enterprise")
    facts = selectors.credit_facts_for(org=demo.org("SM-YJJ"), uscc=party.uscc, id_number=None, on_date=DAY)
    assert facts == {}


def test_person_found_by_id_number(demo):
    person = demo.party("CJ-YJJ", kind="person")
    _record(person, CreditRecord.Kind.ACCIDENT, dt.date(2026, 1, 1), fatal=True)
    facts = selectors.credit_facts_for(org=person.org, uscc=None, id_number=person.id_number.lower(), on_date=DAY)
    assert facts["no_fatal_accident_3y"] is False


def test_renewal_panel_lists_permits_expiring_within_three_months(demo):
    # given one permit expiring in 60 days and one in 200 days
    today = dt.date.today()
    soon = demo.party("MX-YJJ", kind="enterprise")
    later = demo.party("MX-YJJ", kind="enterprise", pk__gt=soon.pk)
    type(soon).objects.filter(pk=soon.pk).update(permit_expiry=today + dt.timedelta(days=60))
    type(later).objects.filter(pk=later.pk).update(permit_expiry=today + dt.timedelta(days=200))
    request = RequestFactory().get("/")
    request.user = demo.user("mx_officer1")
    # when the workbench panels are collected
    panel = selectors.panels(request)[0]
    labels = [item["label"] for item in panel["items"]]
    # then only the permit inside the three-month window is listed
    assert soon.name in labels
    assert later.name not in labels


def test_renewal_panel_is_on_the_workbench(demo):
    soon = demo.party("MX-YJJ", kind="enterprise")
    type(soon).objects.filter(pk=soon.pk).update(permit_expiry=dt.date.today() + dt.timedelta(days=30))
    response = demo.client("mx_officer1").get("/")
    assert "许可证延续提示" in response.text
    assert soon.name in response.text


def test_withdrawal_panel_lists_ended_publicity_not_yet_withdrawn(demo):
    party = demo.party("MX-YJJ", kind="enterprise")
    other = demo.party("MX-YJJ", kind="enterprise", pk__gt=party.pk)
    _record(party, CreditRecord.Kind.PENALTY_PUBLICITY, dt.date(2025, 1, 1), expires_on=dt.date(2025, 7, 1))
    _record(other, CreditRecord.Kind.PENALTY_PUBLICITY, dt.date(2025, 1, 1), expires_on=dt.date(2025, 7, 1),
            withdrawn_on=dt.date(2025, 7, 2))
    request = RequestFactory().get("/")
    request.user = demo.user("mx_officer1")
    panel = next(p for p in selectors.panels(request) if p["title"] == "应撤回的行政处罚公示")
    labels = [item["label"] for item in panel["items"]]
    assert party.name in labels
    assert other.name not in labels
