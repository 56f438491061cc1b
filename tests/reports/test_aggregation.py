"""Every cell of the report on a known data set, the roll-up over a city and its counties, and that
each cell's drill-down lists exactly the records counted (seed 001 annex 5 note 1)."""

from __future__ import annotations

import pytest

from rouxing.reports import aggregation
from rouxing.reports.definition import COLUMNS, Period, PeriodKind

ZERO = {c.key: 0 for c in COLUMNS}


def figures_for(demo, codes, period):
    ids = [demo.org(code).pk for code in codes]
    return aggregation.total(aggregation.compute(ids, period))


def test_city_bureau_alone_for_the_year(demo, known, period_2025):
    figures = figures_for(demo, ["SM-YJJ"], period_2025)
    assert figures == {**ZERO, "no_penalty": 1, "lighter": 1, "no_coercion": 1, "persuasion": 2, "guidance": 8,
                       "interview": 1}


def test_first_half_year_and_one_month(demo, known):
    h1 = figures_for(demo, ["SM-YJJ"], Period(PeriodKind.HALF, 2025, 1))
    assert h1 == {**ZERO, "no_penalty": 1, "no_coercion": 1, "persuasion": 1, "guidance": 5, "interview": 1}
    march = figures_for(demo, ["SM-YJJ"], Period(PeriodKind.MONTH, 2025, 3))
    assert march == {**ZERO, "persuasion": 1, "guidance": 5}


def test_county_with_person_time_columns_and_other(demo, known, period_2025):
    figures = figures_for(demo, ["MX-YJJ"], period_2025)
    assert figures == {**ZERO, "reduced": 1, "no_penalty": 1, "advice": 4, "reminder": 10, "return_visit": 1,
                       "other": 1}


def test_rollup_over_city_and_counties_excludes_other_cities(demo, known, period_2025):

    from rouxing.reports.selectors import build_snapshot

    # given 三明's 负责人, who reads the bureaus below it
    approver = demo.user("sm_approver")
    snap = build_snapshot(user=approver, org=demo.org("SM-YJJ"), period=period_2025, rollup=True)
    # then the roll-up holds 三明, 明溪 and 将乐 but not 昌吉
    assert {r["label"] for r in snap["rows"]} == {"三明市应急管理局", "明溪县应急管理局", "将乐县应急管理局"}
    assert snap["rows"][0]["label"] == "三明市应急管理局"
    assert snap["total"] == {**ZERO, "no_penalty": 2, "reduced": 1, "lighter": 1, "no_coercion": 1,
                             "persuasion": 3, "guidance": 8, "advice": 4, "reminder": 10, "interview": 1,
                             "admonition": 1, "return_visit": 1, "other": 1}
    jl = next(r for r in snap["rows"] if r["label"] == "将乐县应急管理局")
    assert jl["values"] == {**ZERO, "persuasion": 1, "admonition": 1}


@pytest.mark.parametrize("codes", [["SM-YJJ"], ["MX-YJJ"], ["SM-YJJ", "MX-YJJ", "JL-YJJ"]])
def test_each_cell_drill_down_lists_exactly_the_records_counted(demo, known, period_2025, codes):
    ids = [demo.org(code).pk for code in codes]
    figures = aggregation.total(aggregation.compute(ids, period_2025))
    for col in COLUMNS:
        records = list(aggregation.cell_records(ids, period_2025, col.key))
        # the expected records: those the data set created for these bureaus inside 2025
        pool = known.measures if col.source != "decision" else known.findings
        expected = {o.pk for code in codes for o in pool.get((code, col.key), [])
                    if period_2025.start <= (getattr(o, "performed_on", None) or o.decided_on) <= period_2025.end}
        assert {r.pk for r in records} == expected, col.key
        value = sum(r.person_count for r in records) if col.sums_persons else len(records)
        assert figures[col.key] == value == aggregation.cell_value(
            aggregation.cell_records(ids, period_2025, col.key), col.key), col.key


def test_every_counted_record_has_its_written_record(demo, known, period_2025):
    ids = [demo.org(code).pk for code in ("SM-YJJ", "MX-YJJ", "JL-YJJ")]
    for col in COLUMNS:
        for record in aggregation.cell_records(ids, period_2025, col.key):
            text = record.content if col.source != "decision" else record.description + record.basis
            assert text.strip(), (col.key, record.pk)


def test_a_case_penalty_decision_overrides_the_finding_choice(demo, known, period_2025):
    from django.utils import timezone

    from rouxing.cases.models import Case, LegalReview, PenaltyDecision

    # given 三明's 从轻 finding whose case ended in a 减轻 penalty decision
    finding = known.findings[("SM-YJJ", "lighter")][0]
    user = demo.user("sm_officer1")
    case = Case.objects.create(org=finding.org, party=finding.party, title="案", registered_on=finding.found_on,
                               registered_by=user)
    review = LegalReview.objects.create(case=case, submitted_by=user, submitted_at=timezone.now(),
                                        result=LegalReview.Result.APPROVED, reviewer=demo.user("sm_reviewer"),
                                        reviewed_at=timezone.now())
    PenaltyDecision.objects.create(case=case, legal_review=review, outcome="reduced", fine_amount=1000,
                                   reasoning="说理", decided_on=finding.decided_on, decided_by=demo.user("sm_approver"))
    finding.case = case
    finding.save(update_fields=["case"])
    # then the report counts it as 减轻, not 从轻
    figures = figures_for(demo, ["SM-YJJ"], period_2025)
    assert (figures["lighter"], figures["reduced"]) == (0, 1)
