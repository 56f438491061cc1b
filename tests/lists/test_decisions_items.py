"""Every list item of the three demo bureaus, loaded from the database, through `evaluate`: it applies when
all its conditions hold, and each of its conditions, failing alone, keeps it from applying.

Rows are named from the demo files (so each cites its annex: seed 000 annexes 1–4 for 三明 and 明溪's
claimed copy, seed 002 section 四(一) for 昌吉); the rule data used is the database's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rouxing.engine import RuleSet
from rouxing.engine.vocabulary import LENIENT_LISTS, RANK
from rouxing.lists.decisions import evaluate
from rouxing.lists.linting import assignments
from rouxing.lists.loaders import version_to_rule_dict
from rouxing.lists.models import ListVersion, Violation

pytestmark = pytest.mark.django_db
DEMO_DIR = Path(__file__).resolve().parents[2] / "src" / "rouxing" / "lists" / "demo"
ANNEX = {"no_penalty": 1, "reduced": 2, "lighter": 3, "no_coercion": 4}
MAX_TRIES = 60


def _cite(org: str, item: dict) -> str:
    if org == "CJ-YJJ":
        return f"seed 002 section 四(一) {item['list']} {item['seq']}"
    claimed = " (claimed by 明溪, seed 001)" if org == "MX-YJJ" else ""
    return f"seed 000 annex {ANNEX[item['list']]} item {item['seq']}{claimed}"


def _rows():
    rows = []
    for filename, org in (("sanming.json", "SM-YJJ"), ("mingxi.json", "MX-YJJ"), ("changji.json", "CJ-YJJ")):
        data = json.loads((DEMO_DIR / filename).read_text(encoding="utf-8"))
        for item in data["items"]:
            rows.append(pytest.param(org, data["version"], item["list"], item["seq"], id=f"{org} {_cite(org, item)}"))
    return rows


ROWS = _rows()


def _compiled(org: str, label: str, list_kind: str, seq: int):
    version = ListVersion.objects.select_related("org").get(org__code=org, label=label)
    rules = RuleSet.from_dict(version_to_rule_dict(version))
    item = next(i for i in rules.items if i.list == list_kind and i.seq == seq)
    return version, rules, item


def _violation(rules: RuleSet, item) -> str:
    if not item.catch_all:
        return item.name
    named = {c for i in rules.items if not i.catch_all for c in i.violations}
    excluded = {c for i in rules.items if i.catch_all for c in i.excluded}
    code = Violation.objects.exclude(code__in=named | excluded).order_by("code").values_list("name", flat=True)
    return code.first()


def _facts(version, item, values: dict, violation: str) -> dict:
    facts: dict = {"org": version.org.name, "date": version.effective_from.isoformat(), "violation": violation,
                   "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
                   "corrected": "immediately", "harm": "none"}
    if item.list == "no_coercion":
        facts["coercive_measure"] = sorted(item.coercive_measures or {"temporary_suspension"})[0]
    for key, value in values.items():
        if value is None:
            if key in facts and key not in ("first_violation",):
                facts.pop(key)
            continue
        if key.startswith("party."):
            facts["party"][key[6:]] = value
        elif key.startswith("extra."):
            facts.setdefault("extra", {})[key[6:]] = value
        elif key == "circumstances":
            facts["circumstances"] = sorted(value)
        else:
            facts[key] = value
    return facts


def _rivals(rules: RuleSet, item):
    """Items that would win over `item` on the same facts: more lenient lists naming the same violation."""
    if item.list not in LENIENT_LISTS:
        return []
    def before(o) -> bool:
        if o.list != item.list:
            return RANK[o.list] < RANK[item.list]
        return (o.catch_all, o.seq) < (item.catch_all, item.seq)

    return [o for o in rules.items if o is not item and o.list in LENIENT_LISTS and before(o)
            and (o.catch_all or set(o.violations) & set(item.violations) or o.key == item.key)]


def _combos(rules: RuleSet, item, rivals):
    whens = [c.when for i in (item, *rivals) for c in i.conditions] + [s.when for s in rules.scope]
    reads = {f for i in (item, *rivals) for c in i.conditions for f in c.reads} | {f for s in rules.scope for f in s.reads}
    combos = assignments(whens, reads, rules.declared)
    assert combos is not None, "too many fact combinations to try"
    return combos


def _applied(decision: dict, item) -> bool:
    if item.list == "no_coercion":
        coercion = decision["coercion"]
        return coercion["allowed"] is False and (coercion["list_item"] or {}).get("seq") == item.seq
    chosen = decision["list_item"] or {}
    return chosen.get("list") == item.list and chosen.get("seq") == item.seq and decision["outcome"] == item.list


@pytest.mark.parametrize(("org", "label", "list_kind", "seq"), ROWS)
def test_item_applies_when_all_its_conditions_hold(demo, org, label, list_kind, seq):
    # given the item from the database and facts where its conditions hold and nothing more lenient does
    version, rules, item = _compiled(org, label, list_kind, seq)
    rivals = _rivals(rules, item)
    violation = _violation(rules, item)
    tried = 0
    for values in _combos(rules, item, rivals):
        if not all(c.predicate(values) for c in item.conditions):
            continue
        if any(s.predicate(values) for s in rules.scope if item.list in s.lists):
            continue
        if any(all(c.predicate(values) for c in r.conditions) for r in rivals):
            continue
        # when the facts go through the Django entry point
        decision = evaluate(_facts(version, item, values, violation))
        # then the item is the one applied, and cited with its version
        assert _applied(decision, item), (values, decision["explanation"])
        cited = decision["coercion"]["list_item"] if item.list == "no_coercion" else decision["list_item"]
        assert cited["version"] == label
        return
    pytest.fail(f"no facts found under which {item.id} can apply (tried {tried})")


@pytest.mark.parametrize(("org", "label", "list_kind", "seq"), ROWS)
def test_each_condition_failing_alone_keeps_the_item_from_applying(demo, org, label, list_kind, seq):
    version, rules, item = _compiled(org, label, list_kind, seq)
    violation = _violation(rules, item)
    checked = 0
    for cond in item.conditions:
        others = [c for c in item.conditions if c is not cond]
        for values in _combos(rules, item, []):
            if cond.predicate(values) or not all(c.predicate(values) for c in others):
                continue
            if any(s.predicate(values) for s in rules.scope if item.list in s.lists):
                continue
            decision = evaluate(_facts(version, item, values, violation))
            assert not _applied(decision, item), (cond.id, values)
            if item.list != "no_coercion" and RANK[decision["outcome"]] > RANK[item.list]:
                assert cond.exclusion in decision["exclusions"], (cond.id, decision["exclusions"])
            checked += 1
            break
    assert checked == len(item.conditions)
