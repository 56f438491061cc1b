"""Extension points of the parties app (see `rouxing.core.hooks`), filled by higher apps in ready().

- `PUBLICITY_WITHDRAW` (required, provided by cases): a penalty publicity record was withdrawn
  (期满撤回 or an approved 信用修复), so the decisions published with it leave the public pages.
- `PARTY_SECTIONS` (contributions): extra sections of the party page. No app contributes one yet: the
  importlib lookup this replaces looked for `party_sections` in cases and lists selectors, which never
  defined it, so the page never had such a section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from rouxing.core.hooks import Contributions, Hook

from .models import CreditRecord, Party


class WithdrawPublicity(Protocol):
    def __call__(self, *, user: Any, record: CreditRecord, reason: str, on: dt.date) -> Any: ...


PUBLICITY_WITHDRAW: Hook[WithdrawPublicity] = Hook(
    "parties.publicity_withdraw", "撤回信用公示时撤下据此公示的行政处罚决定")

PartySections = Callable[[Any, Party], list[dict]]

PARTY_SECTIONS: Contributions[PartySections] = Contributions("parties.party_sections", "当事人页面的其他应用栏目")
