"""Synthetic rule data for the engine's unit tests (pure Python, no database).

The rule book imitates the shape of seed 000 (三明 annexes 1–4) on a made-up bureau, so each test can
state exactly which item or article it exercises.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from rouxing.engine import InMemoryRuleSource

DEMO_DIR = Path(__file__).resolve().parents[2] / "src" / "rouxing" / "lists" / "demo"
ORG = {"code": "T-YJJ", "name": "测试市应急管理局"}
A33_1 = {"law": "中华人民共和国行政处罚法", "article": 33, "paragraph": 1, "text": "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"}
A32 = {"law": "中华人民共和国行政处罚法", "article": 32, "paragraph": 0, "text": "应当从轻或者减轻行政处罚"}
QZ16 = {"law": "中华人民共和国行政强制法", "article": 16, "paragraph": 2, "text": "可以不采取行政强制措施。"}

CATALOGUE = [
    {"code": "T-001", "name": "生产经营单位未建立事故隐患排查治理制度的", "aliases": ["未建立隐患排查制度"],
     "penalty": [{"law": "中华人民共和国安全生产法", "article": 101, "paragraph": 1, "text": "责令限期改正，处十万元以下的罚款"}],
     "fine_min": 0, "fine_max": 100000, "overdue": {"fine_min": 100000, "fine_max": 200000}},
    {"code": "T-002", "name": "生产经营单位未如实记录安全生产教育和培训情况的",
     "penalty": [{"law": "中华人民共和国安全生产法", "article": 97, "paragraph": 1, "text": "处十万元以下的罚款"}],
     "fine_min": 10000, "fine_max": 50000},
    {"code": "T-003", "name": "生产经营单位未按照规定开展应急预案评审的", "fine_min": 10000, "fine_max": 30000},
]


def cond(cid: str, label: str, fact: str, op: str, value, exclusion: str = "conditions_unmet") -> dict:
    return {"id": cid, "label": label, "when": {"fact": fact, "op": op, "value": value}, "exclusion": exclusion}


GENERAL = cond("general_industry", "一般生产经营单位", "party.industry", "in", ["general"], "high_risk_industry")
FIRST = cond("first_violation", "属于首次被发现", "first_violation", "eq", True, "not_first_violation")
IN_TIME = cond("corrected", "及时改正", "corrected", "in", ["immediately", "within_deadline"], "not_corrected")
NO_HARM = cond("harm_none", "没有造成危害后果", "harm", "in", ["none"], "harm")
MINOR_HARM = cond("harm_minor", "危害后果轻微", "harm", "in", ["none", "minor"], "harm")
SUBSTANTIVE = cond("substantive", "有证据证明已履行主要义务", "substantive_compliance", "eq", True)


def version_dict(**overrides) -> dict:
    """Version T-1: no_penalty item 1 for T-001, reduced item 1 for T-003, a lighter catch-all, no_coercion."""
    data = {
        "org": ORG, "version": "T-1", "title": "测试清单", "effective_from": "2022-01-01", "effective_to": None,
        "filing_no": "测司备〔2022〕1号", "claimed_from": None,
        "declared_facts": [{"key": "not_blacklisted", "label": "未被列入严重失信主体名单", "type": "bool"}],
        "scope_exclusions": [
            {"id": "accident", "code": "accident", "label": "发生生产安全事故的除外",
             "when": {"fact": "circumstances", "op": "has", "value": "accident"},
             "lists": ["no_penalty", "reduced", "lighter", "no_coercion"], "basis": [A33_1]},
        ],
        "items": [
            {"id": "T-NP-1", "list": "no_penalty", "seq": 1, "code": "T-BYCF-001", "name": CATALOGUE[0]["name"] + "。",
             "violations": ["T-001"], "situation": "一般行业首次被发现、及时改正、没有危害后果",
             "conditions": [GENERAL, FIRST, IN_TIME, NO_HARM], "basis": [A33_1], "measures": ["说服教育", "行政告诫"]},
            {"id": "T-JQ-1", "list": "reduced", "seq": 1, "code": "T-JQCF-001", "name": CATALOGUE[2]["name"],
             "violations": ["T-003"], "situation": "已编制预案未评审，危害后果轻微",
             "conditions": [SUBSTANTIVE, MINOR_HARM, IN_TIME], "basis": [A32], "measures": ["行政约谈"]},
            {"id": "T-CQ-1", "list": "lighter", "seq": 1, "code": "T-CQCF-001", "name": "其他及时改正的违法行为",
             "catch_all": True, "excluded_violations": ["T-002"], "situation": "兜底",
             "conditions": [IN_TIME], "basis": [A32], "measures": ["行政提示"]},
            {"id": "T-NC-1", "list": "no_coercion", "seq": 1, "code": "T-BYQZ-001", "name": CATALOGUE[0]["name"],
             "violations": ["T-001"], "situation": "无现实危险", "coercive_measures": ["temporary_suspension"],
             "conditions": [cond("no_danger", "不存在现实危险", "circumstances", "lacks", "imminent_danger", "imminent_danger")],
             "basis": [QZ16], "measures": []},
        ],
    }
    data.update(overrides)
    return data


BENCHMARK = {"default": {"lighter": [0.0, 0.3], "standard": [0.3, 0.7], "heavier": [0.7, 1.0], "reduced": [0.0, 0.0]},
             "violations": {"T-002": {"standard": [0.2, 0.5]}}, "aggravating": ["repeated_violation"]}


def make_source(versions: list[dict] | None = None, **kw) -> InMemoryRuleSource:
    return InMemoryRuleSource.from_dicts(
        catalogue=copy.deepcopy(CATALOGUE), versions=versions if versions is not None else [version_dict()],
        benchmarks={"": BENCHMARK}, orgs=[{**ORG, "lookback_days": kw.get("lookback_days", 730)}])


def facts(**overrides) -> dict:
    """A general enterprise, first violation of T-001, corrected within the deadline, no harm, 2024-06-01."""
    data = {"org": ORG["name"], "date": "2024-06-01", "violation": CATALOGUE[0]["name"],
            "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
            "corrected": "within_deadline", "harm": "none"}
    data.update(overrides)
    return data


def load_demo(name: str):
    """One demo JSON file of src/rouxing/lists/demo, parsed."""
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def demo_source() -> InMemoryRuleSource:
    """The demo bureaus' JSON rule data, loaded straight from src/rouxing/lists/demo (no database)."""
    read = load_demo
    return InMemoryRuleSource.from_dicts(
        catalogue=read("catalogue.json"),
        versions=[read("sanming.json"), read("mingxi.json"), read("changji.json")],
        benchmarks={"": read("benchmark.json")})
