"""The party's history the decision service (`decisions.evaluate`) needs, handed in by the cases app.

`History` is plain data: the party's earlier findings (违法行为代码, 发现日期) in the bureau, newest first,
and the credit facts the database knows (`parties.selectors.credit_facts_for`) on the decision date.
It satisfies the engine's `History` protocol (`prior_violations`).

lists does not import cases: the cases app provides `PARTY_HISTORY` (a required `rouxing.core.hooks.Hook`)
in its ready(). If no app provides it, `evaluate` raises `HookMissing` — it never decides as if the
party had no history (which would recommend leniency for a repeat offender).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from rouxing.core.hooks import Hook


@dataclass(frozen=True)
class History:
    """What the database knows about a party before a decision (首次被发现, credit conditions)."""

    findings: tuple[tuple[str, dt.date], ...] = ()
    """Earlier findings of the party in the bureau: (violation code, found on), newest first."""
    credit: Mapping[str, Any] = field(default_factory=dict)
    """Credit facts on the decision date (e.g. no_fatal_accident_3y, not_blacklisted)."""

    def prior_violations(self, *, party: dict[str, Any], violation_code: str,
                         before: dt.date) -> list[tuple[str, dt.date]]:
        """Earlier findings of `violation_code` found strictly before `before` (engine History protocol)."""
        return [(code, day) for code, day in self.findings if code == violation_code and day < before]


class HistoryLoader(Protocol):
    def __call__(self, *, org: Any, party: Mapping[str, Any], on_date: dt.date) -> History: ...


PARTY_HISTORY: Hook[HistoryLoader] = Hook(
    "lists.party_history", "当事人在本机关的既往违法记录和信用记录（用于认定首次违法和信用条件）")
