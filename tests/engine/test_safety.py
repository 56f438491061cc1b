"""One interpreted path, safe by construction: no source text is built from rule data and executed, every
identifier that rule data carries is checked against a strict pattern, and a decision owns its data."""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

from rouxing.engine import InMemoryRuleSource, RuleDataError, RuleSet, decide
from rouxing.engine import vocabulary as vocab

from .rulebook import CATALOGUE, ORG, facts, make_source, version_dict

ENGINE_DIR = Path(vocab.__file__).parent
SENTINEL_CODE = "__import__('pathlib').Path({path!r}).write_text('ran')"
HOSTILE = [
    "T-NP-1\nimport os",  # newline
    "T-NP-1'); print('x",  # single quote
    'T-NP-1"); print("x',  # double quote
    "T-NP-1\x00",  # NUL
    "T-NP-1\x1b[2J",  # escape (control character)
    "T-NP-1\r",  # carriage return
    "T NP 1",  # whitespace
    "T-NP-1\\",  # backslash
    "",
]


def test_the_engine_never_compiles_or_executes_text():
    # given every module of the engine, when parsed, then none calls exec, eval or compile (nor imports codegen)
    for path in ENGINE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node.func.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not calls & {"exec", "eval", "compile", "__import__"}, path.name
    assert not (ENGINE_DIR / "codegen.py").exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_rule_id_with_newline_quote_or_control_character_is_refused(value):
    # given a version whose item id carries a newline, a quote or a control character, when compiled, then refused
    data = version_dict()
    data["items"][0]["id"] = value or None
    if not value:  # an empty id falls back to <org>-<list>-<seq>: valid
        assert RuleSet.from_dict(data).items[0].id == "T-YJJ-no_penalty-1"
        return
    with pytest.raises(RuleDataError) as err:
        RuleSet.from_dict(data)
    assert "规则编号" in err.value.message


@pytest.mark.parametrize("value", HOSTILE)
def test_an_org_code_with_newline_quote_or_control_character_is_refused(value):
    # given a version (and a bureau) whose code carries such characters, when compiled, then refused
    data = version_dict(org={"code": value, "name": ORG["name"]})
    with pytest.raises(RuleDataError) as err:
        RuleSet.from_dict(data)
    assert "机关代码" in err.value.message
    with pytest.raises(RuleDataError):
        InMemoryRuleSource.from_dicts(catalogue=CATALOGUE, versions=[], orgs=[{"code": value, "name": "某局"}])


@pytest.mark.parametrize("value", [*HOSTILE, "Not_lower", "1starts_with_digit", "a-b"])
def test_a_declared_fact_key_outside_the_pattern_is_refused(value):
    data = version_dict(declared_facts=[{"key": value, "label": "x", "type": "bool"}])
    with pytest.raises(RuleDataError) as err:
        RuleSet.from_dict(data)
    assert "声明条件的键" in err.value.message


def test_a_condition_or_scope_id_outside_the_pattern_is_refused():
    data = version_dict()
    data["items"][0]["conditions"] = [{**data["items"][0]["conditions"][0], "id": "x\ny"}]
    with pytest.raises(RuleDataError):
        RuleSet.from_dict(data)
    data = version_dict()
    data["scope_exclusions"][0]["id"] = "accident'\n"
    with pytest.raises(RuleDataError):
        RuleSet.from_dict(data)


def test_hostile_identifiers_are_data_even_past_validation(tmp_path, monkeypatch):
    # given identifiers written as Python code, with validation switched off, when a decision is made, then the
    # identifiers come back verbatim as text and nothing they spell ran
    sentinel = tmp_path / "ran"
    payload = "x'); " + SENTINEL_CODE.format(path=str(sentinel)) + " #\n"
    monkeypatch.setattr("rouxing.engine.rules.check_identifier", lambda kind, value: None)
    monkeypatch.setattr("rouxing.engine.source.check_identifier", lambda kind, value: None)
    data = version_dict(org={"code": payload, "name": ORG["name"]})
    data["items"][0]["id"] = payload
    data["items"][0]["conditions"] = [{**c, "id": payload} for c in data["items"][0]["conditions"]]
    source = InMemoryRuleSource.from_dicts(catalogue=copy.deepcopy(CATALOGUE), versions=[data],
                                           orgs=[{"code": payload, "name": ORG["name"]}])
    for first in (True, False):
        decision = decide(facts(first_violation=first), source)
        assert any(t.get("rule") == payload for t in decision.trace)
    assert decision.list_version == f"{payload}/T-1"
    assert not sentinel.exists()


def test_mutating_one_decision_dict_never_changes_another(source):
    # given two decisions on the same facts, when every nested part of one's to_dict() is mutated, then the other
    # decision, a second to_dict() of the first, and later decisions are unchanged
    one, two = decide(facts(), source), decide(facts(), source)
    before = two.to_dict()
    mutated = one.to_dict()

    def scribble(value):
        if isinstance(value, dict):
            for key in list(value):
                scribble(value[key])
                value[key] = "changed"
            value["added"] = 1
        elif isinstance(value, list):
            for part in value:
                scribble(part)
            value.append("added")

    scribble(mutated)
    assert two.to_dict() == before
    assert one.to_dict() == before
    assert decide(facts(), source).to_dict() == before


def test_mutating_the_input_after_the_decision_changes_nothing(source):
    raw = facts(circumstances=["repeated_violation"], first_violation=False)
    decision = decide(raw, source)
    before = decision.to_dict()
    raw["circumstances"].append("accident")
    raw["party"]["industry"] = "mining"
    assert decision.to_dict() == before


def test_the_rule_source_is_not_changed_by_a_decision():
    source = make_source()
    item = source.versions["T-YJJ"][0].items[0]
    basis_before = copy.deepcopy(item.basis)
    decision = decide(facts(), source).to_dict()
    decision["legal_basis"][0]["text"] = "changed"
    decision["list_item"]["name"] = "changed"
    assert item.basis == basis_before
    assert decide(facts(), source).to_dict()["list_item"]["name"] == item.name
