"""Django entry point of the decision engine (裁量): `evaluate(facts) -> decision dict`.

Resolves the bureau, loads its public list versions (own or claimed) from the database through
`loaders`, supplies the party's `History` (earlier findings, handed in by the cases app through the
`PARTY_HISTORY` hook, and the credit facts the database knows), then calls the pure engine. The same function serves the CLI (`rouxing decide`), the HTTP API and the
裁量助手 page, so the three entry points give one answer.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from django.db.models import Q

from rouxing.orgs.models import Org

from .history import PARTY_HISTORY, History
from .loaders import benchmark_dict, catalogue_dicts, version_to_rule_dict
from .models import ListVersion

_cache_lock = threading.Lock()
_source_cache: dict[str, Any] = {}


def _resolve_org(name_or_code: str) -> Org | None:
    key = (name_or_code or "").strip()
    if not key:
        return None
    return Org.objects.filter(Q(name=key) | Q(code=key), kind=Org.Kind.ENFORCEMENT).first()


def _public_versions(org: Org) -> list[ListVersion]:
    return list(
        ListVersion.objects.filter(org=org, status__in=[ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED])
        .select_related("org", "claimed_from__org")
        .order_by("effective_from")
    )


def _rule_data(org: Org) -> dict[str, Any]:
    """Everything a compiled rule source embeds: the bureau (code, name, look-back), its public versions, the
    catalogue and the benchmark with the bureau's overrides."""
    return {
        "catalogue": catalogue_dicts(),
        "versions": [version_to_rule_dict(v) for v in _public_versions(org)],
        "benchmarks": {org.code: benchmark_dict(org)},
        "orgs": [{"code": org.code, "name": org.name, "lookback_days": org.first_violation_lookback_days}],
    }


def _cache_key(data: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the rule data: any change to anything the source embeds (a version, a
    catalogue entry, a benchmark, the bureau's settings) gives a new key, in every process."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def rule_source_for(org: Org):
    """The engine's rule source for one bureau, compiled once per content of its rule data (cached)."""
    from rouxing.engine import InMemoryRuleSource

    data = _rule_data(org)
    key = _cache_key(data)
    with _cache_lock:
        source = _source_cache.get(key)
    if source is not None:
        return source
    source = InMemoryRuleSource.from_dicts(**data)
    with _cache_lock:
        if len(_source_cache) > 64:
            _source_cache.clear()
        _source_cache[key] = source
    return source


def _extra_from_history(history: History, facts: dict[str, Any], declared: dict[str, str]) -> dict[str, Any]:
    """Declared `extra` facts the database knows (credit records), for a party the caller left them out for."""
    party = facts.get("party") or {}
    if not declared or not (party.get("uscc") or party.get("id_number")):
        return {}
    return {k: v for k, v in dict(history.credit).items() if k in declared}


def evaluate(facts: dict[str, Any], *, user=None, history: History | None = None) -> dict[str, Any]:
    """Evaluate contract facts; raises `rouxing.engine.EngineError` (Chinese message naming the field).

    The party's history and credit facts come from the database only when the bureau is the caller's own
    (or the caller is the system, e.g. the command line): another bureau's records stay private. They are
    the `history` handed in, or else what the `PARTY_HISTORY` hook (provided by the cases app) loads; a
    missing hook raises `HookMissing` rather than deciding with an empty history.
    """
    from rouxing.engine import EngineInputError, NoHistory, decide, parse_facts
    from rouxing.engine.facts import parse_parts

    # the `violations` input (分别裁量、合并处罚) shares org, date and party: the first part names the bureau
    parsed = parse_parts(facts)[0] if isinstance(facts, dict) and "violations" in facts else parse_facts(facts)
    org = _resolve_org(parsed.org)
    if org is None:
        raise EngineInputError("org", f"未知的执法机关“{parsed.org}”：请填写系统中已登记的机关名称或代码。")
    source = rule_source_for(org)
    own = user is None or getattr(user, "org_id", None) == org.pk
    if not own:
        return decide(facts, source, history=NoHistory()).to_dict()
    if history is None:
        history = PARTY_HISTORY.get()(org=org, party=facts.get("party") or {}, on_date=parsed.date)
    known = _extra_from_history(history, facts, source.declared_facts(org.code))
    if known:
        facts = {**facts, "extra": {**known, **(facts.get("extra") or {})}}
    return decide(facts, source, history=history).to_dict()
