"""Models of the cases app (案件办理): inspection → finding → measures/commitment/rectification →
reinspection → case (立案 … 归档) with legal review, decision, delivery, execution, return visit,
and evidence files attached to any step. See cases/README.md for the field-by-field description.
"""

from .cases import Case, Execution, Instalment, LegalReview, PenaltyDecision, ReturnVisit
from .evidence import EvidenceFile
from .inspections import (
    Commitment,
    Finding,
    FindingRevision,
    FlexibleMeasure,
    Inspection,
    Outcome,
    RectificationOrder,
    Reinspection,
)
from .procedure import CaseNumberCounter, CollectiveDiscussion, Hearing, ProcedureRules

__all__ = [
    "Case", "CaseNumberCounter", "CollectiveDiscussion", "Commitment", "EvidenceFile", "Execution",
    "Finding", "FindingRevision", "FlexibleMeasure", "Hearing", "Inspection",
    "Instalment", "LegalReview", "Outcome", "PenaltyDecision", "ProcedureRules", "RectificationOrder", "Reinspection",
    "ReturnVisit",
]
