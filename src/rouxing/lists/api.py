"""Decision API: `POST /api/v1/decisions/evaluate` with the facts of the decision contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Router, Schema
from pydantic import ConfigDict, Field

router = Router(tags=["decisions"])

Industry = Literal["general", "mining", "hazardous_chemicals", "metal_smelting", "construction", "road_transport",
                   "fireworks", "other_high_risk"]
Circumstance = Literal[
    "actively_eliminated_harm", "coerced_or_induced", "confessed_unknown_violation", "meritorious_service",
    "no_subjective_fault", "accident", "major_hidden_danger", "illegal_production", "bad_social_impact",
    "emergency_measure_violation", "suspected_crime", "repeated_violation", "imminent_danger",
    "refused_temporary_measures",
]


class PartyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["enterprise", "person"] = "enterprise"
    industry: Industry = "general"
    uscc: str | None = None
    id_number: str | None = None
    age: int | None = Field(default=None, ge=0, le=150)


class PriorViolationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    violation: str | None = None
    item_code: str | None = None
    date: dt.date


class FactsIn(Schema):
    """The facts of shared/contracts/decision.md; unknown fields are rejected (422)."""

    model_config = ConfigDict(extra="forbid")
    org: str
    date: dt.date | None = None
    violation_date: dt.date | None = None
    violation: str | None = None
    item_code: str | None = None
    party: PartyIn
    first_violation: bool | None = None
    prior_violations: list[PriorViolationIn] = []
    corrected: Literal["immediately", "within_deadline", "overdue", "refused", "not_yet"] | None = None
    harm: Literal["none", "minor", "serious"] | None = None
    substantive_compliance: bool = False
    circumstances: list[Circumstance] = []
    extra: dict[str, Any] | None = None
    coercive_measure: Literal["temporary_suspension", "equipment_stop", "power_cut", "seal_or_seize"] | None = None


class ErrorOut(Schema):
    error: str
    field: str | None = None


@router.post("/evaluate", response={200: dict, 422: ErrorOut}, summary="计算裁量结果（决定契约）")
def evaluate_decision(request, facts: FactsIn):
    """Evaluate the facts against the bureau's lists in force and the law; returns the decision."""
    from rouxing.engine import EngineInputError

    from .decisions import evaluate

    payload = facts.model_dump(mode="json", exclude_none=True, exclude_unset=True)
    try:
        return 200, evaluate(payload, user=request.user)
    except EngineInputError as exc:
        return 422, {"error": str(exc), "field": getattr(exc, "field", None)}
