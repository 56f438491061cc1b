"""Two officers saving the same party at the same moment: exactly one wins, the other is told (real threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from rouxing.core.locking import EditConflict
from rouxing.parties import services
from rouxing.parties.models import Party


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_one_wins_one_conflicts(demo):
    # given two officers who both loaded the same version of a party
    party = demo.party("MX-YJJ", kind="enterprise")
    loaded = party.lock_version
    officers = [demo.user("mx_officer1"), demo.user("mx_officer2")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(officer, grade):
        try:
            mine = Party.objects.get(pk=party.pk)
            barrier.wait(timeout=10)
            services.party_update(actor=officer, party=mine, data={"grade": grade}, expected_version=loaded)
            outcomes.append(f"saved:{grade}")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    # when both save at once
    threads = [threading.Thread(target=save, args=(officer, grade)) for officer, grade in zip(officers, "AD", strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then one save stands, the other is refused, and the stored grade is the winner's
    party.refresh_from_db()
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "saved"]
    assert f"saved:{party.grade}" in outcomes
    assert party.lock_version == loaded + 1
