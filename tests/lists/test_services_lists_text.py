"""Text forms of list data: 依据 lines, Chinese article numbers, conditions in Chinese, measures."""

from __future__ import annotations

import pytest

from rouxing.lists.display import describe_conditions, describe_predicate
from rouxing.lists.forms import cn_number, format_basis, parse_basis, parse_measures
from rouxing.lists.xlsx import neutralise


@pytest.mark.parametrize(("text", "number"), [("33", 33), ("三十三", 33), ("十", 10), ("二十", 20),
                                              ("一百一十二", 112), ("九十七", 97), ("五", 5)])
def test_article_numbers_in_chinese_or_digits(text, number):
    assert cn_number(text) == number


def test_basis_line_with_chinese_article_is_parsed():
    # given a basis as printed in seed 000 annex 1
    text = "《中华人民共和国行政处罚法》第三十三条　违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"
    # when parsed
    basis = parse_basis(text)
    # then law, article and text are separated
    assert basis == [{"law": "中华人民共和国行政处罚法", "article": 33,
                      "text": "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"}]


def test_several_basis_lines_and_multiline_text_round_trip():
    # given two laws, one with paragraph and item and a text spanning lines
    basis = [{"law": "中华人民共和国安全生产法", "article": 97, "paragraph": 1, "item": 3, "text": "第一行\n第二行"},
             {"law": "中华人民共和国行政处罚法", "article": 32, "text": "从轻或者减轻"}]
    # when formatted and parsed back
    # then nothing is lost
    assert parse_basis(format_basis(basis)) == basis


def test_basis_without_law_name_is_refused_in_chinese():
    with pytest.raises(ValueError, match="依据格式有误"):
        parse_basis("第三十三条 违法行为轻微")


def test_measures_are_split_and_unknown_ones_reported(db):
    assert parse_measures("说服教育、行政建议，罚酒三杯") == (["说服教育", "行政建议"], ["罚酒三杯"])


def test_conditions_are_described_with_chinese_labels():
    # given a structured condition on facts of the decision contract
    conditions = [{"label": "一般行业、首次被发现", "when": {"all": [
        {"fact": "party.industry", "op": "in", "value": ["general"]},
        {"fact": "first_violation", "op": "eq", "value": True},
        {"fact": "corrected", "op": "in", "value": ["immediately", "within_deadline"]}]}}]
    # when described
    rule = describe_conditions(conditions)[0]["rule"]
    # then facts, operators and values are in Chinese
    assert "行业类别属于一般行业" in rule
    assert "初次违法（首次被发现）为是" in rule
    assert "改正情况属于当场/及时改正、责令限期改正后按期改正" in rule
    assert "party" not in rule and "first_violation" not in rule


def test_declared_facts_use_their_labels():
    facts = {"no_fatal_accident_3y": "3年内未发生过人员死亡的生产安全事故"}
    text = describe_predicate({"fact": "extra.no_fatal_accident_3y", "op": "eq", "value": True}, facts)
    assert text == "3年内未发生过人员死亡的生产安全事故为是"


@pytest.mark.parametrize("value", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_prefixes_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_text_is_not_changed():
    assert neutralise("说服教育") == "说服教育" and neutralise(3) == 3
