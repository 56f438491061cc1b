"""The catalogue's dated law in the database: validity dates and the earlier law travel from the demo catalogue
through `lists.Violation` to the engine, so 从旧兼从轻 (行政处罚法 art. 37) works on every entry point; a malformed
law period is refused by the service with a Chinese message and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.lists.decisions import evaluate
from rouxing.lists.models import Violation
from rouxing.lists.services import catalogue_load

pytestmark = pytest.mark.django_db
DRILL = "未按照规定制定生产安全事故应急救援预案或者未定期组织演练的"


def test_violation_rows_carry_their_validity_and_earlier_law(demo):
    row = Violation.objects.get(code="AQSC-097-06")
    assert row.valid_from == dt.date(2021, 9, 1) and row.valid_to is None
    assert "2021年6月10日第三次修正" in row.legal_source
    assert row.earlier_law[0]["valid_to"] == "2021-09-01" and row.earlier_law[0]["fine_max"] == 50000
    assert row.to_rule_dict()["earlier_law"] == row.earlier_law


def test_art_37_on_the_database_uses_the_law_at_the_violation_date(demo):
    facts = {"org": "三明市应急管理局", "date": "2022-03-01", "violation_date": "2021-06-01", "violation": DRILL,
             "party": {"kind": "enterprise", "industry": "general"}, "first_violation": False,
             "corrected": "within_deadline", "harm": "none"}
    decision = evaluate(facts)
    assert (decision["fine"]["statutory_min"], decision["fine"]["statutory_max"]) == (0, 50000)
    assert {(b["article"], b.get("edition")) for b in decision["legal_basis"]} >= {(94, "2014年修正"), (37, None)}
    later = evaluate({**facts, "violation_date": "2021-10-01"})
    assert (later["fine"]["statutory_min"], later["fine"]["statutory_max"]) == (0, 100000)


def test_a_malformed_law_period_is_refused_and_nothing_is_stored(demo):
    before = list(Violation.objects.order_by("code").values_list("code", "fine_max", "earlier_law"))
    rows = [{"code": "AQSC-097-06", "name": DRILL, "fine_max": 100000,
             "earlier_law": [{"fine_max": 50000, "valid_from": "2021-09-01", "valid_to": "2014-01-01"}]},
            {"code": "NEW-001", "name": "新事项", "fine_max": 1000}]
    with pytest.raises(ValidationError) as exc:
        catalogue_load(data=rows)
    assert "AQSC-097-06" in str(exc.value) and "施行期间无效" in str(exc.value)
    assert list(Violation.objects.order_by("code").values_list("code", "fine_max", "earlier_law")) == before
