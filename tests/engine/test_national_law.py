"""National law beyond the lists (contract version 2, rules 8–15): one table per article, each row citing it.

Rows run on the synthetic rule book (tests/engine/rulebook.py): T-001 is 安全生产法 art. 101 (not on a list for a
repeat violation), T-NP-1 its 不予处罚 item, T-002 a violation on no list.
"""

from __future__ import annotations

import re

import pytest

from rouxing.engine import EngineInputError, decide

from .rulebook import CATALOGUE, demo_source, facts, make_source, version_dict

T001, T002, T003 = (c["name"] for c in CATALOGUE)
XZCF = "中华人民共和国行政处罚法"
AQSC = "中华人民共和国安全生产法"
DEMO = demo_source()
SM = "三明市应急管理局"
SM_97_1 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的。"  # 安全生产法 art. 97 (一)
SM_101_5 = "生产经营单位未建立事故隐患排查治理制度的。"  # art. 101 (五)
SM_99_5 = "生产经营单位未为从业人员提供符合国家标准或者行业标准的劳动防护用品的。"  # art. 99 (五)
SM_105_2 = ("生产经营单位生产经营场所和员工宿舍未设有符合紧急疏散需要、标志明显、保持畅通的出口，或者占用生产经营场所"
            "或者员工宿舍出口的。")  # art. 105 (二)
SM_102 = "生产经营单位未采取措施消除事故隐患的"  # art. 102
SM_98_1 = "未按照规定对矿山、金属冶炼建设项目或者用于生产、储存、装卸危险物品的建设项目进行安全评价的。"  # art. 98 (一)
SM_109 = "高危行业、领域的生产经营单位未按照国家规定投保安全生产责任保险的。"  # art. 109


def cites(decision, law: str, article: int) -> bool:
    return any(b["law"] == law and b["article"] == article for b in decision.to_dict()["legal_basis"])


# -- 行政处罚法 art. 36: 二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全且有危害后果的，延长至五年；
#    从违法行为发生之日起计算；连续或者继续状态的，从行为终了之日起计算 ------------------------------------------
ART36 = [
    ("ended 2022-01-14, found 2024-06-01: more than two years", {"violation_date": "2022-01-14"}, True),
    ("ended 2022-06-01, found 2024-06-01: exactly two years is within", {"violation_date": "2022-06-01"}, False),
    ("ended 2022-05-31, found 2024-06-01: one day late", {"violation_date": "2022-05-31"}, True),
    ("found_date decides, not the decision date", {"violation_date": "2022-01-14", "found_date": "2023-12-01"}, False),
    ("with harm the period is five years", {"violation_date": "2020-01-14", "harm": "minor"}, False),
    ("with harm, more than five years", {"violation_date": "2019-01-14", "harm": "serious"}, True),
    ("an accident is harm: five years", {"violation_date": "2020-01-14", "circumstances": ["accident"]}, False),
    ("a violation still continuing when found has not begun its period",
     {"violation_date": "2015-01-01", "violation_ongoing": True}, False),
    ("without a violation date nothing is barred", {}, False),
]


@pytest.mark.parametrize(("case", "overrides", "barred"), ART36, ids=[r[0] for r in ART36])
def test_art_36_time_bar(source, case, overrides, barred):
    decision = decide(facts(first_violation=False, **overrides), source)
    assert decision.time_barred is barred
    if barred:
        assert (decision.outcome, decision.mandatory, decision.fine) == ("no_penalty", True, None)
        assert cites(decision, XZCF, 36)
        assert decision.additional_penalties == () and decision.person_fines == ()
        assert "第三十六条" in decision.explanation
    else:
        assert not cites(decision, XZCF, 36)
        assert "第三十六条" not in decision.explanation


def test_art_36_comes_before_everything_else(source):
    # a time-barred emergency violation is still not punished (rule 8 before rule 9)
    decision = decide(facts(violation_date="2021-01-01", first_violation=False,
                            circumstances=["emergency_measure_violation"]), source)
    assert decision.outcome == "no_penalty" and decision.time_barred


# -- 行政处罚法 art. 40: 违法事实不清、证据不足的，不得给予行政处罚; contradictions are errors naming the fields -------
ART40 = [
    ("corrected missing", {"corrected": None}, "corrected"),
    ("harm missing", {"harm": None}, "harm"),
    ("both missing", {"corrected": None, "harm": None}, "corrected,harm"),
    ("初次违法 and 多次违法", {"circumstances": ["repeated_violation"]}, "first_violation,circumstances"),
    ("violation dated after the decision", {"violation_date": "2024-06-02"}, "violation_date"),
    ("found after the decision", {"found_date": "2024-07-01"}, "found_date"),
    ("found before it happened", {"violation_date": "2024-05-01", "found_date": "2024-04-01"}, "found_date,violation_date"),
    ("a prior violation after the decision", {"first_violation": False,
                                              "prior_violations": [{"violation": T001, "date": "2024-09-01"}]},
     "prior_violations[0].date"),
    ("age for an enterprise", {"party": {"kind": "enterprise", "industry": "general", "age": 30}}, "party.age,party.kind"),
    ("violation and item_code naming different 事项", {"item_code": "T-002"}, "violation,item_code"),
]


@pytest.mark.parametrize(("case", "overrides", "field"), ART40, ids=[r[0] for r in ART40])
def test_art_40_facts_must_be_clear_and_consistent(source, case, overrides, field):
    data = {k: v for k, v in {**facts(), **overrides}.items() if v is not None}
    with pytest.raises(EngineInputError) as err:
        decide(data, source)
    assert err.value.field == field
    assert re.search(r"[\u4e00-\u9fff]", err.value.message)


def test_art_40_the_same_item_by_name_and_code_is_no_contradiction(source):
    assert decide(facts(item_code="T-001"), source).outcome == "no_penalty"


# -- 行政处罚法 art. 49: 违反突发事件应对措施的行为，依法快速、从重处罚 -------------------------------------------------
ART49 = [
    ("a first violation on the 不予处罚 list", {}, "heavier"),
    ("art. 32 leniency gives way", {"circumstances": ["actively_eliminated_harm"]}, "heavier"),
    ("a minor aged 15", {"party": {"kind": "person", "industry": "general", "age": 15}}, "heavier"),
    ("under 14 is never punished (art. 30)", {"party": {"kind": "person", "industry": "general", "age": 13}},
     "no_penalty"),
    ("no subjective fault is never punished (art. 33 para. 2)", {"circumstances": ["no_subjective_fault"]},
     "no_penalty"),
]


@pytest.mark.parametrize(("case", "overrides", "outcome"), ART49, ids=[r[0] for r in ART49])
def test_art_49_emergencies_are_punished_more_heavily(source, case, overrides, outcome):
    circumstances = ["emergency_measure_violation", *overrides.pop("circumstances", [])]
    decision = decide(facts(circumstances=circumstances, **overrides), source)
    assert decision.outcome == outcome
    assert decision.list_item is None
    assert decision.discretionary_options == ()
    if outcome == "heavier":
        assert decision.mandatory is True
        assert cites(decision, XZCF, 49)
        assert "emergency_measure_violation" in decision.exclusions


# -- rule 10: every outcome but 不予处罚 cites the article that sets the penalty, and the leniency's source ------------
RULE10 = [
    ("standard", {"violation": T002, "first_violation": False}, "standard", [(AQSC, 97)]),
    ("heavier", {"violation": T002, "first_violation": False, "circumstances": ["repeated_violation"]}, "heavier",
     [(AQSC, 97)]),
    ("lighter by art. 32", {"violation": T002, "first_violation": False, "circumstances": ["meritorious_service"]},
     "lighter", [(AQSC, 97), (XZCF, 32)]),
    ("reduced by a list item", {"violation": T003, "harm": "minor", "substantive_compliance": True}, "reduced", []),
]


@pytest.mark.parametrize(("case", "overrides", "outcome", "articles"), RULE10, ids=[r[0] for r in RULE10])
def test_rule_10_penalty_article_always_cited(source, case, overrides, outcome, articles):
    decision = decide(facts(**overrides), source)
    assert decision.outcome == outcome
    for law, article in articles:
        assert cites(decision, law, article)


def test_rule_10_on_the_demo_catalogue_cites_the_item_of_the_article():
    decision = decide(facts(org=SM, violation=SM_97_1, first_violation=False), DEMO)
    basis = decision.to_dict()["legal_basis"]
    assert any(b["article"] == 97 and b.get("item") == 1 for b in basis)
    assert "《中华人民共和国安全生产法》第九十七条第一项" in decision.explanation


# -- rule 11: 从轻 inside the statutory range; 减轻 below the minimum and above zero --------------------------------------
def test_rule_11_lighter_stays_inside_the_range(source):
    decision = decide(facts(violation=T002, first_violation=False, circumstances=["coerced_or_induced"]), source)
    fine = decision.fine
    assert decision.outcome == "lighter"
    assert fine.statutory_min <= fine.band_min <= fine.band_max <= fine.statutory_max


def test_rule_11_reduced_lies_below_the_minimum_and_above_zero(source):
    decision = decide(facts(violation=T003, harm="minor", substantive_compliance=True), source)
    fine = decision.fine
    assert decision.outcome == "reduced" and fine.statutory_min == 10000
    assert 0 < fine.band_min <= fine.band_max < fine.statutory_min


def test_rule_11_reduced_without_a_statutory_minimum_lies_below_the_lightest_tier():
    # 安全生产法 art. 32 item: a 减轻 of a "十万元以下" fine lies below the benchmark's lightest tier, never 0–0
    data = version_dict()
    data["items"][1]["violations"] = ["T-001"]
    data["items"][1]["name"] = T001
    decision = decide(facts(first_violation=False, harm="minor", substantive_compliance=True), make_source([data]))
    lighter = decide(facts(violation=T002, first_violation=False, circumstances=["coerced_or_induced"]), make_source())
    fine = decision.fine
    assert decision.outcome == "reduced" and fine.statutory_min == 0
    assert 0 < fine.band_min <= fine.band_max
    assert fine.band_max < round(0.1 * 100000)  # the lightest tier starts at 10 % of the range
    assert lighter.fine.band_min > 0


# -- 安全生产法 arts. 97, 99, 101, 102, 105: 并处 and 一案双罚 for the facts ----------------------------------------------
PENALTIES = [
    ("art. 97 逾期未改正 -> 停产停业整顿, persons 2–5万", SM_97_1, "overdue", "none",
     ["suspension_for_rectification"], [(20000, 50000)]),
    ("art. 97 corrected in time -> nothing more", SM_97_1, "within_deadline", "none", [], []),
    ("art. 101 拒不改正 -> 停产停业整顿, persons 2–5万", SM_101_5, "refused", "none",
     ["suspension_for_rectification"], [(20000, 50000)]),
    ("art. 99 逾期未改正 -> persons 1–2万", SM_99_5, "overdue", "none", [], [(10000, 20000)]),
    ("art. 99 情节严重 -> 停产停业整顿", SM_99_5, "not_yet", "serious", ["suspension_for_rectification"], []),
    ("art. 105 persons ≤1万 always; 逾期 -> 停产停业整顿", SM_105_2, "overdue", "none",
     ["suspension_for_rectification"], [(0, 10000)]),
    ("art. 105 persons ≤1万 even when corrected", SM_105_2, "not_yet", "none", [], [(0, 10000)]),
    ("art. 102 拒不执行 -> 停产停业整顿, persons 5–10万", SM_102, "refused", "none",
     ["suspension_for_rectification"], [(50000, 100000)]),
    ("art. 102 逾期 is not yet 拒不执行", SM_102, "overdue", "none", [], []),
    ("art. 98 责令停止建设, persons 2–5万", SM_98_1, "not_yet", "none", ["suspension_of_construction"], [(20000, 50000)]),
    ("art. 98 逾期未改正: persons 5–10万", SM_98_1, "overdue", "none", ["suspension_of_construction"],
     [(50000, 100000)]),
    ("art. 109 no 并处", SM_109, "overdue", "none", [], []),
]


def test_art_98_and_109_fine_ranges_follow_the_article():
    decision = decide(facts(org=SM, violation=SM_98_1, first_violation=False, corrected="overdue"), DEMO)
    assert (decision.fine.statutory_min, decision.fine.statutory_max) == (500000, 1000000)
    decision = decide(facts(org=SM, violation=SM_109, first_violation=False, corrected="not_yet",
                            party={"kind": "enterprise", "industry": "mining"}), DEMO)
    assert (decision.fine.statutory_min, decision.fine.statutory_max) == (50000, 100000)
    assert "《中华人民共和国安全生产法》第一百零九条" in decision.explanation


@pytest.mark.parametrize(("case", "violation", "corrected", "harm", "kinds", "persons"), PENALTIES,
                         ids=[r[0] for r in PENALTIES])
def test_additional_penalties_and_person_fines_follow_the_article(case, violation, corrected, harm, kinds, persons):
    decision = decide(facts(org=SM, violation=violation, first_violation=False, corrected=corrected, harm=harm), DEMO)
    assert decision.outcome in ("standard", "heavier")
    assert [p.kind for p in decision.additional_penalties] == kinds
    assert [(p.statutory_min, p.statutory_max) for p in decision.person_fines] == persons
    for p in decision.person_fines:
        assert p.statutory_min <= p.band_min <= p.band_max <= p.statutory_max
        assert p.legal_basis[0]["law"] == AQSC
    for p in decision.additional_penalties:
        assert p.label in decision.explanation


def test_person_fines_agree_with_the_catalogue():
    # the table written from the statute and the catalogue's overdue person fines say the same
    from rouxing.engine.penalties import consequences

    for entry in DEMO.catalogue.values():
        low, high = entry.overdue.get("person_fine_min"), entry.overdue.get("person_fine_max")
        if not high:
            continue
        article = entry.penalty[0]["article"]
        ranges = {(c.fine_min, c.fine_max) for c in consequences(AQSC, article) if c.who}
        assert (low, high) in ranges, (entry.code, article)


def test_no_penalty_imposes_nothing_more():
    decision = decide(facts(org=SM, violation=SM_105_2, first_violation=True, corrected="within_deadline",
                            harm="none"), DEMO)
    if decision.outcome == "no_penalty":
        assert decision.person_fines == () and decision.additional_penalties == () and decision.fine is None


# -- 行政处罚法 art. 33 para. 1 (rule 14): a 不予处罚 item applies only within the statute ---------------------------
UNCONDITIONED = {"id": "T-NP-2", "list": "no_penalty", "seq": 2, "code": "T-BYCF-002", "name": T002,
                 "violations": ["T-002"], "situation": "无条件", "conditions": [
                     {"id": "any", "label": "一般生产经营单位", "when": {"fact": "party.industry", "op": "in",
                                                                  "value": ["general"]}}],
                 "basis": [{"law": XZCF, "article": 33, "paragraph": 1, "text": "…"}], "measures": ["行政告诫"]}
ART33 = [
    ("corrected in time, no harm: applies", {"corrected": "within_deadline", "harm": "none"}, True),
    ("first violation, minor harm, corrected in time: applies", {"harm": "minor"}, True),
    ("repeat violation with minor harm: outside the statute", {"harm": "minor", "first_violation": False}, False),
    ("拒不改正 with serious harm: outside the statute", {"corrected": "refused", "harm": "serious"}, False),
    ("not yet corrected: outside the statute", {"corrected": "not_yet"}, False),
]


@pytest.mark.parametrize(("case", "overrides", "applies"), ART33, ids=[r[0] for r in ART33])
def test_art_33_para_1_bounds_every_no_penalty_item(case, overrides, applies):
    data = version_dict()
    data["items"].append(UNCONDITIONED)
    decision = decide(facts(violation=T002, **overrides), make_source([data]))
    assert (decision.outcome == "no_penalty") is applies
    if not applies:
        assert "outside_statute" in decision.exclusions
        assert "第三十三条第一款" in decision.explanation


def test_an_item_without_any_condition_never_applies():
    data = version_dict()
    data["items"].append({**UNCONDITIONED, "conditions": []})
    decision = decide(facts(violation=T002), make_source([data]))
    assert decision.outcome != "no_penalty"
    assert "outside_statute" in decision.exclusions


# -- rule 13: discretionary options never offer what an exclusion refused ------------------------------------------
RULE13 = [
    ("accident", ["accident"]),
    ("涉嫌犯罪", ["suspected_crime"]),
    ("emergency", ["emergency_measure_violation"]),
]


@pytest.mark.parametrize(("case", "circumstances"), RULE13, ids=[r[0] for r in RULE13])
def test_rule_13_options_respect_exclusions(source, case, circumstances):
    decision = decide(facts(violation=T002, harm="minor", circumstances=circumstances), source)
    assert [o.outcome for o in decision.discretionary_options] == []


def test_rule_13_a_scope_exclusion_of_the_version_bars_the_option():
    data = version_dict()
    data["scope_exclusions"].append({"id": "danger", "code": "major_hidden_danger", "label": "存在重大事故隐患的除外",
                                     "when": {"fact": "circumstances", "op": "has", "value": "major_hidden_danger"},
                                     "lists": ["no_penalty"]})
    decision = decide(facts(violation=T002, harm="minor", circumstances=["major_hidden_danger"]), make_source([data]))
    assert "no_penalty" not in [o.outcome for o in decision.discretionary_options]
    assert "存在重大事故隐患" in decision.explanation


# -- rule 15: the explanation cites as the statute writes, each provision once, no internal codes ------------------
def test_rule_15_explanation_in_chinese_numerals_without_codes():
    for overrides in ({}, {"first_violation": False, "corrected": "overdue"}, {"circumstances": ["major_hidden_danger"]}):
        for org, name in ((SM, SM_97_1), ("明溪县应急管理局", SM_97_1)):
            decision = decide(facts(org=org, violation=name, **overrides), DEMO)
            text = decision.explanation
            assert not re.search(r"第\d+[条款]|[条款]第\d+项", text), text  # statute citations (list rows keep 第n项)
            assert not re.search(r"[a-z]+_[a-z_]+", text), text
            verdict = [line for line in text.splitlines() if line.startswith("综上")][0]
            cited = re.findall(r"《[^》]+》第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+款)?(?:第[一二三四五六七八九十]+项)?",
                               verdict)
            assert len(cited) == len(set(cited)), verdict


def test_rule_15_single_paragraph_articles_are_cited_without_paragraph():
    from rouxing.engine.vocabulary import citation

    assert citation(AQSC, 97, 1, 4) == "《中华人民共和国安全生产法》第九十七条第四项"
    assert citation(XZCF, 33, 1) == "《中华人民共和国行政处罚法》第三十三条第一款"
    assert citation(AQSC, 65, 1, 3) == "《中华人民共和国安全生产法》第六十五条第一款第三项"
    assert citation(AQSC, 101, 1, 5) == "《中华人民共和国安全生产法》第一百零一条第五项"
    assert citation(AQSC, 110) == "《中华人民共和国安全生产法》第一百一十条"


# -- 分别裁量、合并处罚 (seed 003 三(二)2): the `violations` input --------------------------------------------------------
def test_violations_are_decided_separately_and_the_fines_added_up():
    raw = {"org": SM, "date": "2024-06-01", "party": {"kind": "enterprise", "industry": "general"}, "violations": [
        {"violation": SM_97_1, "first_violation": True, "corrected": "within_deadline", "harm": "none"},
        {"violation": SM_101_5, "first_violation": False, "corrected": "overdue", "harm": "none"},
        {"violation": SM_99_5, "first_violation": False, "corrected": "within_deadline", "harm": "none"},
    ]}
    combined = decide(raw, DEMO)
    data = combined.to_dict()
    outcomes = [p["outcome"] for p in data["parts"]]
    assert outcomes[0] == "no_penalty" and outcomes[1:] == ["standard", "standard"]
    punished = [p["fine"] for p in data["parts"][1:]]
    assert data["combined"]["fine"]["band_max"] == sum(f["band_max"] for f in punished)
    assert data["combined"]["fine"]["band_min"] == sum(f["band_min"] for f in punished)
    assert [p["kind"] for p in data["combined"]["additional_penalties"]] == ["suspension_for_rectification"]
    assert len(data["combined"]["person_fines"]) == 1
    assert "分别裁量、合并处罚" in data["combined"]["explanation"]


def test_violations_errors_name_the_element():
    raw = {"org": SM, "date": "2024-06-01", "party": {"kind": "enterprise", "industry": "general"}, "violations": [
        {"violation": SM_97_1, "corrected": "within_deadline", "harm": "none"},
        {"violation": SM_101_5, "corrected": "overdue"}]}
    with pytest.raises(EngineInputError) as err:
        decide(raw, DEMO)
    assert err.value.field == "violations[1].harm"
    with pytest.raises(EngineInputError) as err:
        decide({**raw, "corrected": "overdue"}, DEMO)
    assert err.value.field == "corrected"
