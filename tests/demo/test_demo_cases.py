"""The demo enforcement work of `rouxing init` (rouxing.demo.cases): every state of the flow is present,
built through the services, the statistics report has figures whose drill-downs match, and a second
load adds nothing.

The data set is loaded once for the module inside a transaction that is rolled back at the end, so
the other tests still see only the rouxing.demo.seed data; each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count

from rouxing.cases.selectors import case_deliveries
from rouxing.demo.cases import load_demo_cases, summary_line

# A fixed "today" keeps the figures independent of the day the suite runs (all dates lie before it).
TODAY = dt.date(2026, 10, 15)
CODES = ("SM-YJJ", "MX-YJJ", "JL-YJJ", "CJ-YJJ")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """load_demo_cases once, in an outer transaction rolled back after the module's tests."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo_cases(today=TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def by_status(model, **filters) -> dict[str, int]:
    rows = model.objects.filter(**filters).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def test_each_bureau_gets_inspections_by_two_officers_over_fourteen_months(loaded, demo):
    from rouxing.cases.models import Inspection

    # then 40–60 inspections in all, every bureau has some, each by at least two badge holders
    inspections = Inspection.objects.filter(org__code__in=CODES).prefetch_related("officers")
    assert 40 <= inspections.count() <= 60 and loaded["inspections"] == inspections.count()
    assert {i.org.code for i in inspections.select_related("org")} == set(CODES)
    for inspection in inspections:
        officers = list(inspection.officers.all())
        assert len(officers) >= 2 and all(o.badge_no for o in officers)
    # and the dates span the last fourteen months up to "today"
    dates = sorted(inspections.values_list("inspected_on", flat=True))
    assert dates[-1] <= TODAY and (TODAY - dates[0]).days >= 360 and (TODAY - dates[0]).days <= 430
    assert {d.year for d in dates} == {TODAY.year - 1, TODAY.year}


def test_findings_rectification_and_commitments_reach_every_state(loaded, demo):
    from rouxing.cases.models import Commitment, Finding, RectificationOrder, ReturnVisit

    findings = by_status(Finding)
    assert findings.get("closed", 0) >= 20 and findings.get("rectifying", 0) >= 3 and findings.get("escalated")
    assert by_status(RectificationOrder).keys() >= {"open", "corrected", "overdue"}
    assert by_status(Commitment).keys() == {"signed", "fulfilled"}
    assert by_status(ReturnVisit).keys() == {"due", "done"}
    # no-penalty findings close with the 免罚不免责 note and an engine-recommended outcome
    closed = Finding.objects.filter(status="closed", chosen_outcome="no_penalty", case__isnull=True)
    assert closed.count() >= 15
    assert all(f.closing_note.startswith("免罚不免责") and f.recommended_outcome == "no_penalty" and f.decided_on
               for f in closed)
    assert all(f.list_item_id for f in closed.exclude(org__code="JL-YJJ"))


def test_penalty_cases_run_through_review_decision_payment_and_return_visit(loaded, demo):
    from rouxing.cases.models import Case, LegalReview, PenaltyDecision

    cases = by_status(Case)
    assert cases.get("closed", 0) >= 5 and cases.keys() >= {"closed", "executing", "under_review", "investigating"}
    # one review was returned once before being approved
    returned = LegalReview.objects.filter(result="returned")
    assert returned.exists()
    for review in returned:
        assert review.case.legal_reviews.filter(result="approved").exists()
    # decisions rest on an approved review, with the fine inside the engine's band; 减轻 and 从轻 appear
    decisions = PenaltyDecision.objects.select_related("legal_review", "case")
    assert {d.outcome for d in decisions} >= {"standard", "reduced", "lighter"}
    for decision in decisions:
        assert decision.legal_review.result == "approved"
        assert decision.band_min <= decision.fine_amount <= decision.band_max and decision.fine_amount > 0
    # closed penalty cases are paid in full, delivered, and their return visit is recorded or due
    for case in Case.objects.filter(status="closed"):
        assert case.execution.status == "completed" and case_deliveries(case).exists()
        assert case.return_visits.exists()
    instalments = Case.objects.filter(execution__kind="instalments")
    assert instalments.filter(status="closed").exists() and instalments.filter(status="executing").exists()


def test_decisions_meet_the_three_systems_and_closed_cases_are_reviewed(loaded, demo):
    from rouxing.cases.models import Case, PenaltyDecision
    from rouxing.reports import oversight
    from rouxing.reports.definition import Period, PeriodKind
    from rouxing.reports.models import CaseFileReview

    # every penalty decision was reviewed before it was made, published within its 公示期限, and its
    # case holds evidence (全过程记录)
    for decision in PenaltyDecision.objects.select_related("legal_review", "case"):
        assert decision.legal_review.reviewed_at.date() <= decision.decided_on
        assert decision.published_at is not None
        assert decision.published_at.date() <= decision.publicity_deadline
        assert decision.case.evidence_files.exists()
    ids = [demo.org(code).pk for code in CODES]
    metric = oversight.three_systems(ids, Period(PeriodKind.YEAR, TODAY.year))
    assert metric.denominator > 0 and metric.numerator == metric.denominator
    # closed cases are scored in a 案卷评议 a month after closing
    closed = Case.objects.filter(status="closed")
    reviews = CaseFileReview.objects.filter(case__in=closed)
    assert reviews.exists() and all(r.reviewed_on <= TODAY and r.total >= 90 for r in reviews)


def test_every_measure_has_its_written_record(loaded, demo):
    from rouxing.cases.models import FlexibleMeasure

    measures = FlexibleMeasure.objects.filter(org__code__in=CODES)
    assert measures.count() == loaded["measures"] >= 40
    codes = set(measures.values_list("method__code", flat=True))
    assert codes >= {"persuasion", "admonition", "advice", "interview", "guidance", "reminder", "return_visit"}
    for measure in measures:
        assert measure.content.strip() and measure.recipient.strip() and measure.performed_by_id
        assert measure.performed_on <= TODAY


def test_every_step_went_through_the_audited_services(loaded, demo):
    from rouxing.cases.models import Case, Finding
    from rouxing.core.models import AuditEvent

    findings = set(Finding.objects.values_list("pk", flat=True))
    audited = {int(pk) for pk in AuditEvent.objects.filter(event="cases.finding.record")
               .values_list("object_id", flat=True)}
    assert findings and findings <= audited
    for case in Case.objects.all():
        events = set(AuditEvent.objects.filter(object_id=str(case.pk), event__startswith="cases.case.")
                     .values_list("event", flat=True))
        assert "cases.case.register" in events


def test_plans_draws_and_documents_are_created(loaded, demo):
    from rouxing.documents.models import Document
    from rouxing.plans.models import InspectionPlan, RandomDraw

    plans = {p.org.code: p for p in InspectionPlan.objects.filter(year=TODAY.year).select_related("org")}
    assert set(plans) == set(CODES) and all(len(p.monthly_targets) == 12 for p in plans.values())
    assert {code for code, p in plans.items() if p.status == "approved"} == {"SM-YJJ", "MX-YJJ", "CJ-YJJ"}
    assert RandomDraw.objects.filter(plan__in=plans.values()).count() == 4
    issued = Document.objects.filter(status="issued")
    types = set(issued.values_list("doc_type", flat=True))
    assert types == {"suggestion", "warning", "interview", "guidance", "reminder", "return_visit", "commitment",
                     "rectification", "list_publication", "penalty_notice", "penalty_decision"}
    penalty_docs = ("penalty_notice", "penalty_decision")
    assert all(d.number and d.docx_sha256 for d in issued)
    assert issued.exclude(doc_type__in=penalty_docs).count() == loaded["documents"]
    # every penalty decision carries the number of its 行政处罚决定书, issued by the cases services
    from rouxing.cases.models import PenaltyDecision

    decisions = PenaltyDecision.objects.exclude(outcome="no_penalty").select_related("document")
    assert decisions.exists() and all(d.document and d.number == d.document.number for d in decisions)
    assert issued.filter(doc_type="penalty_decision").count() == decisions.count()
    assert Document.objects.filter(status="draft").exists()  # left on the 执法文书待办 panel


def test_statistics_report_for_the_year_has_figures_matching_their_drill_downs(loaded, demo):
    from rouxing.reports import aggregation
    from rouxing.reports.definition import COLUMNS, Period, PeriodKind

    ids = [demo.org(code).pk for code in CODES]
    period = Period(PeriodKind.YEAR, TODAY.year)
    figures = aggregation.total(aggregation.compute(ids, period))
    for key in ("no_penalty", "reduced", "lighter", "persuasion", "guidance", "admonition", "return_visit"):
        assert figures[key] > 0, key
    for col in COLUMNS:
        records = list(aggregation.cell_records(ids, period, col.key))
        counted = sum(r.person_count for r in records) if col.sums_persons else len(records)
        assert figures[col.key] == counted, col.key


def test_a_second_load_adds_nothing(loaded, demo):
    from rouxing.cases.models import Case, FlexibleMeasure, Inspection
    from rouxing.documents.models import Document

    before = [m.objects.count() for m in (Inspection, FlexibleMeasure, Case, Document)]
    again = load_demo_cases(today=TODAY)
    assert again == {} and summary_line(again) == "演示执法数据已存在，未重复载入。"
    assert [m.objects.count() for m in (Inspection, FlexibleMeasure, Case, Document)] == before
    assert summary_line(loaded).startswith("已载入演示执法数据：4个机关")


def test_steps_recorded_after_the_fact_refuse_dates_out_of_order(loaded, demo):
    from django.core.exceptions import ValidationError

    from rouxing.cases import services as cs
    from rouxing.cases.models import Case, PenaltyDecision
    from rouxing.cases.services.publicity import decision_publish

    # given the 三明 case waiting for legal review and a published decision
    case = Case.objects.get(org__code="SM-YJJ", status="under_review")
    review = case.legal_reviews.get(result="pending")
    decision = PenaltyDecision.objects.filter(case__org__code="SM-YJJ").first()
    day_before = dt.timedelta(days=1)
    # then a submission before the notice, a review before its submission and a publication before the
    # decision are refused with a Chinese message
    with pytest.raises(ValidationError, match="提请审核日期"):
        cs.legal_review_submit(user=demo.user("sm_officer1"), case=case, expected_version=case.lock_version,
                               submitted_on=case.notified_on - day_before)
    with pytest.raises(ValidationError, match="审核日期"):
        cs.legal_review_decide(user=demo.user("sm_reviewer"), review=review, result="approved", opinions="同意",
                               reviewed_on=review.submitted_at.date() - day_before)
    with pytest.raises(ValidationError, match="公示日期"):
        decision_publish(user=demo.user("sm_officer1"), decision=decision, expected_version=decision.lock_version,
                         published_on=decision.decided_on - day_before)
