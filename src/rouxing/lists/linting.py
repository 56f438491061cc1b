"""List linting (清单检查): defects of a list version found before it is filed or applied.

Checks, each a `Finding` with a Chinese message:
- `missing_basis`: an item without its legal basis (law and article);
- `invalid_rule`: a condition the engine cannot compile (unknown fact, operator or value);
- `never_holds`: conditions that can never hold together (e.g. contradictory eq/in on one fact);
- `scope_empties`: a scope exclusion refuses the item whenever its conditions hold, so it never applies;
- `overlap`: one violation on two lists (e.g. no_penalty and lighter) under the same facts;
- `conflict`: two items of one list both apply with different measures (the engine refuses to decide);
- `unknown_violation`: an item names a violation code the catalogue does not know (warning);
- `no_conditions`: an item without structured conditions (it never applies; submit, 备案 and 公布 refuse);
- `no_catalogue_link`: an item that is not a catch-all and names no violation of the catalogue (same).

Conditions are checked exactly, not by pattern: the compiled predicates are evaluated on every
combination of the values the facts they read can take (the closed vocabulary of the decision contract
plus the thresholds the conditions mention). `lint_version(version)` is the entry point for a
`ListVersion`; `lint_rule_dict(data)` works on the rules-format dict itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rouxing.engine import RuleDataError, RuleSet
from rouxing.engine.predicates import leaves
from rouxing.engine.rules import ItemRule, ScopeExclusion
from rouxing.engine.vocabulary import FACT_TYPES, LENIENT_LISTS, LIST_LABELS

from .conditions import merge_common, readiness_problems

MAX_COMBINATIONS = 200_000


@dataclass(frozen=True)
class Finding:
    """One defect (or warning) of a list version."""

    code: str
    severity: str  # "error" | "warning"
    item: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        level = "错误" if self.is_error else "提示"
        return f"[{level}] {self.item}：{self.message}"


def _where(item: ItemRule) -> str:
    return f"{LIST_LABELS.get(item.list, item.list)}第{item.seq}项“{item.name}”"


# -- the finite domain of the facts a set of predicates reads ---------------------------------------------

def _mentioned(whens: list[dict]) -> dict[str, set]:
    values: dict[str, set] = {}
    for when in whens:
        for fact, _op, value, _neg in leaves(when):
            bucket = values.setdefault(fact, set())
            for v in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(v, (str, int, float, bool)) or v is None:
                    bucket.add(v)
    return values


def _domain(fact: str, mentioned: set, declared: dict[str, str]) -> list[Any]:
    kind, allowed = FACT_TYPES.get(fact, (declared.get(fact[6:], "bool") if fact.startswith("extra.") else "str", None))
    if fact == "circumstances":
        codes = sorted(c for c in mentioned if isinstance(c, str))
        return [frozenset(s) for r in range(len(codes) + 1) for s in itertools.combinations(codes, r)]
    if kind == "bool":
        return [True, False] if fact in ("first_violation", "substantive_compliance") else [True, False, None]
    if kind in ("int", "number"):
        points = {None}
        for m in mentioned:
            if isinstance(m, (int, float)) and not isinstance(m, bool):
                points |= {m - 1, m, m + 1}
        return sorted(points, key=lambda x: (x is not None, x or 0))
    options = list(allowed) if isinstance(allowed, dict) else sorted(str(m) for m in mentioned)
    return [*options, None] + ([o for o in mentioned if o not in options and o is not None])


def assignments(whens: list[dict], reads: set[str], declared: dict[str, str]) -> Iterator[dict[str, Any]] | None:
    """Every combination of values of `reads` (None if there are too many to try)."""
    mentioned = _mentioned(whens)
    facts = sorted(reads)
    domains = [_domain(f, mentioned.get(f, set()), declared) for f in facts]
    total = 1
    for d in domains:
        total *= max(len(d), 1)
    if total > MAX_COMBINATIONS:
        return None
    return (dict(zip(facts, combo, strict=True)) for combo in itertools.product(*domains))


def _holds(item: ItemRule, values: dict) -> bool:
    return all(c.predicate(values) for c in item.conditions)


def _item_whens(item: ItemRule) -> list[dict]:
    return [c.when for c in item.conditions]


def _reads(*items: ItemRule, scope: tuple[ScopeExclusion, ...] = ()) -> set[str]:
    reads: set[str] = set()
    for item in items:
        for c in item.conditions:
            reads |= c.reads
    for s in scope:
        reads |= s.reads
    return reads


# -- the checks -------------------------------------------------------------------------------------------

def _basis_findings(rules: RuleSet) -> list[Finding]:
    out = []
    for item in rules.items:
        ok = bool(item.basis) and all(isinstance(b, dict) and b.get("law") and b.get("article") is not None
                                      for b in item.basis)
        if not ok:
            out.append(Finding("missing_basis", "error", _where(item), "未载明法律依据（法律名称及条款），不得列入清单。"))
    return out


def _satisfiable(rules: RuleSet, item: ItemRule) -> tuple[bool | None, bool | None]:
    """(can the item's conditions hold?, can they hold outside every scope exclusion covering its list?)"""
    scope = tuple(s for s in rules.scope if item.list in s.lists)
    combos = assignments(_item_whens(item) + [s.when for s in scope], _reads(item, scope=scope), rules.declared)
    if combos is None:
        return None, None
    holds = free = False
    for values in combos:
        if _holds(item, values):
            holds = True
            if not any(s.predicate(values) for s in scope):
                free = True
                break
    return holds, free


def _emptiness_findings(rules: RuleSet) -> list[Finding]:
    out = []
    for item in rules.items:
        holds, free = _satisfiable(rules, item)
        if holds is False:
            out.append(Finding("never_holds", "error", _where(item),
                               "结构化条件相互矛盾，任何事实下都不能同时成立（如同一事实既要求等于甲又要求属于不含甲的取值）。"))
        elif holds and free is False:
            names = "、".join(s.label or s.code for s in rules.scope if item.list in s.lists)
            out.append(Finding("scope_empties", "error", _where(item),
                               f"凡符合该事项条件的情形均被适用范围排除（{names}），该事项永远不会适用。"))
    return out


def _shares_violation(a: ItemRule, b: ItemRule) -> bool:
    return bool(set(a.violations) & set(b.violations)) or (a.key == b.key and bool(a.key))


def _joint(rules: RuleSet, a: ItemRule, b: ItemRule) -> bool | None:
    combos = assignments(_item_whens(a) + _item_whens(b), _reads(a, b), rules.declared)
    if combos is None:
        return None
    return any(_holds(a, v) and _holds(b, v) for v in combos)


def _pair_finding(rules: RuleSet, a: ItemRule, b: ItemRule) -> Finding | None:
    # no_coercion items only ever refuse a measure, so two of them never contradict each other
    if a.list not in LENIENT_LISTS or b.list not in LENIENT_LISTS:
        return None
    same_level = a.list == b.list and a.catch_all == b.catch_all
    if a.catch_all or b.catch_all:
        if not (same_level and set(a.measures) != set(b.measures)):
            return None
    elif not _shares_violation(a, b):
        return None
    if same_level and set(a.measures) == set(b.measures):
        return None
    if not _joint(rules, a, b):
        return None
    if same_level:
        return Finding("conflict", "error", _where(a),
                       f"与{_where(b)}在相同事实下同时适用，但配套措施不同；引擎将拒绝裁量，须修正其中一项。")
    return Finding("overlap", "error", _where(a),
                   f"与{_where(b)}为同一违法行为，在相同事实下二者同时成立（既{LIST_LABELS[a.list]}又"
                   f"{LIST_LABELS[b.list]}），请区分情形或删除多余事项。")


def _overlap_findings(rules: RuleSet) -> list[Finding]:
    out = []
    for a, b in itertools.combinations(rules.items, 2):
        finding = _pair_finding(rules, a, b)
        if finding is not None:
            out.append(finding)
    return out


def _catalogue_findings(rules: RuleSet, catalogue_codes: set[str] | None) -> list[Finding]:
    if catalogue_codes is None:
        return []
    out = []
    for item in rules.items:
        unknown = [c for c in item.violations if c not in catalogue_codes]
        if unknown:
            out.append(Finding("unknown_violation", "warning", _where(item),
                               f"所列处罚事项编码{'、'.join(unknown)}不在处罚事项目录中。"))
    return out


def lint_rule_dict(data: dict[str, Any], catalogue_codes: set[str] | None = None) -> list[Finding]:
    """All findings for one version in rules-format (docs/rules-format.md)."""
    missing = [Finding("missing_basis", "error", f"{LIST_LABELS.get(i.get('list'), i.get('list'))}第{i.get('seq')}项"
                       f"“{i.get('name', '')}”", "未载明法律依据（法律名称及条款），不得列入清单。")
               for i in data.get("items") or () if not i.get("basis")]
    readiness = [Finding(code, "error", where, message)
                 for code, where, message in readiness_problems(data.get("items") or (), catalogue_codes,
                                                                    data.get("common_conditions"))]
    common = data.get("common_conditions") or ()
    data = {k: v for k, v in data.items() if k != "common_conditions"}
    data["items"] = [merge_common(i, common) for i in data.get("items") or ()]
    try:
        rules = RuleSet.from_dict(data)
    except RuleDataError as exc:
        return [*missing, *readiness, Finding("invalid_rule", "error", data.get("version", ""), exc.message)]
    return (readiness + _basis_findings(rules) + _emptiness_findings(rules) + _overlap_findings(rules)
            + _catalogue_findings(rules, catalogue_codes))


def lint_version(version) -> list[Finding]:
    """All findings for a `ListVersion` (any status), for the version page and `rouxing lint-lists`."""
    from .loaders import version_to_rule_dict
    from .models import Violation

    codes = set(Violation.objects.values_list("code", flat=True))
    return lint_rule_dict(version_to_rule_dict(version, include_meta=False), catalogue_codes=codes)


def report(findings: list[Finding], title: str) -> str:
    """A Chinese report of one version's findings."""
    if not findings:
        return f"{title}：未发现问题。"
    errors = sum(1 for f in findings if f.is_error)
    lines = [f"{title}：发现{errors}个错误、{len(findings) - errors}个提示。"]
    lines.extend(f"  {f}" for f in findings)
    return "\n".join(lines)
