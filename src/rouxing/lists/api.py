"""Decision API: `POST /api/v1/decisions/evaluate` with the facts of the decision contract.

`FactsIn` documents the request in the OpenAPI schema (/api/v1/openapi.json); the engine validates the
body, so the API, the command line and the Python entry point refuse bad input with the same message.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

router = Router(tags=["decisions"])

Industry = Literal["general", "mining", "hazardous_chemicals", "metal_smelting", "construction", "road_transport",
                   "fireworks", "other_high_risk"]
Circumstance = Literal[
    "actively_eliminated_harm", "coerced_or_induced", "confessed_unknown_violation", "meritorious_service",
    "no_subjective_fault", "accident", "major_hidden_danger", "illegal_production", "bad_social_impact",
    "emergency_measure_violation", "suspected_crime", "repeated_violation", "imminent_danger",
    "refused_temporary_measures", "nonconforming_equipment", "illegal_dangerous_goods", "irreversible_harm",
]
Corrected = Literal["immediately", "within_deadline", "overdue", "refused", "not_yet"]
Harm = Literal["none", "minor", "serious"]


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


class ViolationPartIn(Schema):
    """One element of `violations` (分别裁量、合并处罚): a violation with its own facts."""

    model_config = ConfigDict(extra="forbid")
    violation: str | None = None
    item_code: str | None = None
    corrected: Corrected
    harm: Harm
    substantive_compliance: bool = False
    circumstances: list[Circumstance] = []
    violation_date: dt.date | None = None
    violation_ongoing: bool = False
    first_violation: bool | None = None
    prior_violations: list[PriorViolationIn] = []


class FactsIn(Schema):
    """The facts of shared/contracts/decision.md (version 2); unknown fields are rejected (422). `corrected` and
    `harm` are required (行政处罚法 art. 40) unless `violations` carries them per violation."""

    model_config = ConfigDict(extra="forbid")
    org: str
    date: dt.date | None = None
    found_date: dt.date | None = None
    violation_date: dt.date | None = None
    violation_ongoing: bool = False
    violation: str | None = None
    item_code: str | None = None
    party: PartyIn
    first_violation: bool | None = None
    prior_violations: list[PriorViolationIn] = []
    corrected: Corrected | None = None
    harm: Harm | None = None
    substantive_compliance: bool = False
    circumstances: list[Circumstance] = []
    extra: dict[str, Any] | None = None
    coercive_measure: Literal["temporary_suspension", "equipment_stop", "power_cut", "seal_or_seize"] | None = None
    violations: list[ViolationPartIn] | None = None


class ErrorOut(Schema):
    error: str
    field: str | None = None


class DecisionOut(Schema):
    """The decision of shared/contracts/decision.md (fields may be added, none renamed)."""

    model_config = ConfigDict(extra="allow")
    outcome: Literal["no_penalty", "reduced", "lighter", "standard", "heavier"]
    outcome_label: str
    mandatory: bool
    list_item: dict[str, Any] | None = None
    legal_basis: list[dict[str, Any]]
    measures: list[str] = []
    exclusions: list[str] = []
    discretionary_options: list[dict[str, Any]] = []
    unmet_conditions: list[str] = []
    refer_to_police: bool
    coercion: dict[str, Any] | None = None
    fine: dict[str, int] | None
    explanation: str
    trace: list[dict[str, Any]] = []
    engine_version: str
    list_version: str
    time_barred: bool = False
    additional_penalties: list[dict[str, Any]] = []
    person_fines: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] | None = None
    """Only for the `violations` input (分别裁量、合并处罚); absent otherwise."""
    combined: dict[str, Any] | None = None
    exclusions_labels: list[str] = []
    first_violation: bool | None = None
    violation: dict[str, Any] = {}
    facts: dict[str, Any] = {}


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """Inline `$defs` references so the request schema stands alone inside the OpenAPI document."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref[len("#/$defs/"):]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


_FACTS_SCHEMA = FactsIn.model_json_schema()
FACTS_OPENAPI = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": _inline(_FACTS_SCHEMA, _FACTS_SCHEMA.get("$defs", {}))}}}}


@router.post("/evaluate", response={200: DecisionOut, 422: ErrorOut}, summary="计算裁量结果（决定契约）",
             openapi_extra=FACTS_OPENAPI, exclude_unset=True)
def evaluate_decision(request):
    """Evaluate the facts against the bureau's lists in force and the law; returns the decision.

    The body is the facts object documented above. It is checked by the engine itself, so every refusal
    (unknown field, bureau, violation, malformed date or value) is a 422 with a Chinese message naming
    the field; nothing is stored.
    """
    from rouxing.engine import EngineError

    from .decisions import evaluate

    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return Status(422, {"error": "输入不是有效的JSON。", "field": None})
    try:
        return Status(200, evaluate(payload, user=request.user))
    except EngineError as exc:
        return Status(422, {"error": str(exc), "field": exc.field})
