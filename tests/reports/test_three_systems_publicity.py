"""三项制度执行率 with the real publicity record: published_at against the 公示期限 in working days."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rouxing.reports import oversight

from .test_oversight import closed_case

D = dt.date


def _set_publicity(case, *, published_on: D | None, deadline: D | None = None):
    from rouxing.cases.models import PenaltyDecision
    from rouxing.cases.services import publicity_deadline_for

    decision = PenaltyDecision.objects.get(case=case)
    decision.publicity_deadline = deadline or publicity_deadline_for(decision.decided_on)
    decision.published_at = (timezone.make_aware(dt.datetime.combine(published_on, dt.time(16)))
                             if published_on else None)
    decision.save(update_fields=["publicity_deadline", "published_at"])
    return decision


def test_publicity_on_the_last_working_day_after_national_day_counts_and_one_day_later_does_not(demo, period_2025):
    # given decisions of Friday 2025-09-26; 7 working days (9-28 and 10-11 are 调休 workdays, 10-01..10-08 off)
    # end on 2025-10-13
    on_time = closed_case(demo, decided_on=D(2025, 9, 26))
    late = closed_case(demo, decided_on=D(2025, 9, 26))
    never = closed_case(demo, decided_on=D(2025, 9, 26))
    assert _set_publicity(on_time, published_on=D(2025, 10, 13)).publicity_deadline == D(2025, 10, 13)
    _set_publicity(late, published_on=D(2025, 10, 14))
    _set_publicity(never, published_on=None)
    # when the rate is computed
    metric = oversight.three_systems([demo.org("SM-YJJ").pk], period_2025)
    # then only the decision actually published by its deadline meets the publicity part
    assert metric.record_ids == [on_time.pk]
    assert set(metric.missing_ids) == {late.pk, never.pk}


def test_no_penalty_decision_needs_no_publicity(demo, period_2025):
    from rouxing.cases.models import PenaltyDecision

    case = closed_case(demo, decided_on=D(2025, 7, 1))
    PenaltyDecision.objects.filter(case=case).update(outcome="no_penalty", fine_amount=0, published_at=None)
    metric = oversight.three_systems([demo.org("SM-YJJ").pk], period_2025)
    assert (metric.numerator, metric.denominator) == (1, 1)
