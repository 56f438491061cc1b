"""The closed vocabulary of the decision contract: outcomes, fact values, exclusion codes and their
Chinese labels, and the normalisation used to match a violation's name (事项名称).

Everything here is plain data; the other engine modules read it, nothing here reads them.
"""

from __future__ import annotations

import re
import unicodedata

ENGINE_VERSION = "rouxing-engine 2.0.0"

OUTCOMES = ("no_penalty", "reduced", "lighter", "standard", "heavier")
"""From most to least lenient; the index is the leniency rank (lower = more lenient)."""
RANK = {name: i for i, name in enumerate(OUTCOMES)}
OUTCOME_LABELS = {
    "no_penalty": "不予行政处罚", "reduced": "减轻行政处罚", "lighter": "从轻行政处罚",
    "standard": "一般（依法给予行政处罚）", "heavier": "从重行政处罚",
}
LENIENT_LISTS = ("no_penalty", "reduced", "lighter")
LIST_KINDS = (*LENIENT_LISTS, "no_coercion")
LIST_LABELS = {"no_penalty": "不予行政处罚清单", "reduced": "减轻行政处罚清单", "lighter": "从轻行政处罚清单",
               "no_coercion": "不予实施行政强制措施清单"}

PARTY_KINDS = {"enterprise": "企业（单位）", "person": "自然人"}
INDUSTRIES = {
    "general": "一般行业", "mining": "矿山", "hazardous_chemicals": "危险化学品", "metal_smelting": "金属冶炼",
    "construction": "建筑施工", "road_transport": "道路运输", "fireworks": "烟花爆竹", "other_high_risk": "其他高危行业",
}
CORRECTED = {"immediately": "当场/及时改正", "within_deadline": "责令限期改正后按期改正",
             "overdue": "逾期未改正", "refused": "拒不改正", "not_yet": "尚未到改正期限"}
CORRECTED_IN_TIME = frozenset({"immediately", "within_deadline"})
HARM = {"none": "没有造成危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"}
CIRCUMSTANCES = {
    "actively_eliminated_harm": "主动消除或者减轻危害后果",
    "coerced_or_induced": "受他人胁迫或者诱骗",
    "confessed_unknown_violation": "主动供述行政机关尚未掌握的违法行为",
    "meritorious_service": "配合查处有立功表现",
    "no_subjective_fault": "有证据足以证明没有主观过错",
    "accident": "发生生产安全事故",
    "major_hidden_danger": "存在重大事故隐患",
    "illegal_production": "非法生产、建设、经营",
    "bad_social_impact": "造成恶劣社会影响",
    "emergency_measure_violation": "突发事件期间违反应对措施",
    "suspected_crime": "涉嫌犯罪",
    "repeated_violation": "多次违法",
    "imminent_danger": "存在生产安全事故现实危险",
    "refused_temporary_measures": "拒不执行临时紧急措施",
    "nonconforming_equipment": "有根据认为设施、设备、器材不符合保障安全生产的国家标准或者行业标准",
    "illegal_dangerous_goods": "违法生产、储存、使用、经营、运输危险物品",
    "irreversible_harm": "危害后果难以挽回",
}
COERCIVE_MEASURES = {"temporary_suspension": "暂时停产停业", "equipment_stop": "停止使用相关设施、设备",
                     "power_cut": "停止供电", "seal_or_seize": "查封、扣押"}
EXCLUSION_LABELS = {
    **CIRCUMSTANCES,
    "high_risk_industry": "属于高危行业（清单事项限一般生产经营单位）",
    "not_first_violation": "非初次违法（首次被发现）",
    "not_corrected": "未及时改正",
    "harm": "造成危害后果",
    "not_on_list": "清单未列入该违法行为",
    "conditions_unmet": "清单事项的适用条件不满足",
    "outside_statute": "不予处罚清单事项超出《中华人民共和国行政处罚法》第三十三条第一款的范围",
}
ADDITIONAL_PENALTIES = {
    "suspension_for_rectification": "责令停产停业整顿", "suspension_of_construction": "责令停止建设",
    "confiscation": "没收违法所得、非法财物", "license_revocation": "暂扣或者吊销有关许可证照", "closure": "予以关闭",
}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """An article, paragraph or item number as the statute writes it: 9 九, 10 十, 36 三十六, 97 九十七,
    101 一百零一, 110 一百一十, 114 一百一十四."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")


# Articles with a single paragraph (cited without 第一款, as 第九十七条第四项), from the statute texts in
# shared/reference/statutes/ (安全生产法 2021, 行政处罚法 2021, 行政强制法 2011).
SINGLE_PARAGRAPH_ARTICLES = {
    "中华人民共和国安全生产法": frozenset({
        1, 2, 5, 6, 12, 13, 14, 16, 17, 18, 19, 20, 21, 29, 31, 32, 35, 37, 43, 45, 47, 48, 50, 53, 57, 58, 59, 61,
        63, 64, 66, 68, 69, 71, 75, 76, 77, 81, 84, 87, 88, 89, 91, 95, 96, 97, 98, 99, 100, 101, 102, 104, 105,
        106, 107, 108, 109, 111, 112, 113, 115, 119}),
    "中华人民共和国行政处罚法": frozenset({
        1, 2, 3, 4, 6, 9, 15, 16, 17, 19, 21, 22, 23, 26, 29, 30, 31, 32, 34, 37, 39, 40, 44, 47, 49, 50, 51, 53,
        56, 60, 62, 64, 65, 68, 69, 70, 71, 77, 78, 80, 81, 82, 83, 84, 85, 86}),
    "中华人民共和国行政强制法": frozenset({
        1, 4, 5, 6, 7, 9, 12, 14, 18, 19, 21, 22, 27, 31, 34, 35, 36, 38, 40, 41, 44, 48, 49, 50, 52, 53, 54, 57,
        59, 61, 62, 64, 65, 67, 69, 70, 71}),
}

FACT_TYPES: dict[str, tuple[str, object]] = {
    # fact path -> (type, allowed values or None); the facts a `when` predicate may read
    "first_violation": ("bool", None),
    "corrected": ("str", CORRECTED),
    "harm": ("str", HARM),
    "substantive_compliance": ("bool", None),
    "circumstances": ("set", CIRCUMSTANCES),
    "party.kind": ("str", PARTY_KINDS),
    "party.industry": ("str", INDUSTRIES),
    "party.age": ("int", None),
    "coercive_measure": ("str", COERCIVE_MEASURES),
}

IDENTIFIER_PATTERNS = {
    # kind -> (pattern matched in full, Chinese name, what it allows); ASCII only: no whitespace, newline,
    # quote, backslash or control character can be part of an identifier
    "org_code": (r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}", "机关代码", "字母、数字、连字符或下划线，以字母或数字开头，至多32个字符"),
    "rule_id": (r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}", "规则编号", "字母、数字、连字符、下划线或点，以字母或数字开头，至多60个字符"),
    "fact_key": (r"[a-z][a-z0-9_]{0,39}", "声明条件的键", "小写字母、数字或下划线，以小写字母开头，至多40个字符"),
}
_IDENTIFIER_RES = {kind: re.compile(pattern, re.ASCII) for kind, (pattern, _name, _rule) in IDENTIFIER_PATTERNS.items()}


def check_identifier(kind: str, value: str) -> str | None:
    """None when `value` is a valid identifier of this kind (`org_code`, `rule_id`, `fact_key`), else the
    Chinese message saying what is allowed."""
    _pattern, name, rule = IDENTIFIER_PATTERNS[kind]
    if isinstance(value, str) and _IDENTIFIER_RES[kind].fullmatch(value):
        return None
    return f"{name}“{value!r}”无效：只能使用{rule}（不得含空白、换行、引号或控制字符）。"


_PUNCT_FOLD = str.maketrans({"，": ",", "、": ",", "；": ";", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"',
                             "‘": "'", "’": "'", "《": "<", "》": ">", "！": "!", "？": "?", "。": ".", "．": "."})
_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Matching key of a 事项名称: no whitespace, no trailing 。/., full- and half-width punctuation folded."""
    text = unicodedata.normalize("NFKC", str(name or "")).translate(_PUNCT_FOLD)
    text = _SPACE.sub("", text)
    return text.rstrip(".")


_NUMERALS = tuple(chinese_number(n) for n in range(1000))
"""Chinese numerals 0–999 written once (articles, paragraphs and items of the statutes stay below 1000)."""
_NO_ARTICLES: frozenset[int] = frozenset()


def _numeral(n: int) -> str:
    return _NUMERALS[n] if n < 1000 else chinese_number(n)


def citation(law: str, article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    """《law》第九十七条第五项 as the statute writes it: Chinese numerals; 第一款 left out for an article with a
    single paragraph (SINGLE_PARAGRAPH_ARTICLES)."""
    if not (isinstance(article, int) and article > 0):
        return f"《{law}》"
    text = f"《{law}》第{_numeral(article)}条"
    if isinstance(paragraph, int) and paragraph > 0 and not (
            paragraph == 1 and article in SINGLE_PARAGRAPH_ARTICLES.get(law, _NO_ARTICLES)):
        text += f"第{_numeral(paragraph)}款"
    if isinstance(item, int) and item > 0:
        text += f"第{_numeral(item)}项"
    return text
