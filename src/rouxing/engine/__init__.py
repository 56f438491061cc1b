"""The decision engine (裁量): pure Python, no Django import; dataclasses in, a self-explaining decision out.

Public API: `decide(facts, source, history=None) -> Decision`, `InMemoryRuleSource.from_dicts(...)`,
`RuleSet.from_dict(...)`, `parse_facts(...)`, the errors, and `ENGINE_VERSION`. See README.md.
"""

from .decide import decide, evaluate_version
from .decision import Coercion, Decision, Fine, Option
from .errors import EngineError, EngineInputError, RuleConflictError, RuleDataError
from .facts import Facts, Party, PriorViolation, parse_facts
from .rules import Benchmark, CatalogueEntry, ItemRule, RuleSet, ViolationRef
from .source import History, InMemoryRuleSource, NoHistory, OrgInfo
from .vocabulary import ENGINE_VERSION, normalize_name

__all__ = [
    "ENGINE_VERSION", "Benchmark", "CatalogueEntry", "Coercion", "Decision", "EngineError", "EngineInputError",
    "Facts", "Fine", "History", "InMemoryRuleSource", "ItemRule", "NoHistory", "Option", "OrgInfo", "Party",
    "PriorViolation", "RuleConflictError", "RuleDataError", "RuleSet", "ViolationRef", "decide",
    "evaluate_version", "normalize_name", "parse_facts",
]
