"""Selectors other apps use: party history (首次被发现), measures and decisions per period, worklist."""

import datetime as dt

from django.db.models import Sum

from rouxing.cases import selectors
from rouxing.cases.services import measure_record, rectification_order
from rouxing.lists.models import FlexibleMethod


def test_every_recorded_measure_shows_up_with_its_record(sm):
    # given measures of several methods in November 2024 and one outside the period
    advice = FlexibleMethod.objects.get(code="advice")  # 人次
    admonition = FlexibleMethod.objects.get(code="admonition")  # 件
    recorded = [
        measure_record(user=sm.officer, party=sm.party, method=advice, performed_on=dt.date(2024, 11, 3),
                       recipient="企业主要负责人及安全员", content="建议建立培训档案制度", person_count=3),
        measure_record(user=sm.officer, party=sm.party, method=admonition, performed_on=dt.date(2024, 11, 4),
                       recipient="企业主要负责人", content="告诫按期整改，下不为例", person_count=5),
        measure_record(user=sm.officer, party=sm.party, method=admonition, performed_on=dt.date(2024, 11, 30),
                       recipient="企业", content="再次告诫"),
    ]
    measure_record(user=sm.officer, party=sm.party, method=advice, performed_on=dt.date(2024, 12, 1),
                   recipient="企业", content="期外")
    # when the period is read
    rows = selectors.measures_for_period([sm.org.pk], dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    # then each measure appears once with its written record, and units follow 件/人次
    by_pk = {r.pk: r for r in rows}
    assert set(by_pk) == {m.pk for m in recorded}
    assert by_pk[recorded[0].pk].content == "建议建立培训档案制度"
    counts = {r["method_code"]: r["n"] for r in rows.values("method_code").annotate(n=Sum("units"))}
    assert counts == {"advice": 3, "admonition": 2}


def test_measures_of_another_bureau_are_not_counted(sm, demo):
    advice = FlexibleMethod.objects.get(code="advice")
    mx_party = demo.party("MX-YJJ")
    measure_record(user=demo.user("mx_officer1"), party=mx_party, method=advice, performed_on=dt.date(2024, 11, 3),
                   recipient="企业", content="明溪的建议")
    rows = selectors.measures_for_period([sm.org.pk], dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert not rows.filter(content="明溪的建议").exists()


def test_prior_findings_are_found_by_uscc_before_the_date_only(sm):
    # given findings on 2024-03-01 and 2024-09-27
    sm.finding(on=dt.date(2024, 3, 1))
    sm.finding(on=dt.date(2024, 9, 27))
    # when history before 2024-09-27 is asked
    rows = list(selectors.prior_findings_for_party(org=sm.org, uscc=sm.party.uscc.lower(), id_number=None,
                                                   violation_code=sm.violation.code, before=dt.date(2024, 9, 27)))
    # then only the earlier one is returned
    assert rows == [(sm.violation.code, dt.date(2024, 3, 1))]


def test_prior_findings_without_identifiers_is_empty(sm):
    sm.finding(on=dt.date(2024, 3, 1))
    assert list(selectors.prior_findings_for_party(org=sm.org, uscc="", id_number="", violation_code=sm.violation.code,
                                                   before=dt.date(2025, 1, 1))) == []


def test_decisions_for_period_reports_the_adopted_outcome(sm):
    finding = sm.finding(outcome="no_penalty")
    finding.decided_on = dt.date(2024, 10, 10)
    finding.save()
    rows = selectors.decisions_for_period([sm.org.pk], dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert [(r.pk, r.outcome) for r in rows] == [(finding.pk, "no_penalty")]


def test_worklist_shows_overdue_and_this_weeks_deadlines(sm):
    # given two orders: one past its deadline, one due this week
    late = rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 9, 27), period=5)
    soon = rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 10, 14), period=3)
    # when the officer's worklist is read on Monday 2024-10-14
    data = selectors.worklist(sm.officer, today=dt.date(2024, 10, 14))
    # then the late one is overdue and the other falls due this week
    assert late in [r["obj"] for r in data["overdue"]]
    assert soon in [r["obj"] for r in data["due"]]
    assert soon.deadline == dt.date(2024, 10, 17)


def test_measure_dated_before_the_finding_is_refused(sm):
    import pytest
    from django.core.exceptions import ValidationError

    finding = sm.finding(on=dt.date(2024, 9, 27))
    with pytest.raises(ValidationError, match="不能早于"):
        measure_record(user=sm.officer, party=sm.party, finding=finding, method=FlexibleMethod.objects.get(code="advice"),
                       performed_on=dt.date(2024, 9, 1), recipient="企业", content="建议")
    assert not finding.measures.exists()


def test_party_history_holds_the_earlier_findings_newest_first_and_the_credit_facts(sm):
    # given two findings of the party (the History cases hands to lists.decisions.evaluate)
    sm.finding(on=dt.date(2024, 3, 1))
    sm.finding(on=dt.date(2024, 9, 27))
    history = selectors.party_history(org=sm.org, party={"uscc": sm.party.uscc.lower()}, on_date=dt.date(2024, 9, 27))
    assert history.findings == ((sm.violation.code, dt.date(2024, 9, 27)), (sm.violation.code, dt.date(2024, 3, 1)))
    # then the engine sees only the one strictly before the decision date
    assert history.prior_violations(party={}, violation_code=sm.violation.code, before=dt.date(2024, 9, 27)) == [
        (sm.violation.code, dt.date(2024, 3, 1))]
    assert history.credit == {"no_fatal_accident_3y": True, "not_blacklisted": True}
    assert selectors.party_history(org=sm.org, party={}, on_date=dt.date(2024, 9, 27)).findings == ()
