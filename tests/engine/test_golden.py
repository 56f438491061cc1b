"""Every recorded decision (golden_decisions.json: demo items of 三明/明溪/昌吉 in many fact variants, the
public scenarios, statutory cases, 从旧兼从轻, history, coercion and input errors) is reproduced exactly:
same contract JSON, explanation text and trace, field by field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from .golden import FIXTURE, build_sources, run

CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sources():
    return build_sources()


def test_fixture_covers_the_rule_order():
    # given the recorded cases, then every outcome, list kind, art. 37 and errors are represented
    outcomes = {c["expected"].get("outcome") for c in CASES}
    lists = {(c["expected"].get("list_item") or {}).get("list") for c in CASES}
    lists |= {((c["expected"].get("coercion") or {}).get("list_item") or {}).get("list") for c in CASES}
    assert {"no_penalty", "reduced", "lighter", "standard", "heavier"} <= outcomes
    assert {"no_penalty", "reduced", "lighter", "no_coercion"} <= lists
    assert any(t["rule"] == "xzcf_37_lenient_law" for c in CASES for t in c["expected"].get("trace", ()))
    assert any(c["expected"].get("time_barred") for c in CASES)
    assert any(c["expected"].get("person_fines") for c in CASES)
    assert any(c["expected"].get("parts") for c in CASES)
    assert any("error" in c["expected"] for c in CASES)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_decision_matches_the_recorded_one(sources, index):
    # given recorded facts, when decided again, then the contract JSON is identical
    case = CASES[index]
    result = json.loads(json.dumps(run(case, sources), ensure_ascii=False))
    assert result == case["expected"]


def test_decisions_equal_those_built_by_their_constructors(sources):
    # given recorded decisions, when rebuilt through the dataclass constructors, then equal
    from rouxing.engine import decide

    from .golden import TODAY

    for case in CASES[::7]:
        if "error" in case["expected"] or "violations" in case["facts"]:
            continue
        decision = decide(case["facts"], sources[case["source"]], today=dt.date.fromisoformat(TODAY))
        assert dataclasses.replace(decision) == decision
        assert decision.fine is None or dataclasses.replace(decision.fine) == decision.fine


def test_decision_is_reproducible_twice_in_a_row(sources):
    # given one source used repeatedly, when every case is decided twice, then nothing leaks between calls
    first = [run(c, sources) for c in CASES]
    again = [run(c, sources) for c in CASES]
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
