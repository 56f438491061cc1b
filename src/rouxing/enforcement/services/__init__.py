"""Services of the enforcement app: every legal gate lives here (see README.md)."""

from .coercion import (
    engine_answer,
    measure_approve,
    measure_execute,
    measure_extend,
    measure_lift,
    measure_propose,
    measure_review,
    power_cut_notify,
)
from .withheld import coercion_withhold

__all__ = [
    "coercion_withhold", "engine_answer", "measure_approve", "measure_execute", "measure_extend", "measure_lift",
    "measure_propose",
    "measure_review", "power_cut_notify",
]
