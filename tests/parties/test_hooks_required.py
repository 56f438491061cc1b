"""Credit repair / withdrawal needs the cases app's hook: without it the service refuses (HookMissing)
and changes nothing — it never withdraws the credit record while the decision stays public."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.core.hooks import HookMissing
from rouxing.core.models import AuditEvent
from rouxing.parties.hooks import PUBLICITY_WITHDRAW
from rouxing.parties.models import CreditRecord

from .test_credit_workflow import published_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_withdraw_hook():
    provider = PUBLICITY_WITHDRAW.clear()
    yield
    PUBLICITY_WITHDRAW.provide(provider)


def test_withdrawal_without_the_cases_hook_raises_and_changes_nothing(demo, no_withdraw_hook):
    from rouxing.cases.models import PenaltyDecision
    from rouxing.parties.services import credit_record_withdraw

    party = demo.party("SM-YJJ", kind="enterprise")
    decision = published_decision(demo, party)
    record = decision.publicity_record
    events = AuditEvent.objects.count()
    with pytest.raises(HookMissing, match="parties.publicity_withdraw"):
        credit_record_withdraw(actor=demo.user("sm_officer1"), record=record, withdrawn_on=dt.date(2026, 1, 7),
                               expected_version=record.lock_version)
    assert CreditRecord.objects.get(pk=record.pk).withdrawn_on is None
    assert PenaltyDecision.objects.get(pk=decision.pk).is_public is True
    assert AuditEvent.objects.count() == events


def test_with_the_hook_the_same_withdrawal_goes_through(demo):
    from rouxing.cases.models import PenaltyDecision
    from rouxing.parties.services import credit_record_withdraw

    party = demo.party("SM-YJJ", kind="enterprise")
    decision = published_decision(demo, party)
    record = decision.publicity_record
    credit_record_withdraw(actor=demo.user("sm_officer1"), record=record, withdrawn_on=dt.date(2026, 1, 7),
                           expected_version=record.lock_version)
    assert CreditRecord.objects.get(pk=record.pk).withdrawn_on == dt.date(2026, 1, 7)
    assert PenaltyDecision.objects.get(pk=decision.pk).is_public is False
