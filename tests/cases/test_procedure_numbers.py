"""立案编号 and decision numbers from a locked per-bureau counter with unique constraints (issue 16)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from rouxing.cases import services as svc
from rouxing.cases.models import Case, CaseNumberCounter, ProcedureRules
from rouxing.cases.services.procedure import next_number

from .conftest import reload
from .test_procedure_gates import approved_case, issue


def test_registrations_take_consecutive_numbers_from_the_counter_not_a_count(sm):
    # given an earlier case numbered 7 in 2024 and the counter standing at 7
    CaseNumberCounter.objects.create(org=sm.org, kind="case", year=2024, last_seq=7)
    first = svc.case_escalate(user=sm.officer, finding=sm.finding(), registered_on=dt.date(2024, 10, 20))
    second = svc.case_escalate(user=sm.officer, finding=sm.finding(), registered_on=dt.date(2024, 10, 21))
    short = sm.org.short_name or sm.org.name
    assert (first.number, second.number) == (f"{short}立〔2024〕8号", f"{short}立〔2024〕9号")
    assert CaseNumberCounter.objects.get(org=sm.org, kind="case", year=2024).last_seq == 9


def test_the_pattern_is_the_bureaus(sm):
    ProcedureRules.objects.create(org=sm.org, case_number_pattern="{short}应急立字〔{year}〕第{seq}号")
    case = svc.case_escalate(user=sm.officer, finding=sm.finding(), registered_on=dt.date(2025, 3, 3))
    assert case.number == f"{sm.org.short_name or sm.org.name}应急立字〔2025〕第1号"


def test_duplicate_numbers_are_refused_by_the_database(sm):
    case = sm.case()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(org=sm.org, party=sm.party, number=case.number, title="x",
                            registered_on=dt.date(2024, 10, 20), registered_by=sm.officer)


def test_no_penalty_decisions_are_numbered_from_their_own_counter(sm):
    case = approved_case(sm)
    Case.objects.filter(pk=case.pk).update(proposed_outcome="no_penalty", proposed_fine=0)
    decision = issue(sm, reload(case), outcome="no_penalty", fine_amount=0)
    assert decision.number == f"{sm.org.short_name or sm.org.name}不罚〔2024〕1号" and decision.document is None


def _take(org_pk: int) -> str:
    from rouxing.orgs.models import Org

    try:
        with transaction.atomic():
            return next_number(org=Org.objects.get(pk=org_pk), kind="case", year=2030)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_numbers(demo):
    org = demo.org("SM-YJJ")
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(_take, [org.pk] * 40))
    short = org.short_name or org.name
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [f"{short}立〔2030〕{n}号" for n in range(1, 41)]
    assert CaseNumberCounter.objects.get(org=org, kind="case", year=2030).last_seq == 40


def test_the_approver_sets_the_procedure_rules_and_refusals_store_nothing(sm, demo):
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.urls import reverse

    with pytest.raises(PermissionDenied):
        svc.procedure_rules_update(user=sm.officer, org_id=sm.org.pk, expected_version=None, hearing_fine_unit=50000)
    with pytest.raises(ValidationError, match="第六十条"):
        svc.procedure_rules_update(user=sm.approver, org_id=sm.org.pk, expected_version=None, decision_days=120)
    with pytest.raises(ValidationError, match="必须包含"):
        svc.procedure_rules_update(user=sm.approver, org_id=sm.org.pk, expected_version=None,
                                   case_number_pattern="{short}立{seq}号")
    assert not ProcedureRules.objects.filter(org=sm.org).exists()
    client = demo.client("sm_approver")
    url = reverse("cases:procedure_rules")
    assert "较大数额罚款：个人" in client.get(url).content.decode()
    response = client.post(url, {"lock_version": 0, "hearing_fine_person": 20000, "hearing_fine_unit": 50000,
                                 "collective_discussion_fine": 100000, "collective_discussion_on_departure": "on",
                                 "decision_days": 90, "case_number_pattern": "{short}立〔{year}〕{seq}号",
                                 "no_penalty_number_pattern": "{short}不罚〔{year}〕{seq}号"})
    assert response.status_code == 302
    rules = ProcedureRules.objects.get(org=sm.org)
    assert (rules.hearing_fine_person, rules.hearing_fine_unit, rules.collective_discussion_fine) == \
        (20000, 50000, 100000)
    assert demo.client("sm_officer1").get(url).status_code == 403
