"""Rule sources: where the engine finds bureaus, list versions, the catalogue and benchmarks.

`InMemoryRuleSource` holds compiled rule sets built from plain dicts (docs/rules-format.md); the Django
side builds one per bureau from its database rows and caches it. `History` is the protocol through which
the caller supplies a party's earlier violations (for 首次被发现).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import RuleDataError
from .rules import Benchmark, CatalogueEntry, RuleSet, ViolationRef, catalogue_entry
from .vocabulary import check_identifier, normalize_name

DEFAULT_LOOKBACK_DAYS = 730


@dataclass(frozen=True)
class OrgInfo:
    """执法机关 as the engine needs it."""

    code: str
    name: str
    lookback_days: int = DEFAULT_LOOKBACK_DAYS


class History(Protocol):
    def prior_violations(self, *, party: dict[str, Any], violation_code: str, before: dt.date) -> list[tuple[str, dt.date]]:
        """Earlier findings of `violation_code` against the party, as (code, date), before `before`."""
        ...


class NoHistory:
    """A history that knows nothing (facts given by the caller only)."""

    def prior_violations(self, *, party: dict[str, Any], violation_code: str, before: dt.date) -> list[tuple[str, dt.date]]:
        return []


class InMemoryRuleSource:
    """Compiled catalogue, list versions, benchmarks and bureaus held in memory."""

    def __init__(self, *, catalogue: list[CatalogueEntry], versions: list[RuleSet],
                 benchmarks: dict[str, Benchmark], orgs: list[OrgInfo]):
        self.catalogue = {c.code: c for c in catalogue}
        self._catalogue_keys: dict[str, CatalogueEntry] = {}
        for entry in catalogue:
            for key in entry.keys:
                self._catalogue_keys.setdefault(key, entry)
        # the exact spellings of the catalogue (name, aliases) as written: found without normalising
        self._catalogue_spellings: dict[str, CatalogueEntry] = {}
        for entry in catalogue:
            for spelling in entry.spellings:
                self._catalogue_spellings.setdefault(spelling, entry)
        self._refs = {c.code: ViolationRef(code=c.code, name=c.name, keys=c.keys) for c in self.catalogue.values()}
        """One (immutable) reference per catalogue violation, its list candidates indexed in every version."""
        self.versions: dict[str, list[RuleSet]] = {}
        for version in sorted(versions, key=lambda v: (v.effective_from or dt.date.min, v.version)):
            self.versions.setdefault(version.org_code, []).append(version)
        self._index_versions()
        self.benchmarks = benchmarks
        for o in orgs:
            problem = check_identifier("org_code", o.code)
            if problem:
                raise RuleDataError("orgs.code", problem)
        known = {o.code: o for o in orgs}
        for version in versions:
            known.setdefault(version.org_code, OrgInfo(code=version.org_code, name=version.org_name))
        self.orgs = known
        self._declared: dict[str, dict[str, str]] = {}
        for code, held in self.versions.items():
            declared = self._declared[code] = {}
            for version in held:
                declared.update(version.declared)
        self._org_index: dict[str, OrgInfo] = {}
        for org in known.values():
            self._org_index.setdefault(org.code, org)
            self._org_index.setdefault(org.name, org)

    def _index_versions(self) -> None:
        """Each version's candidates for every catalogue violation, computed once here."""
        for held in self.versions.values():
            for version in held:
                for ref in self._refs.values():
                    version.index(ref)

    @classmethod
    def from_dicts(cls, *, catalogue: list[dict[str, Any]], versions: list[dict[str, Any]],
                   benchmarks: dict[str, dict[str, Any]] | None = None,
                   orgs: list[dict[str, Any]] | None = None) -> InMemoryRuleSource:
        """Compile plain rule dicts; `benchmarks` maps a bureau code (or "" for the base) to its benchmark."""
        try:
            entries = [catalogue_entry(c) for c in catalogue]
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleDataError("catalogue", f"处罚事项目录格式无效：{exc}") from exc
        return cls(
            catalogue=entries, versions=[RuleSet.from_dict(v) for v in versions],
            benchmarks={code: Benchmark(data) for code, data in (benchmarks or {}).items()},
            orgs=[OrgInfo(code=o["code"], name=o.get("name", o["code"]),
                          lookback_days=int(o.get("lookback_days") or DEFAULT_LOOKBACK_DAYS)) for o in orgs or ()],
        )

    def org(self, name_or_code: str) -> OrgInfo | None:
        return self._org_index.get((name_or_code or "").strip())

    def version_in_force(self, org_code: str, day: dt.date) -> RuleSet | None:
        """The version in force on `day`: valid on the date, then the latest effective_from."""
        found = [v for v in self.versions.get(org_code, ()) if v.in_force_on(day)]
        return found[-1] if found else None

    def declared_facts(self, org_code: str) -> dict[str, str]:
        """The `extra` keys (and their types) the bureau's versions declare."""
        return dict(self._declared.get(org_code, {}))

    def declares(self, org_code: str, key: str) -> str | None:
        """The type of a declared `extra` key, None when no version of the bureau declares it."""
        return self._declared.get(org_code, {}).get(key)

    def benchmark(self, org_code: str) -> Benchmark:
        return self.benchmarks.get(org_code) or self.benchmarks.get("") or Benchmark(None)

    def resolve_violation(self, org_code: str, *, violation: str | None = None,
                          item_code: str | None = None) -> ViolationRef | None:
        """Find the violation in the catalogue or in the bureau's list versions; None when unknown."""
        if item_code:
            entry = self.catalogue.get(item_code)
            if entry is not None:
                return ViolationRef(code=entry.code, name=entry.name, keys=entry.keys, item_code=item_code)
            for version in reversed(self.versions.get(org_code, ())):
                item = version.item_by_code(item_code)
                if item is not None:
                    ref = self._by_name(org_code, item.name)
                    codes = [c for c in item.violations if c in self.catalogue]
                    code = ref.code if ref and ref.code else (codes[0] if len(codes) == 1 else None)
                    return ViolationRef(code=code, name=item.name, keys=frozenset([item.key]), item_code=item_code)
            return None
        return self._by_name(org_code, violation or "")

    def _ref(self, entry: CatalogueEntry) -> ViolationRef:
        ref = self._refs.get(entry.code)
        if ref is not None and self.catalogue.get(entry.code) is entry:
            return ref
        return ViolationRef(code=entry.code, name=entry.name, keys=entry.keys)

    def _by_name(self, org_code: str, name: str) -> ViolationRef | None:
        entry = self._catalogue_spellings.get(name.strip())
        if entry is not None:
            return self._ref(entry)
        key = normalize_name(name)
        if not key:
            return None
        entry = self._catalogue_keys.get(key)
        if entry is not None:
            return self._ref(entry)
        for version in reversed(self.versions.get(org_code, ())):
            for item in version.items_named(key):
                codes = [c for c in item.violations if c in self.catalogue]
                if len(codes) == 1:
                    entry = self.catalogue[codes[0]]
                    return ViolationRef(code=entry.code, name=name.strip(), keys=entry.keys | {key})
                return ViolationRef(code=None, name=name.strip(), keys=frozenset([key]))
        return None
