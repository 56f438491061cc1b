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
from .summary import summary_decide, summary_file
from .transfer import open_transfer, transfer_answer, transfer_approve, transfer_propose, transfer_send
from .withheld import coercion_withhold

__all__ = [
    "coercion_withhold", "engine_answer", "measure_approve", "measure_execute", "measure_extend", "measure_lift",
    "measure_propose",
    "measure_review", "open_transfer", "power_cut_notify", "summary_decide", "summary_file", "transfer_answer",
    "transfer_approve", "transfer_propose", "transfer_send",
]
