"""The decision (output of the contract) as a typed dataclass, serialisable to the contract's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .facts import Facts
from .vocabulary import EXCLUSION_LABELS


def plain(value: Any) -> Any:
    """A fresh copy of JSON-like data (dicts, lists and tuples copied at every level): what `to_dict()`
    returns belongs to the caller alone."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Fine:
    """罚款幅度 in yuan: the statutory range and the benchmark band for the outcome."""

    statutory_min: int
    statutory_max: int
    band_min: int
    band_max: int

    def as_dict(self) -> dict[str, int]:
        return {"statutory_min": self.statutory_min, "statutory_max": self.statutory_max,
                "band_min": self.band_min, "band_max": self.band_max}


@dataclass(frozen=True)
class Coercion:
    """Whether the asked coercive measure (行政强制措施) may be used, and why."""

    measure: str
    allowed: bool
    legal_basis: tuple[dict[str, Any], ...]
    reason: str
    list_item: dict[str, Any] | None = None
    conditions: tuple[str, ...] = ()
    """What must still be done for the measure to be lawful (e.g. 安全生产法 art. 70: 经本部门主要负责人批准)."""

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "allowed": self.allowed, "legal_basis": plain(self.legal_basis),
                "reason": self.reason, "list_item": plain(self.list_item) if self.list_item else None,
                "conditions": list(self.conditions)}


@dataclass(frozen=True)
class AdditionalPenalty:
    """并处: a penalty the statute imposes together with the fine for these facts (e.g. 责令停产停业整顿)."""

    kind: str
    label: str
    legal_basis: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "legal_basis": plain(self.legal_basis)}


@dataclass(frozen=True)
class PersonFine:
    """一案双罚: a fine the statute sets on persons in the same case, with its band."""

    who: str
    statutory_min: int
    statutory_max: int
    band_min: int
    band_max: int
    legal_basis: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"who": self.who, "statutory_min": self.statutory_min, "statutory_max": self.statutory_max,
                "band_min": self.band_min, "band_max": self.band_max, "legal_basis": plain(self.legal_basis)}


@dataclass(frozen=True)
class Option:
    """A lenient outcome the law leaves to the officer (可以), not granted by the lists."""

    outcome: str
    legal_basis: tuple[dict[str, Any], ...]
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "legal_basis": plain(self.legal_basis), "reason": self.reason}


@dataclass(frozen=True)
class Decision:
    """裁量结果: what the law and the bureau's lists allow for the facts, explaining itself.

    Every dict it holds was built for this decision alone, and `to_dict()` returns fresh copies: mutating
    one result never changes another decision. `facts` is the parsed `Facts` the decision read; `to_dict()`
    renders it as the contract's normalised facts with the computed `first_violation`."""

    outcome: str
    outcome_label: str
    mandatory: bool
    list_item: dict[str, Any] | None
    legal_basis: tuple[dict[str, Any], ...]
    measures: tuple[str, ...]
    exclusions: tuple[str, ...]
    discretionary_options: tuple[Option, ...]
    unmet_conditions: tuple[str, ...]
    refer_to_police: bool
    coercion: Coercion | None
    fine: Fine | None
    explanation: str
    trace: tuple[dict[str, Any], ...]
    engine_version: str
    list_version: str
    first_violation: bool | None = None
    violation: dict[str, Any] = field(default_factory=dict)
    facts: Facts | None = None
    time_barred: bool = False
    additional_penalties: tuple[AdditionalPenalty, ...] = ()
    person_fines: tuple[PersonFine, ...] = ()
    exclusion_labels: tuple[str, ...] = ()
    """The Chinese label of each exclusion (a scope exclusion's own label for a bureau's code)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome, "outcome_label": self.outcome_label, "mandatory": self.mandatory,
            "list_item": plain(self.list_item) if self.list_item else None,
            "legal_basis": plain(self.legal_basis), "measures": list(self.measures),
            "exclusions": list(self.exclusions),
            "exclusions_labels": list(self.exclusion_labels) or [EXCLUSION_LABELS.get(c, c) for c in self.exclusions],
            "discretionary_options": [o.as_dict() for o in self.discretionary_options],
            "unmet_conditions": list(self.unmet_conditions), "refer_to_police": self.refer_to_police,
            "coercion": self.coercion.as_dict() if self.coercion else None,
            "fine": self.fine.as_dict() if self.fine else None, "explanation": self.explanation,
            "trace": plain(self.trace), "engine_version": self.engine_version,
            "list_version": self.list_version, "first_violation": self.first_violation,
            "violation": plain(self.violation), "facts": self.facts_dict(),
            "time_barred": self.time_barred,
            "additional_penalties": [p.as_dict() for p in self.additional_penalties],
            "person_fines": [p.as_dict() for p in self.person_fines],
        }

    def facts_dict(self) -> dict[str, Any]:
        """The contract's `facts`: the normalised input with the `first_violation` the decision used."""
        if self.facts is None:
            return {}
        data = self.facts.to_dict()
        data["first_violation"] = self.first_violation
        return data


@dataclass(frozen=True)
class CombinedDecision:
    """分别裁量、合并处罚 (seed 003): one decision per violation of the `violations` input, and their sum."""

    parts: tuple[Decision, ...]
    fine: Fine | None
    additional_penalties: tuple[AdditionalPenalty, ...]
    person_fines: tuple[PersonFine, ...]
    legal_basis: tuple[dict[str, Any], ...]
    explanation: str
    engine_version: str

    @property
    def outcome(self) -> str:
        """The least lenient outcome of the parts (what the combined decision as a whole amounts to)."""
        from .vocabulary import RANK

        return max((p.outcome for p in self.parts), key=RANK.__getitem__)

    def to_dict(self) -> dict[str, Any]:
        from .vocabulary import OUTCOME_LABELS

        parts = [p.to_dict() for p in self.parts]
        return {
            "outcome": self.outcome, "outcome_label": OUTCOME_LABELS[self.outcome],
            "mandatory": all(p.mandatory for p in self.parts), "time_barred": all(p.time_barred for p in self.parts),
            "legal_basis": plain(self.legal_basis), "explanation": self.explanation,
            "fine": self.fine.as_dict() if self.fine else None,
            "additional_penalties": [p.as_dict() for p in self.additional_penalties],
            "person_fines": [p.as_dict() for p in self.person_fines],
            "refer_to_police": any(p.refer_to_police for p in self.parts),
            "parts": parts,
            "combined": {"fine": self.fine.as_dict() if self.fine else None,
                         "additional_penalties": [p.as_dict() for p in self.additional_penalties],
                         "person_fines": [p.as_dict() for p in self.person_fines],
                         "legal_basis": plain(self.legal_basis), "explanation": self.explanation},
            "engine_version": self.engine_version,
            "list_version": parts[0]["list_version"], "facts": {"parts": [p["facts"] for p in parts]},
        }
