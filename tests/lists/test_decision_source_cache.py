"""The compiled rule source is cached by the content of everything it embeds (lists.decisions): a change of the
benchmark, the catalogue or the bureau's look-back is seen by the very next decision."""

from __future__ import annotations

import pytest

from rouxing.lists import decisions
from rouxing.lists.models import Benchmark, Violation

FACTS = {"org": "三明市应急管理局", "date": "2024-06-01",
         "violation": "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的。",
         "party": {"kind": "enterprise", "industry": "mining"}, "first_violation": False,
         "corrected": "within_deadline", "harm": "none"}

pytestmark = pytest.mark.django_db


def test_same_data_reuses_the_compiled_source(demo):
    org = demo.org("SM-YJJ")
    assert decisions.rule_source_for(org) is decisions.rule_source_for(org)


def test_a_benchmark_change_is_seen_by_the_next_decision(demo):
    before = decisions.evaluate(FACTS)["fine"]
    base = Benchmark.objects.get(org__isnull=True)
    base.data = {**base.data, "default": {**base.data.get("default", {}), "standard": [0.5, 0.6]}}
    base.save()
    after = decisions.evaluate(FACTS)["fine"]
    assert after != before
    assert (after["band_min"], after["band_max"]) == (
        round(after["statutory_min"] + 0.5 * (after["statutory_max"] - after["statutory_min"])),
        round(after["statutory_min"] + 0.6 * (after["statutory_max"] - after["statutory_min"])))


def test_a_catalogue_change_is_seen_by_the_next_decision(demo):
    code = decisions.evaluate(FACTS)["violation"]["code"]
    entry = Violation.objects.get(code=code)
    Violation.objects.filter(pk=entry.pk).update(fine_max=entry.fine_max * 2)  # no updated_at change
    assert decisions.evaluate(FACTS)["fine"]["statutory_max"] == entry.fine_max * 2


def test_a_lookback_change_is_seen_by_the_next_decision(demo):
    org = demo.org("SM-YJJ")
    first = decisions.rule_source_for(org)
    org.first_violation_lookback_days = 30
    org.save()
    second = decisions.rule_source_for(org)
    assert second is not first
    assert second.org("SM-YJJ").lookback_days == 30
