"""Benchmark: in-process decisions per second of Rouxing's engine on the 三明 no-penalty list, against
GoRules zen-engine evaluating an equivalent decision table (JSON decision model built here).

Run: .venv/bin/python bench/engine.py [--quick]   (no Django, no database; about 25 s, --quick about 7 s)

Four Rouxing rates are printed:
- `decide()` full: contract JSON in, validated, every rule step, trace and Chinese explanation out (the
  returned `Decision` holds every contract field, the typed ones as `Facts`, `Fine`, `Option` and
  `Coercion`; this is the rate compared with zen-engine, and the target is at least 1.0x);
- `decide()` + `to_dict()`: the same, then the contract's JSON-ready dict (what the API serialises: the
  typed fields rendered, every trace entry and basis dict copied, the exclusion labels added);
- `decide()` on pre-parsed `Facts`: the same without JSON validation (what a caller holding facts pays);
- compiled list match: the rule-set step alone (`RuleSet.match`: the version's items for the violation,
  every condition tried, one trace entry per item), which is what the zen decision table computes.
zen-engine runs through `ZenEngine` with a static loader and `evaluate(key, context)`, its fastest path.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rouxing.engine import InMemoryRuleSource, decide, parse_facts  # noqa: E402
from rouxing.engine.rules import RuleSet  # noqa: E402

DEMO = ROOT / "src" / "rouxing" / "lists" / "demo"


def load(name: str):
    return json.loads((DEMO / name).read_text(encoding="utf-8"))


def fact_cases(sanming: dict) -> list[dict]:
    """A rotating set of facts over the no-penalty items: holding, and failing each way."""
    items = [i for i in sanming["items"] if i["list"] == "no_penalty"]
    variants = [
        {}, {"first_violation": False}, {"party": {"kind": "enterprise", "industry": "mining"}},
        {"harm": "minor"}, {"corrected": "overdue"}, {"substantive_compliance": False},
        {"circumstances": ["major_hidden_danger"]},
    ]
    cases = []
    for item, variant in itertools.product(items, variants):
        facts = {"org": "三明市应急管理局", "date": "2024-06-01", "violation": item["name"],
                 "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
                 "corrected": "within_deadline", "harm": "none", "substantive_compliance": True, "circumstances": []}
        facts.update(variant)
        cases.append(facts)
    return cases


def rate(fn, cases, seconds: float) -> float:
    """Calls per second of `fn` over the cases, cycling through them for `seconds`."""
    n, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for case in cases:
            fn(case)
        n += len(cases)
    return n / (time.perf_counter() - start)


def best_alternating(runs: dict, rounds: int, seconds: float) -> dict[str, float]:
    """The best rate of each contender over `rounds` rounds taken in turn, so that a busy moment of a shared
    machine does not fall on one side only."""
    best = dict.fromkeys(runs, 0.0)
    for _ in range(rounds):
        for name, (fn, cases) in runs.items():
            best[name] = max(best[name], rate(fn, cases, seconds))
    return best


# -- zen-engine: the same list as a JSON decision model ------------------------------------------------------

def _cell(when: dict) -> str:
    """A zen unary expression for one `when` leaf (`$` is the column's value)."""
    op, value = when["op"], when["value"]
    if op == "eq":
        return json.dumps(value, ensure_ascii=False)
    if op == "in":
        return ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
    if op == "has":
        return f"contains($, {json.dumps(value, ensure_ascii=False)})"
    if op == "lacks":
        return f"not(contains($, {json.dumps(value, ensure_ascii=False)}))"
    raise ValueError(f"no zen translation for {op}")


def zen_model(sanming: dict, catalogue: list[dict]) -> dict:
    items = [i for i in sanming["items"] if i["list"] == "no_penalty"]
    names = {c["code"]: c["name"] for c in catalogue}
    columns: dict[str, str] = {}
    for item in items:
        for cond in item["conditions"]:
            columns.setdefault(cond["id"], cond["when"]["fact"])
    inputs = [{"id": "violation", "name": "violation", "field": "violation"}]
    inputs += [{"id": cid, "name": cid, "field": fact} for cid, fact in columns.items()]
    outputs = [{"id": "outcome", "name": "outcome", "field": "outcome"}, {"id": "seq", "name": "seq", "field": "seq"}]
    rules = []
    for item in items:
        spellings = sorted({item["name"], names.get(item["violations"][0], item["name"])})
        row = {"_id": item["id"], "violation": ", ".join(json.dumps(n, ensure_ascii=False) for n in spellings),
               "outcome": json.dumps("no_penalty"), "seq": str(item["seq"])}
        for cid in columns:
            row[cid] = ""
        for cond in item["conditions"]:
            row[cond["id"]] = _cell(cond["when"])
        rules.append(row)
    default = {"_id": "default", "violation": "", "outcome": json.dumps("standard"), "seq": "0"}
    default.update({cid: "" for cid in columns})
    rules.append(default)
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "facts", "position": {"x": 0, "y": 0}},
            {"id": "table", "type": "decisionTableNode", "name": "三明不予处罚清单", "position": {"x": 200, "y": 0},
             "content": {"hitPolicy": "first", "inputs": inputs, "outputs": outputs, "rules": rules}},
            {"id": "out", "type": "outputNode", "name": "decision", "position": {"x": 400, "y": 0}},
        ],
        "edges": [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
                  {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}],
    }


def zen_context(facts: dict) -> dict:
    return {"violation": facts["violation"], "party": facts["party"], "first_violation": facts["first_violation"],
            "corrected": facts["corrected"], "harm": facts["harm"],
            "substantive_compliance": facts["substantive_compliance"], "circumstances": facts["circumstances"]}


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    rounds, seconds = (3, 0.5) if quick else (5, 1.2)
    sanming, catalogue = load("sanming.json"), load("catalogue.json")
    source = InMemoryRuleSource.from_dicts(catalogue=catalogue, versions=[sanming],
                                           benchmarks={"": load("benchmark.json")})
    cases = fact_cases(sanming)
    parsed = [parse_facts(c) for c in cases]
    rules = RuleSet.from_dict(sanming)
    refs = [source.resolve_violation("SM-YJJ", violation=c["violation"]) for c in cases]
    values = [p.values() for p in parsed]
    match_cases = list(zip(refs, values, strict=True))

    def match(case):
        ref, vals = case
        return rules.match(ref, vals, trace=[])

    import zen

    model = zen_model(sanming, catalogue)
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"sanming.json": model}}})
    contexts = [zen_context(c) for c in cases]

    # the two engines agree on every case (outcome and, for a list item, its seq) before anything is timed
    for case, ctx, mcase in zip(cases, contexts, match_cases, strict=True):
        ours = decide(case, source)
        theirs = engine.evaluate("sanming.json", ctx)["result"]
        assert (theirs["outcome"] == "no_penalty") == (ours.outcome == "no_penalty"), (case, ours.outcome, theirs)
        if ours.outcome == "no_penalty":
            assert theirs["seq"] == ours.list_item["seq"], (case, ours.list_item, theirs)
        assert (match(mcase) is not None) == (ours.outcome == "no_penalty")

    best = best_alternating({
        "full": (lambda c: decide(c, source), cases),
        "zen": (lambda ctx: engine.evaluate("sanming.json", ctx), contexts),
    }, rounds, seconds)
    full, zen_rate = best["full"], best["zen"]
    pre = rate(lambda f: decide(f, source), parsed, seconds * 2)
    as_dict = rate(lambda c: decide(c, source).to_dict(), cases, seconds * 2)
    core = rate(match, match_cases, seconds * 2)
    print(f"cases: {len(cases)} fact sets over {len(cases) // 7} 三明 no-penalty items; "
          f"full decide and zen: best of {rounds} alternating rounds of {seconds} s")
    print(f"Rouxing decide() full (JSON in, trace + explanation out): {full:12,.0f} decisions/s")
    print(f"Rouxing decide() + to_dict() (contract JSON-ready dict):   {as_dict:12,.0f} decisions/s")
    print(f"Rouxing decide() on parsed Facts:                         {pre:12,.0f} decisions/s")
    print(f"Rouxing compiled list match with per-item trace:           {core:12,.0f} evaluations/s")
    print(f"zen-engine ZenEngine static loader evaluate(key):         {zen_rate:12,.0f} evaluations/s")
    print(f"Rouxing/zen (full decide): {full / zen_rate:.2f}x; list match / zen: {core / zen_rate:.2f}x")


if __name__ == "__main__":
    main()
