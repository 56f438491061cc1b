"""同案异罚 warning (seed 003 三(二)2: 避免裁量不当、畸轻畸重、同案异罚): for the same violation with
the same decisive facts, the spread of outcomes and fines across officers and bureaus.

Findings are grouped by (violation, fact signature). The signature holds the facts the decision
contract decides on: first violation, correction, harm, substantive compliance and circumstances.
A group is flagged when it holds more than one adopted outcome, or when its largest fine exceeds
`FINE_SPREAD_LIMIT` times its smallest.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from .definition import Period

FINE_SPREAD_LIMIT = 2.0
SIGNATURE_FACTS = ("first_violation", "corrected", "harm", "substantive_compliance")
OUTCOME_LABELS = {"no_penalty": "不予行政处罚", "reduced": "减轻行政处罚", "lighter": "从轻行政处罚",
                  "standard": "一般行政处罚", "heavier": "从重行政处罚"}


def signature(facts: dict) -> str:
    """Canonical text of the decisive facts of one finding (order-independent)."""
    facts = facts or {}
    sig = {k: facts.get(k) for k in SIGNATURE_FACTS}
    sig["circumstances"] = sorted(facts.get("circumstances") or [])
    return json.dumps(sig, ensure_ascii=False, sort_keys=True)


def describe_signature(sig: str) -> str:
    data = json.loads(sig)
    parts = []
    if data.get("first_violation") is not None:
        parts.append("首次违法" if data["first_violation"] else "非首次违法")
    corrected = {"immediately": "当场改正", "within_deadline": "按期改正", "overdue": "逾期未改正",
                 "refused": "拒不改正", "not_yet": "尚未到期"}
    if data.get("corrected"):
        parts.append(corrected.get(data["corrected"], data["corrected"]))
    harm = {"none": "无危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"}
    if data.get("harm"):
        parts.append(harm.get(data["harm"], data["harm"]))
    if data.get("circumstances"):
        parts.append("情节：" + "、".join(data["circumstances"]))
    return "；".join(parts) or "（未记录裁量事实）"


@dataclass
class Group:
    violation_code: str
    violation_name: str
    signature: str
    rows: list[dict] = field(default_factory=list)

    @property
    def outcomes(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for r in self.rows:
            counts[r["outcome"]] += 1
        return dict(counts)

    @property
    def fines(self) -> list[int]:
        return [r["fine"] for r in self.rows if r["fine"]]

    @property
    def fine_spread(self) -> float | None:
        fines = self.fines
        if len(fines) < 2 or min(fines) == 0:
            return None
        return max(fines) / min(fines)

    @property
    def reasons(self) -> list[str]:
        out = []
        if len(self.outcomes) > 1:
            out.append("同一违法行为、相同裁量事实，处理结果不同：" + "、".join(
                f"{OUTCOME_LABELS.get(k, k)}{v}件" for k, v in sorted(self.outcomes.items())))
        spread = self.fine_spread
        if spread is not None and spread > FINE_SPREAD_LIMIT:
            out.append(f"罚款数额相差{spread:.1f}倍（{min(self.fines)}–{max(self.fines)}元）")
        return out

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)

    def by(self, key: str) -> dict[str, dict[str, int]]:
        """Outcome counts per officer (`officer`) or per bureau (`org`)."""
        table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in self.rows:
            table[r[key]][r["outcome"]] += 1
        return {k: dict(v) for k, v in table.items()}

    @property
    def signature_text(self) -> str:
        return describe_signature(self.signature)


def groups(org_ids, period: Period) -> list[Group]:
    """Decided findings of the period grouped by violation and fact signature, flagged groups first."""
    from rouxing.cases.selectors import decisions_for_period

    # the case's decision comes in the same query (a reverse one-to-one): no query per decided finding
    qs = decisions_for_period(org_ids, period.start, period.end).select_related("recorded_by", "case__decision")
    found: dict[tuple[str, str], Group] = {}
    for f in qs:
        if not f.outcome:
            continue
        sig = signature(f.facts)
        key = (f.violation.code, sig)
        group = found.setdefault(key, Group(f.violation.code, f.violation.name, sig))
        fine = getattr(getattr(f.case, "decision", None), "fine_amount", 0) if f.case_id else 0
        group.rows.append({"finding_id": f.pk, "outcome": f.outcome,
                           "outcome_label": OUTCOME_LABELS.get(f.outcome, f.outcome), "fine": fine or 0,
                           "officer": str(f.recorded_by), "org": f.org.name, "party": f.party.name,
                           "date": f.decided_on})
    result = [g for g in found.values() if len(g.rows) >= 2]
    return sorted(result, key=lambda g: (not g.flagged, g.violation_code))
