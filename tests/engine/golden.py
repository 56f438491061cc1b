"""Golden decisions: a broad set of facts whose full `Decision.to_dict()` (or error) was recorded once and
must stay identical (golden_decisions.json). It guards every output field — explanation text, trace
entries, legal basis — against unintended changes, e.g. while the engine is optimised.

Regenerate only when a change of output is intended and reviewed:
    .venv/bin/python -m tests.engine.golden
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from pathlib import Path

import yaml

from rouxing.engine import EngineError, InMemoryRuleSource, decide

from .rulebook import CATALOGUE, DEMO_DIR, demo_source, make_source, version_dict

FIXTURE = Path(__file__).with_name("golden_decisions.json")
SCENARIOS = [Path("/work/shared/scenarios/decisions.yaml"), Path("/work/shared/scenarios/decisions_v2.yaml")]
TODAY = "2024-06-15"
ORGS = {"SM-YJJ": "三明市应急管理局", "MX-YJJ": "明溪县应急管理局", "CJ-YJJ": "昌吉州应急管理局"}


def _read(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _demo_two_versions() -> InMemoryRuleSource:
    """三明 with a second version from 2024-01-01 (for 从旧兼从轻, art. 37): the old one ends that day, the new
    one drops the even items and requires `substantive_compliance` on the odd no_penalty items."""
    old = _read("sanming.json")
    old["effective_to"] = "2024-01-01"
    new = copy.deepcopy(_read("sanming.json"))
    new.update(version="2024-1", effective_from="2024-01-01", filing_no="明司备〔2024〕1号")
    new["items"] = [i for n, i in enumerate(new["items"]) if n % 2 == 0]
    for item in new["items"]:
        if item["list"] == "no_penalty":
            item["conditions"] = [*item["conditions"], {
                "id": "substantive", "label": "有证据证明已履行主要义务", "exclusion": "conditions_unmet",
                "when": {"fact": "substantive_compliance", "op": "eq", "value": True}}]
    return InMemoryRuleSource.from_dicts(catalogue=_read("catalogue.json"), versions=[old, new],
                                         benchmarks={"": _read("benchmark.json")},
                                         orgs=[{"code": "SM-YJJ", "name": ORGS["SM-YJJ"], "lookback_days": 365}])


def _synthetic_two_versions() -> InMemoryRuleSource:
    new = version_dict(version="T-2", effective_from="2024-01-01")
    new["items"] = [i for i in new["items"] if i["id"] != "T-NP-1"]
    return make_source([version_dict(effective_to="2024-01-01"), new])


def _synthetic_seal() -> InMemoryRuleSource:
    """T-NC-1 covering 查封扣押 with a condition a statutory ground leaves open (no accident)."""
    data = version_dict()
    data["items"][3]["coercive_measures"] = ["seal_or_seize"]
    data["items"][3]["conditions"] = [{"id": "no_accident", "label": "未发生生产安全事故", "exclusion": "accident",
                                       "when": {"fact": "circumstances", "op": "lacks", "value": "accident"}}]
    return make_source([data])


SOURCES = {"demo": demo_source, "demo37": _demo_two_versions, "synthetic": make_source,
           "synthetic37": _synthetic_two_versions, "synthetic_seal": _synthetic_seal}


class FixedHistory:
    """Earlier findings (code, date) known to the database side."""

    def __init__(self, found: list[list[str]]):
        self.found = [(code, dt.date.fromisoformat(day)) for code, day in found]

    def prior_violations(self, *, party, violation_code, before):
        return [f for f in self.found if f[0] == violation_code and f[1] < before]


BASE = {"date": "2024-06-01", "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
        "corrected": "within_deadline", "harm": "none", "substantive_compliance": True, "circumstances": []}
VARIANTS = [
    {}, {"first_violation": False}, {"party": {"kind": "enterprise", "industry": "mining"}}, {"harm": "minor"},
    {"harm": "serious"}, {"corrected": "overdue"}, {"corrected": "refused"}, {"corrected": "immediately"},
    {"substantive_compliance": False}, {"circumstances": ["major_hidden_danger"]}, {"circumstances": ["accident"]},
    {"circumstances": ["suspected_crime"]},
    {"circumstances": ["repeated_violation"], "corrected": "not_yet", "first_violation": False},
    {"circumstances": ["actively_eliminated_harm", "meritorious_service"], "harm": "serious"},
    {"circumstances": ["no_subjective_fault"], "first_violation": False},
    {"coercive_measure": "temporary_suspension"}, {"coercive_measure": "power_cut", "corrected": "refused",
                                                   "circumstances": ["major_hidden_danger", "imminent_danger"]},
]
STATUTORY = [
    {"party": {"kind": "person", "industry": "general", "age": 13}},
    {"party": {"kind": "person", "industry": "general", "age": 15}, "first_violation": False},
    {"party": {"kind": "person", "industry": "general", "age": 20}, "harm": "serious"},
    {"party": {"kind": "person", "industry": "general", "age": 15}, "harm": "serious", "corrected": "overdue"},
    {"circumstances": ["coerced_or_induced"], "first_violation": False},
    {"circumstances": ["confessed_unknown_violation", "bad_social_impact"]},
    {"circumstances": ["illegal_production", "emergency_measure_violation"]},
    {"coercive_measure": "equipment_stop", "circumstances": ["imminent_danger"]},
    {"coercive_measure": "seal_or_seize", "harm": "minor"},
    {"coercive_measure": "power_cut"},
    # contract version 2: time bar, emergencies, coercion grounds, 并处
    {"violation_date": "2021-01-15", "date": "2024-06-01"}, {"violation_date": "2021-01-15", "harm": "minor"},
    {"violation_date": "2021-01-15", "violation_ongoing": True}, {"violation_date": "2022-01-15", "found_date": "2023-01-01"},
    {"circumstances": ["emergency_measure_violation"], "first_violation": False},
    {"coercive_measure": "seal_or_seize", "circumstances": ["nonconforming_equipment"]},
    {"coercive_measure": "temporary_suspension", "circumstances": ["major_hidden_danger", "imminent_danger"]},
    {"coercive_measure": "power_cut", "circumstances": ["major_hidden_danger", "imminent_danger",
                                                        "refused_temporary_measures"]},
    {"corrected": "refused", "first_violation": False, "harm": "serious"},
]


def _demo_cases() -> list[dict]:
    cases = []
    catalogue = _read("catalogue.json")
    for file, org in (("sanming.json", "SM-YJJ"), ("mingxi.json", "MX-YJJ"), ("changji.json", "CJ-YJJ")):
        items = _read(file)["items"]
        # catch-all items (昌吉) are found through the catalogued violations they cover
        names = [i["name"] for i in items if not i.get("catch_all")] or [c["name"] for c in catalogue[::3]]
        for name, variant in itertools.product(names, VARIANTS):
            facts = {"org": ORGS[org], **copy.deepcopy(BASE), "violation": name, **variant}
            cases.append({"source": "demo", "facts": facts})
        for item in items:
            cases.append({"source": "demo", "facts": {"org": org, **BASE, "item_code": item["code"]}})
    for entry, variant in itertools.product(catalogue[:6], STATUTORY):
        cases.append({"source": "demo", "facts": {"org": ORGS["SM-YJJ"], **copy.deepcopy(BASE),
                                                  "violation": entry["name"], **variant}})
    return cases


def _special_cases() -> list[dict]:
    sm = _read("sanming.json")["items"]
    name = sm[0]["name"]
    unknown = {k: v for k, v in BASE.items() if k != "first_violation"}
    cases = [
        # art. 37: the violation happened under the old version, decided under the new one
        *({"source": "demo37", "facts": {"org": ORGS["SM-YJJ"], **BASE, "violation": i["name"], **v}}
          for i in sm for v in ({"violation_date": "2023-10-01"}, {"violation_date": "2023-10-01",
                                                                   "substantive_compliance": False},
                                {"violation_date": "2024-03-01"}, {})),
        *({"source": "synthetic37", "facts": {"org": "测试市应急管理局", **BASE, "violation": c["name"], **v}}
          for c in CATALOGUE for v in ({"violation_date": "2023-06-01"}, {"violation_date": "2023-06-01",
                                                                         "harm": "minor"})),
        # first violation computed from the caller's priors and the database history
        {"source": "demo37", "facts": {"org": ORGS["SM-YJJ"], **unknown, "violation": name,
                                       "prior_violations": [{"violation": name, "date": "2023-10-01"}]}},
        {"source": "demo37", "facts": {"org": ORGS["SM-YJJ"], **unknown, "violation": name,
                                       "prior_violations": [{"violation": name, "date": "2022-10-01"}]}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], **unknown, "violation": name,
                                     "prior_violations": [{"item_code": sm[0]["code"], "date": "2023-10-01"},
                                                          {"violation": sm[1]["name"], "date": "2024-01-01"}]}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], **unknown, "violation": name},
         "history": [[sm[0]["violations"][0], "2024-02-01"]]},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], **unknown, "violation": name}},
        # spellings, defaults, synthetic rule book (catch-all, reduced, no_coercion, declared extra facts)
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": " " + name.rstrip("。") + " "}},
        {"source": "demo", "facts": {"org": "SM-YJJ", "violation": name}},
        *({"source": "synthetic", "facts": {"org": "测试市应急管理局", **BASE, "violation": c["name"], **v}}
          for c in CATALOGUE for v in VARIANTS),
        {"source": "synthetic", "facts": {"org": "T-YJJ", **BASE, "violation": "其他及时改正的违法行为"}},
        {"source": "synthetic", "facts": {"org": "T-YJJ", **BASE, "item_code": "T-JQCF-001", "harm": "minor",
                                          "extra": {"not_blacklisted": True}}},
        {"source": "synthetic", "facts": {"org": "T-YJJ", **BASE, "item_code": "T-001"}},
        *({"source": "synthetic_seal", "facts": {"org": "T-YJJ", **BASE, "violation": CATALOGUE[0]["name"],
                                                 "coercive_measure": "seal_or_seize", "circumstances": c}}
          for c in (["nonconforming_equipment"], ["illegal_dangerous_goods", "accident"], [])),
        # 分别裁量、合并处罚
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "date": "2024-06-01", "party": BASE["party"], "violations": [
            {"violation": name, "first_violation": True, "corrected": "within_deadline", "harm": "none"},
            {"violation": sm[1]["name"], "first_violation": False, "corrected": "overdue", "harm": "none"}]}},
        # errors: unknown field, bureau, violation, code, bad values, undeclared extra
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "colour": "red"}},
        {"source": "demo", "facts": {"org": "不存在的局", "violation": name}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": "不存在的违法行为"}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "item_code": "NO-SUCH-CODE"}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "date": "2024-13-01"}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "harm": "huge"}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "party": {"kind": "x"}}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "party": {"age": 200}}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "circumstances": ["nope"]}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "first_violation": "yes"}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "extra": {"nope": True}}},
        {"source": "synthetic", "facts": {"org": "T-YJJ", "violation": CATALOGUE[0]["name"],
                                          "extra": {"not_blacklisted": "yes"}}},
        {"source": "demo", "facts": {"org": ORGS["SM-YJJ"], "violation": name, "prior_violations": [{"date": "x"}]}},
        {"source": "demo", "facts": {"violation": name}},
        {"source": "demo", "facts": ["not", "an", "object"]},
    ]
    return cases


def _scenario_cases() -> list[dict]:
    return [{"source": "demo", "facts": s["facts"]} for path in SCENARIOS
            for s in yaml.safe_load(path.read_text(encoding="utf-8"))]


def run(case: dict, sources: dict) -> dict:
    """The recorded result of one case: the decision's contract JSON, or the error raised."""
    history = FixedHistory(case["history"]) if case.get("history") else None
    try:
        decision = decide(copy.deepcopy(case["facts"]), sources[case["source"]], history,
                          today=dt.date.fromisoformat(TODAY))
    except EngineError as exc:
        return {"error": type(exc).__name__, "field": exc.field, "message": exc.message}
    return decision.to_dict()


def build_sources() -> dict:
    return {name: make() for name, make in SOURCES.items()}


def main() -> None:
    sources = build_sources()
    cases = [*_demo_cases(), *_special_cases(), *_scenario_cases()]
    for case in cases:
        case["expected"] = run(case, sources)
    FIXTURE.write_text(json.dumps(cases, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n",
                       encoding="utf-8")
    print(f"{len(cases)} cases written to {FIXTURE}")


if __name__ == "__main__":
    main()
