"""不予行政强制 under 昌吉's list (seed 002) and column 4 of the statistics report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.cases.models import Finding
from rouxing.enforcement import services as svc
from rouxing.enforcement.models import CoercionWithheld

from .conftest import rows

ON = dt.date(2025, 4, 8)


def test_changji_item_1_withholds_a_suspension_and_is_recorded(cj):
    finding = cj.real_finding(on=ON)
    record = svc.coercion_withhold(user=cj.officer, finding=finding, measure="temporary_suspension", considered_on=ON)
    assert (record.list_item.list_kind, record.list_item.seq) == ("no_coercion", 1)
    assert record.list_item.version.org.code == "CJ-YJJ"
    assert record.item_ref["seq"] == 1 and "不予实施行政强制措施清单第1项" in record.reason
    finding = Finding.objects.get(pk=finding.pk)
    assert finding.coercion_withheld is True and finding.facts["coercive_measure"] == "temporary_suspension"


def test_withholding_refused_when_there_is_a_real_danger(cj):
    finding = cj.real_finding(on=ON, facts={"harm": "none", "circumstances": ["imminent_danger"]})
    before = rows(CoercionWithheld, Finding)
    with pytest.raises(ValidationError) as err:
        svc.coercion_withhold(user=cj.officer, finding=finding, measure="temporary_suspension", considered_on=ON)
    assert "不予实施行政强制措施清单" in err.value.messages[0] and "第五条" in err.value.messages[0]
    assert rows(CoercionWithheld, Finding) == before


def test_withholding_refused_where_the_bureau_has_no_such_item(sm):
    # 三明's lists have no 不予行政强制 item (seed 000 annex 4 is empty)
    finding = sm.real_finding()
    before = rows(CoercionWithheld, Finding)
    with pytest.raises(ValidationError):
        svc.coercion_withhold(user=sm.officer, finding=finding, measure="seal", considered_on=ON)
    assert rows(CoercionWithheld, Finding) == before


def test_withheld_measure_cannot_then_be_proposed(cj):
    finding = cj.real_finding(on=ON)
    svc.coercion_withhold(user=cj.officer, finding=finding, measure="equipment_stop", considered_on=ON)
    with pytest.raises(ValidationError) as err:
        svc.measure_propose(user=cj.officer, finding=finding, kind="equipment_stop", reason="r", basis="b")
    assert "不予行政强制" in err.value.messages[0]


def test_report_column_4_counts_the_withheld_records(cj):
    from rouxing.cases.services import finding_close
    from rouxing.reports.aggregation import cell_records, compute
    from rouxing.reports.definition import Period

    period = Period.parse("2025")
    start = compute([cj.org.pk], period)[cj.org.pk]["no_coercion"]
    first = cj.real_finding(on=ON)
    second = cj.real_finding(on=ON)
    svc.coercion_withhold(user=cj.officer, finding=first, measure="temporary_suspension", considered_on=ON)
    svc.coercion_withhold(user=cj.officer, finding=second, measure="power_cut", considered_on=ON)
    # a finding counts when its outcome becomes final: both are first violations, closed 不予处罚 (昌吉 item 1)
    finding_close(user=cj.officer, finding=Finding.objects.get(pk=first.pk), closed_on=ON)
    assert compute([cj.org.pk], period)[cj.org.pk]["no_coercion"] == start + 1
    finding_close(user=cj.officer, finding=Finding.objects.get(pk=second.pk), closed_on=ON)
    figure = compute([cj.org.pk], period)[cj.org.pk]["no_coercion"]
    assert figure == start + 2
    listed = set(cell_records([cj.org.pk], period, "no_coercion").values_list("pk", flat=True))
    assert {first.pk, second.pk} <= listed and len(listed) == figure
