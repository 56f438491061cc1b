"""双随机一公开 draws (seed 003 三(一)1): random parties from the bureau's party list and random
officers, reproducible from the stored pools and seed. Pure functions, no database access.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class DrawResult:
    party_ids: list[int]
    officer_ids: list[int]
    pool_digest: str


def pool_digest(party_pool: list[int], officer_pool: list[int]) -> str:
    """SHA-256 of the two sorted pools, so a published draw can be checked against its pools."""
    data = json.dumps({"parties": sorted(party_pool), "officers": sorted(officer_pool)}, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def draw(*, party_pool: list[int], officer_pool: list[int], seed: int, party_count: int,
         officers_per_party: int = 2) -> DrawResult:
    """Draw `party_count` parties and, for each, `officers_per_party` officers (at least two officers
    per inspection, 行政处罚法 art. 42). The same pools and seed always give the same result.
    """
    if party_count < 1:
        raise ValueError("抽取数量至少为 1。")
    if party_count > len(party_pool):
        raise ValueError(f"检查对象名录库只有 {len(party_pool)} 家，不能抽取 {party_count} 家。")
    if len(officer_pool) < officers_per_party:
        raise ValueError(f"执法人员名录库少于 {officers_per_party} 人，不能组成检查组。")
    rng = random.Random(seed)
    parties = rng.sample(sorted(party_pool), party_count)
    officers: list[int] = []
    ordered_officers = sorted(officer_pool)
    for _ in parties:
        officers.extend(rng.sample(ordered_officers, officers_per_party))
    return DrawResult(party_ids=parties, officer_ids=officers, pool_digest=pool_digest(party_pool, officer_pool))
