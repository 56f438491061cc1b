"""Dated law: 行政处罚法 art. 37 (从旧兼从轻) compares the law in force at the violation date with the law in
force at the decision date, not only the bureau's list versions.

实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、规章已被修改或者
废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。

The example is the demo catalogue's AQSC-097-06 (未按照规定制定生产安全事故应急救援预案或者未定期组织演练的): since
2021-09-01 安全生产法 (2021年修正) art. 97 (六) — 十万元以下; 逾期 10万–20万, 停产停业整顿, persons 2万–5万. Before, the
2014 text's art. 94 as reported by 《生产安全事故应急预案管理办法》 (2016) art. 44 (shared/reference/legal_reference.md
2b.2) — 五万元以下; 逾期 5万–10万, 停产停业整顿, persons 1万–2万. The figures are those of the reference, nothing else.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from rouxing.engine import InMemoryRuleSource, RuleDataError, decide
from rouxing.engine.rules import catalogue_entry

from .rulebook import demo_source, load_demo

XZCF = "中华人民共和国行政处罚法"
AQSC = "中华人民共和国安全生产法"
SM = "三明市应急管理局"
DRILL = "未按照规定制定生产安全事故应急救援预案或者未定期组织演练的"
DEMO = demo_source()


def drill(**overrides):
    facts = {"org": SM, "violation": DRILL, "party": {"kind": "enterprise", "industry": "general"},
             "first_violation": False, "corrected": "within_deadline", "harm": "none", "date": "2022-03-01"}
    facts.update(overrides)
    return facts


def articles(decision):
    return {(b["law"], b["article"], b.get("edition")) for b in decision.to_dict()["legal_basis"]}


# (case, facts, statutory range, person fine range or None, the law applied)
ART37_LAW = [
    ("violation before 2021-09-01, decided after: the old law is lighter and applies",
     drill(violation_date="2021-06-01"), (0, 50000), None, (AQSC, 94, "2014年修正")),
    ("逾期未改正 under the old law: 5万–10万, persons 1万–2万",
     drill(violation_date="2021-06-01", corrected="overdue"), (50000, 100000), (10000, 20000), (AQSC, 94, "2014年修正")),
    ("violation after 2021-09-01: only the new law",
     drill(violation_date="2021-10-01"), (0, 100000), None, (AQSC, 97, None)),
    ("no violation date: the law at the decision date",
     drill(), (0, 100000), None, (AQSC, 97, None)),
    ("逾期未改正 under the new law: 10万–20万, persons 2万–5万",
     drill(corrected="overdue"), (100000, 200000), (20000, 50000), (AQSC, 97, None)),
]


@pytest.mark.parametrize(("case", "facts", "statutory", "persons", "law"), ART37_LAW, ids=[r[0] for r in ART37_LAW])
def test_art_37_compares_the_law_at_both_dates(case, facts, statutory, persons, law):
    decision = decide(facts, DEMO)
    assert (decision.fine.statutory_min, decision.fine.statutory_max) == statutory
    assert [(p.statutory_min, p.statutory_max) for p in decision.person_fines] == ([persons] if persons else [])
    assert law in articles(decision)
    compared = [t for t in decision.trace if t["rule"] == "xzcf_37_lenient_law"]
    if facts.get("violation_date") == "2021-06-01":
        assert (XZCF, 37, None) in articles(decision)
        assert [t["result"] for t in compared] == ["chosen", "compared"]
        assert "2014年8月31日第二次修正" in compared[0]["law"] and "2021年6月10日第三次修正" in compared[1]["law"]
        assert "适用违法行为发生时的规定" in decision.explanation
        assert "《中华人民共和国安全生产法》（2014年修正）第九十四条" in decision.explanation
    else:
        assert compared == [] and (XZCF, 37, None) not in articles(decision)


def test_art_37_overdue_under_the_old_law_keeps_its_suspension():
    decision = decide(drill(violation_date="2021-06-01", corrected="overdue"), DEMO)
    assert [p.kind for p in decision.additional_penalties] == ["suspension_for_rectification"]
    assert decision.additional_penalties[0].legal_basis[0]["article"] == 94


def _with_new_law_lighter() -> InMemoryRuleSource:
    """The same entry with the periods swapped in weight: an old law heavier than the new one (a test fixture,
    not a statute: it checks that the new law applies when it is the lighter)."""
    catalogue = copy.deepcopy(load_demo("catalogue.json"))
    entry = next(c for c in catalogue if c["code"] == "AQSC-097-06")
    old = entry["earlier_law"][0]
    old["fine_max"], old["fine_min"] = 150000, 0
    return InMemoryRuleSource.from_dicts(catalogue=catalogue, versions=[load_demo("sanming.json")],
                                         benchmarks={"": load_demo("benchmark.json")})


def test_art_37_the_new_law_applies_when_it_is_lighter():
    decision = decide(drill(violation_date="2021-06-01"), _with_new_law_lighter())
    assert (decision.fine.statutory_min, decision.fine.statutory_max) == (0, 100000)
    assert (AQSC, 97, None) in articles(decision) and (XZCF, 37, None) in articles(decision)
    assert "适用决定时的规定" in decision.explanation


def test_art_37_law_periods_are_found_by_date():
    entry = catalogue_entry(next(c for c in load_demo("catalogue.json") if c["code"] == "AQSC-097-06"))
    assert entry.at(dt.date(2021, 8, 31)).fine_max == 50000
    assert entry.at(dt.date(2021, 9, 1)) is entry
    assert entry.valid_from == dt.date(2021, 9, 1) and entry.valid_to is None
    assert entry.earlier_law[0].valid_to == dt.date(2021, 9, 1)


BAD_PERIODS = [
    ("valid_to before valid_from", {"valid_from": "2021-09-01", "valid_to": "2021-01-01"}),
    ("malformed date", {"valid_to": "2021-13-01"}),
    ("并处 without when", {"consequences": [{"kind": "suspension_for_rectification"}]}),
    ("并处 of an unknown kind", {"consequences": [{"when": "overdue", "kind": "fine_everyone"}]}),
    ("并处 naming both a kind and persons", {"consequences": [{"when": "overdue", "kind": "closure", "who": "x"}]}),
]


@pytest.mark.parametrize(("case", "period"), BAD_PERIODS, ids=[r[0] for r in BAD_PERIODS])
def test_malformed_law_periods_are_refused(case, period):
    raw = {"code": "X-1", "name": "某违法行为", "penalty": [], "fine_max": 1000,
           "earlier_law": [{"fine_max": 500, **period}]}
    with pytest.raises(RuleDataError):
        catalogue_entry(raw)
