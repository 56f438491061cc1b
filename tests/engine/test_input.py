"""Input validation: unknown fields, bureaus, violations and malformed values are refused in Chinese,
naming the field (contract: Errors)."""

from __future__ import annotations

import pytest

from rouxing.engine import EngineInputError, decide

from .rulebook import facts

ROWS = [
    ("unknown top-level field", {"colour": "red"}, "colour"),
    ("unknown party field", {"party": {"kind": "enterprise", "industry": "general", "size": 3}}, "party.size"),
    ("unknown bureau", {"org": "不存在的应急管理局"}, "org"),
    ("unknown violation", {"violation": "不存在的违法行为"}, "violation"),
    ("malformed date", {"date": "2024/06/01"}, "date"),
    ("impossible date", {"date": "2024-02-30"}, "date"),
    ("malformed violation date", {"violation_date": "昨天"}, "violation_date"),
    ("unknown corrected value", {"corrected": "soon"}, "corrected"),
    ("unknown harm value", {"harm": "some"}, "harm"),
    ("unknown industry", {"party": {"kind": "enterprise", "industry": "banking"}}, "party.industry"),
    ("unknown party kind", {"party": {"kind": "robot", "industry": "general"}}, "party.kind"),
    ("age out of range", {"party": {"kind": "person", "industry": "general", "age": -1}}, "party.age"),
    ("age as text", {"party": {"kind": "person", "industry": "general", "age": "15"}}, "party.age"),
    ("first_violation as text", {"first_violation": "yes"}, "first_violation"),
    ("unknown circumstance", {"circumstances": ["bad_luck"]}, "circumstances"),
    ("circumstances not a list", {"circumstances": "accident"}, "circumstances"),
    ("unknown coercive measure", {"coercive_measure": "arrest"}, "coercive_measure"),
    ("undeclared extra key", {"extra": {"no_fatal_accident_3y": True}}, "extra.no_fatal_accident_3y"),
    ("declared extra key of wrong type", {"extra": {"not_blacklisted": "yes"}}, "extra.not_blacklisted"),
    ("prior violation without date", {"prior_violations": [{"violation": "x"}]}, "prior_violations[0].date"),
    ("prior violation unknown field", {"prior_violations": [{"violation": "x", "date": "2024-01-01", "n": 1}]},
     "prior_violations[0].n"),
    ("unknown item code", {"item_code": "NO-SUCH-CODE", "violation": None}, "item_code"),
]


@pytest.mark.parametrize(("case", "overrides", "field"), ROWS, ids=[r[0] for r in ROWS])
def test_bad_input_is_refused_naming_the_field(source, case, overrides, field):
    payload = {k: v for k, v in facts(**overrides).items() if v is not None}
    with pytest.raises(EngineInputError) as err:
        decide(payload, source)
    assert err.value.field == field
    assert field in str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_missing_violation_and_item_code_is_refused(source):
    payload = facts()
    del payload["violation"]
    with pytest.raises(EngineInputError) as err:
        decide(payload, source)
    assert err.value.field == "violation"


def test_facts_must_be_an_object(source):
    with pytest.raises(EngineInputError):
        decide(["not", "an", "object"], source)


def test_declared_extra_key_is_accepted(source):
    assert decide(facts(extra={"not_blacklisted": True}), source).outcome == "no_penalty"


def test_org_by_code_is_accepted(source):
    assert decide(facts(org="T-YJJ"), source).outcome == "no_penalty"
