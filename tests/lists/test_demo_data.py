"""The demo rule data (src/rouxing/lists/demo/*.json) says what the seed documents say.

三明 annexes 1–4 of seed 000 (7 不予处罚, 2 减轻, 1 从轻, 0 不予强制 items, with the annex names and
情形 verbatim), 明溪's claim of the 三明 version with seed 001's exclusions, 昌吉's seed 002 四(一) 1–3
(catch-all 首违不罚 and the limits on 临时紧急措施 and 停止供电), the catalogue's statute texts and
fine ranges, and the public decision scenarios checked against the data with a minimal first-match
reading of the conditions (the real engine lives in rouxing.engine).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from rouxing.lists.reference_data import TEN_METHODS

DEMO_DIR = Path(__file__).resolve().parents[2] / "src" / "rouxing" / "lists" / "demo"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "seeds"
STATUTES = SHARED / "reference" / "statutes"
STATUTE_FILES = {
    "中华人民共和国安全生产法": "anquan_shengchan_fa_2021.md",
    "中华人民共和国行政处罚法": "xingzheng_chufa_fa_2021.md",
    "中华人民共和国行政强制法": "xingzheng_qiangzhi_fa_2011.md",
    "生产安全事故应急条例": "shengchan_anquan_shigu_yingji_tiaoli_2019.md",
}
OPS = {"eq", "ne", "in", "not_in", "has", "lacks", "gte", "lte"}
LISTS = {"no_penalty", "reduced", "lighter", "no_coercion"}
INDUSTRIES = {"general", "mining", "hazardous_chemicals", "metal_smelting", "construction", "road_transport",
              "fireworks", "other_high_risk"}
COERCIVE = {"temporary_suspension", "equipment_stop", "power_cut", "seal_or_seize"}
VERSION_FILES = ("sanming.json", "mingxi.json", "changji.json")
LENIENCY_ORDER = ("no_penalty", "reduced", "lighter")


def load(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_versions() -> list[dict]:
    return [load(f) for f in VERSION_FILES]


def all_items() -> list[tuple[str, dict]]:
    return [(v["org"]["code"], item) for v in all_versions() for item in v["items"]]


def predicates(when: dict):
    """Every leaf predicate of a `when` tree."""
    if "all" in when or "any" in when:
        for sub in when.get("all", []) + when.get("any", []):
            yield from predicates(sub)
    elif "not" in when:
        yield from predicates(when["not"])
    else:
        yield when


# --- catalogue ---------------------------------------------------------------------------------

def test_catalogue_codes_are_unique_and_fine_ranges_ordered():
    # given the catalogue
    rows = load("catalogue.json")
    # then
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert 0 <= row["fine_min"] <= row["fine_max"], row["code"]
        overdue = row.get("overdue") or {}
        if "fine_min" in overdue:
            assert overdue["fine_min"] <= overdue["fine_max"], row["code"]
        if "person_fine_min" in overdue:
            assert overdue["person_fine_min"] <= overdue["person_fine_max"], row["code"]


def test_catalogue_article_97_tier_is_as_written_in_the_statute():
    # given 安全生产法 art. 97: 处十万元以下的罚款；逾期未改正的 … 十万元以上二十万元以下 … 二万元以上五万元以下
    row = next(r for r in load("catalogue.json") if r["code"] == "AQSC-097-01")
    # then
    assert (row["fine_min"], row["fine_max"]) == (0, 100000)
    assert row["overdue"] == {"fine_min": 100000, "fine_max": 200000, "other": "责令停产停业整顿",
                              "person_fine_min": 20000, "person_fine_max": 50000}
    assert row["penalty"][0]["article"] == 97 and row["penalty"][0]["item"] == 1


def test_catalogue_statute_texts_are_copied_verbatim():
    # given the full statute texts
    statutes = {law: squash((STATUTES / f).read_text(encoding="utf-8")) for law, f in STATUTE_FILES.items()}
    checked = 0
    # when every breaks/penalty text of a law we hold is cut at its item markers
    for row in load("catalogue.json"):
        for ref in row["breaks"] + row["penalty"]:
            assert isinstance(ref["article"], int)
            if ref["law"] not in statutes:
                continue
            for part in re.split(r"(?=[（(][一二三四五六七八九十]+[）)])", squash(ref["text"])):
                # then each part occurs in the statute as written
                assert part in statutes[ref["law"]], (row["code"], part[:40])
            checked += 1
    assert checked >= 40


def test_catalogue_marks_texts_that_are_not_verbatim():
    # given rows citing a law whose full text is not held (应急预案管理办法: legal_reference 2b.2, reported)
    rows = [r for r in load("catalogue.json")
            if any(ref["law"] not in STATUTE_FILES for ref in r["breaks"] + r["penalty"])]
    # then the row says so, and keeps the confirmed 1万–3万 range
    assert {r["code"] for r in rows} == {"YJYA-045-02", "YJYA-045-05"}
    for row in rows:
        assert "未核实" in row["source_note"]
        assert (row["fine_min"], row["fine_max"]) == (10000, 30000)


def test_catalogue_covers_every_annex_violation_of_seed_000():
    # given the names of the violations in 三明 annexes 1-3
    names = {r["name"] for r in load("catalogue.json")}
    items = load("sanming.json")["items"]
    # then each item's violation is catalogued under the annex wording
    for item in items:
        assert item["name"] in names


# --- 三明 (seed 000 annexes 1-4) ---------------------------------------------------------------

def test_sanming_has_the_annex_counts_7_2_1_0():
    # given 三明's version
    items = load("sanming.json")["items"]
    # then
    counts = {kind: sum(1 for i in items if i["list"] == kind) for kind in LISTS}
    assert counts == {"no_penalty": 7, "reduced": 2, "lighter": 1, "no_coercion": 0}


def test_sanming_item_names_and_situations_are_the_annex_wording():
    # given seed 000
    seed = seed_text("000")
    # then every name and 情形 occurs in it verbatim, and seqs run 1..n per list
    for item in load("sanming.json")["items"]:
        assert item["name"] in seed, item["id"]
        assert item["situation"] in seed, item["id"]
    for kind in LENIENCY_ORDER:
        seqs = [i["seq"] for i in load("sanming.json")["items"] if i["list"] == kind]
        assert seqs == list(range(1, len(seqs) + 1))


def test_sanming_keeps_the_annex_notes():
    # given 三明's version
    data = load("sanming.json")
    # then the 一般生产经营单位 definition and annex 4's empty-list note are kept
    assert "本系统不存在不予行政强制事项" in data["note"]
    assert "一般生产经营单位是指除矿山、危化品、金属冶炼、建筑施工、道路运输以外的生产经营单位" in data["note"]
    assert data["effective_from"] == "2022-05-01"


def test_sanming_annex_1_items_are_limited_to_general_industry():
    # given annex 1 note 1
    items = [i for i in load("sanming.json")["items"] if i["list"] == "no_penalty"]
    # then each no-penalty item requires party.industry in [general]
    for item in items:
        cond = next(c for c in item["conditions"] if c["exclusion"] == "high_risk_industry")
        assert cond["when"] == {"fact": "party.industry", "op": "in", "value": ["general"]}


@pytest.mark.parametrize(("kind", "article"), [("no_penalty", 33), ("reduced", 32), ("lighter", 32)])
def test_sanming_items_cite_the_annex_basis(kind, article):
    # given the items of one list
    items = [i for i in load("sanming.json")["items"] if i["list"] == kind]
    # then the annex's 行政处罚法 article is the first basis
    for item in items:
        first = item["basis"][0]
        assert (first["law"], first["article"]) == ("中华人民共和国行政处罚法", article), item["id"]


# --- every version -----------------------------------------------------------------------------

def test_every_item_has_a_basis_with_integer_articles():
    for org, item in all_items():
        assert item["basis"], (org, item["id"])
        for ref in item["basis"]:
            assert isinstance(ref["article"], int) and not isinstance(ref["article"], bool), (org, item["id"])
            assert ref["law"] and ref["text"], (org, item["id"])


def test_every_item_is_well_formed():
    for org, item in all_items():
        assert item["list"] in LISTS, (org, item["id"])
        assert item["id"] and item["code"] and item["name"] and item["situation"], (org, item["id"])
        assert set(item["coercive_measures"]) <= COERCIVE
        assert bool(item["coercive_measures"]) == (item["list"] == "no_coercion"), (org, item["id"])
        if not item.get("catch_all"):
            assert item["violations"], (org, item["id"])


def test_every_condition_has_id_label_when_exclusion_and_allowed_ops():
    conditions = [(org, c) for org, item in all_items() for c in item["conditions"]]
    conditions += [(v["org"]["code"], s) for v in all_versions() for s in v["scope_exclusions"]]
    assert len(conditions) > 40
    for org, cond in conditions:
        assert cond["id"] and cond.get("label") and cond.get("when"), (org, cond)
        assert cond.get("exclusion") or cond.get("code"), (org, cond)
        for leaf in predicates(cond["when"]):
            assert leaf["op"] in OPS, (org, cond["id"])
            assert leaf["fact"], (org, cond["id"])
            if leaf["fact"] == "party.industry":
                assert set(leaf["value"]) <= INDUSTRIES


def test_condition_ids_are_unique_within_an_item():
    for org, item in all_items():
        ids = [c["id"] for c in item["conditions"]]
        assert len(ids) == len(set(ids)), (org, item["id"])


def test_extra_facts_are_declared_by_their_version():
    for version in all_versions():
        declared = {f["key"] for f in version["declared_facts"]}
        conds = [c for i in version["items"] for c in i["conditions"]] + version["scope_exclusions"]
        for cond in conds:
            for leaf in predicates(cond["when"]):
                if leaf["fact"].startswith("extra."):
                    assert leaf["fact"].removeprefix("extra.") in declared, (version["org"]["code"], cond["id"])


def test_every_measure_is_one_of_the_ten_methods():
    names = {m["name"] for m in TEN_METHODS}
    for org, item in all_items():
        assert item["measures"], (org, item["id"])
        assert set(item["measures"]) <= names, (org, item["id"])


def test_every_violation_code_exists_in_the_catalogue():
    codes = {r["code"] for r in load("catalogue.json")}
    for org, item in all_items():
        assert set(item["violations"]) <= codes, (org, item["id"])
        assert set(item["excluded_violations"]) <= codes, (org, item["id"])


# --- 明溪 (seed 001) and 昌吉 (seed 002) -------------------------------------------------------

def test_mingxi_claims_the_sanming_version_with_its_items():
    # given both versions
    sanming, mingxi = load("sanming.json"), load("mingxi.json")
    # then
    assert mingxi["claimed_from"] == {"org": "SM-YJJ", "version": sanming["version"]}
    assert mingxi["effective_from"] > sanming["effective_from"]
    assert [(i["list"], i["code"], i["name"]) for i in mingxi["items"]] == [
        (i["list"], i["code"], i["name"]) for i in sanming["items"]]
    assert {i["source_org"] for i in mingxi["items"]} == {"三明市应急管理局"}


def test_mingxi_adds_seed_001_scope_exclusions():
    # given seed 001 section 一(二)
    seed = squash(seed_text("001"))
    exclusions = {s["code"]: s for s in load("mingxi.json")["scope_exclusions"]}
    # then both exclusions cover all four lists and quote the plan
    assert set(exclusions) == {"emergency_measure_violation", "public_safety_field"}
    for excl in exclusions.values():
        assert set(excl["lists"]) == LISTS
        assert any(squash(b["text"]) in seed for b in excl["basis"]), excl["id"]
    emergency_basis = {(b["law"], b["article"]) for b in exclusions["emergency_measure_violation"]["basis"]}
    assert ("中华人民共和国行政处罚法", 49) in emergency_basis


def test_changji_has_a_catch_all_no_penalty_item_with_the_four_exclusions():
    # given 昌吉's version
    data = load("changji.json")
    item = next(i for i in data["items"] if i["list"] == "no_penalty" and i["catch_all"])
    # then it applies to every industry and refuses the four cases of seed 002 四(一)1
    facts = {leaf["fact"] for c in item["conditions"] for leaf in predicates(c["when"])}
    assert "party.industry" not in facts
    assert {c["exclusion"] for c in item["conditions"]} >= {
        "accident", "major_hidden_danger", "illegal_production", "bad_social_impact", "not_first_violation"}
    assert item["situation"] in seed_text("002")
    assert data["effective_from"] == "2020-07-30"


def test_changji_no_coercion_items_cover_temporary_measures_and_power_cut():
    # given 昌吉's no-coercion items
    items = [i for i in load("changji.json")["items"] if i["list"] == "no_coercion"]
    covered = {m for i in items for m in i["coercive_measures"]}
    # then
    assert covered >= {"temporary_suspension", "equipment_stop", "power_cut"}
    power = next(i for i in items if "power_cut" in i["coercive_measures"])
    assert ("中华人民共和国安全生产法", 70) in {(b["law"], b["article"]) for b in power["basis"]}


def test_benchmark_is_a_configurable_default_with_ordered_bands():
    bench = load("benchmark.json")
    assert bench["configurable"] is True
    for low, high in bench["default"].values():
        assert 0.0 <= low <= high <= 1.0
    assert set(bench["default"]) == {"lighter", "standard", "heavier", "reduced"}


# --- the public scenarios against the data -----------------------------------------------------

def _norm(name: str) -> str:
    return re.sub(r"[\s。.]+$", "", squash(name))


def _fact(facts: dict, name: str):
    value: object = facts
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if name == "circumstances":
        return value or []
    if name == "substantive_compliance":
        return bool(value)
    return value


def _holds(when: dict, facts: dict) -> bool:
    if "all" in when:
        return all(_holds(w, facts) for w in when["all"])
    if "any" in when:
        return any(_holds(w, facts) for w in when["any"])
    if "not" in when:
        return not _holds(when["not"], facts)
    value, op, want = _fact(facts, when["fact"]), when["op"], when["value"]
    return {"eq": lambda: value == want, "ne": lambda: value != want, "in": lambda: value in want,
            "not_in": lambda: value not in want, "has": lambda: want in value, "lacks": lambda: want not in value,
            "gte": lambda: value is not None and value >= want,
            "lte": lambda: value is not None and value <= want}[op]()


def _decide(facts: dict) -> dict:
    """Most lenient item whose every condition holds; scope exclusions refuse the lists they cover."""
    version = next(v for v in all_versions() if v["org"]["name"] == facts["org"])
    codes = {r["code"] for r in load("catalogue.json") if _norm(r["name"]) == _norm(facts["violation"])}
    exclusions: list[str] = []
    refused = set()
    for scope in version["scope_exclusions"]:
        if _holds(scope["when"], facts):
            exclusions.append(scope["code"])
            refused |= set(scope["lists"])
    candidates = [i for i in version["items"] if i["list"] in LENIENCY_ORDER and i["list"] not in refused
                  and (set(i["violations"]) & codes or i.get("catch_all"))]
    candidates.sort(key=lambda i: (LENIENCY_ORDER.index(i["list"]), i["seq"]))
    for item in candidates:
        failed = [c for c in item["conditions"] if not _holds(c["when"], facts)]
        if not failed:
            return {"outcome": item["list"], "item": item, "exclusions": exclusions}
        exclusions += [c["exclusion"] for c in failed]
    return {"outcome": "standard", "item": None, "exclusions": exclusions}


def _scenarios():
    yaml = pytest.importorskip("yaml")
    rows = yaml.safe_load((SHARED / "scenarios" / "decisions.yaml").read_text(encoding="utf-8"))
    return [pytest.param(r, id=r["name"][:60]) for r in rows if not r["expect"].get("error")]


@pytest.mark.parametrize("scenario", _scenarios())
def test_public_scenario_comes_out_right_on_the_demo_data(scenario):
    # given the facts of a public scenario
    expect = scenario["expect"]
    # when the data is read first-match, most lenient first
    result = _decide(scenario["facts"])
    # then
    assert result["outcome"] == expect["outcome"]
    for code in expect.get("exclusions_include", []):
        assert code in result["exclusions"]
    item = result["item"] or {}
    articles = {b["article"] for b in item.get("basis", [])}
    assert set(expect.get("legal_basis_articles_include", [])) <= articles
    assert set(expect.get("measures_include", [])) <= set(item.get("measures", []))


MINGXI_FIRST = {"org": "明溪县应急管理局", "violation": "生产经营单位未建立事故隐患排查治理制度的。",
                "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
                "corrected": "within_deadline", "harm": "none"}


@pytest.mark.parametrize(("extra_facts", "outcome", "exclusion"), [
    ({}, "no_penalty", None),
    ({"circumstances": ["emergency_measure_violation"]}, "standard", "emergency_measure_violation"),
    ({"extra": {"public_safety_field": True}}, "standard", "public_safety_field"),
])
def test_mingxi_applies_the_claimed_items_unless_a_scope_exclusion_holds(extra_facts, outcome, exclusion):
    # given a first violation, corrected, no harm, at 明溪 (seed 000 annex 1 item 6, seed 001 一(二))
    facts = {**MINGXI_FIRST, **extra_facts}
    # when
    result = _decide(facts)
    # then
    assert result["outcome"] == outcome
    if exclusion:
        assert exclusion in result["exclusions"]


@pytest.mark.parametrize(("measure", "circumstances", "refused"), [
    ("temporary_suspension", [], True),
    ("temporary_suspension", ["imminent_danger"], False),
    ("power_cut", ["major_hidden_danger", "imminent_danger"], True),
    ("power_cut", ["major_hidden_danger", "refused_temporary_measures"], True),
    ("power_cut", ["imminent_danger", "refused_temporary_measures"], True),
    ("power_cut", ["major_hidden_danger", "imminent_danger", "refused_temporary_measures"], False),
])
def test_changji_refuses_coercion_except_where_seed_002_allows_it(measure, circumstances, refused):
    # given 昌吉's no-coercion item for the measure asked (seed 002 四(一)3; 安全生产法 art. 70)
    item = next(i for i in load("changji.json")["items"] if measure in i["coercive_measures"])
    facts = {"circumstances": circumstances, "coercive_measure": measure}
    # when
    holds = all(_holds(c["when"], facts) for c in item["conditions"])
    # then the item refuses the measure unless the seed's exception holds
    assert holds == refused


# --- the demo loader ---------------------------------------------------------------------------

@pytest.mark.parametrize(("org_code", "label", "effective_from", "items"), [
    ("SM-YJJ", "2022-1", dt.date(2022, 5, 1), 10),
    ("MX-YJJ", "2022-1", dt.date(2022, 6, 1), 10),
    ("CJ-YJJ", "2020-1", dt.date(2020, 7, 30), 4),
])
def test_demo_loader_publishes_each_version_from_its_date(demo, org_code, label, effective_from, items):
    from rouxing.lists.models import ListVersion
    from rouxing.lists.selectors import version_in_force

    # given the demo data loaded by the test session
    version = ListVersion.objects.get(org=demo.org(org_code), label=label)
    # then
    assert version.status == ListVersion.Status.PUBLISHED
    assert version.effective_from == effective_from
    assert version.items.count() == items
    assert version_in_force(org=demo.org(org_code), day=effective_from) == version
    assert version_in_force(org=demo.org(org_code), day=effective_from - dt.timedelta(days=1)) is None


def test_demo_loader_links_mingxi_items_to_their_sanming_source(demo):
    from rouxing.lists.models import ListVersion

    # given the claimed version
    mingxi = ListVersion.objects.get(org=demo.org("MX-YJJ"), label="2022-1")
    # then it points at 三明's version, and each item at the item it adopted
    assert mingxi.claimed_from.org.code == "SM-YJJ"
    for item in mingxi.items.all():
        assert item.source_item is not None and item.source_item.version_id == mingxi.claimed_from_id
        assert item.source_item.code == item.code
        assert item.source_org_name == "三明市应急管理局"


def test_demo_loader_loads_the_whole_catalogue_and_the_base_benchmark(demo):
    from rouxing.lists.models import Benchmark, Violation

    # given the catalogue file
    rows = load("catalogue.json")
    # then every row is in the database with its fine range, and the base benchmark is set
    stored = {v.code: v for v in Violation.objects.all()}
    for row in rows:
        assert (stored[row["code"]].fine_min, stored[row["code"]].fine_max) == (row["fine_min"], row["fine_max"])
    assert Benchmark.objects.filter(org__isnull=True).exists()
