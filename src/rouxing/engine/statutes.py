"""Statutory rules written once, with their article text: 行政处罚法 arts. 30, 32, 33, 37 and
行政强制法 arts. 5, 16 (with 安全生产法 art. 70 for 停止供电).

These rules need no judgment of "轻微" and apply with or without a list item (contract step 4); art. 33
para. 1 sentence 2 is a 可以 rule and only ever yields a discretionary option (contract step 6).
To add a statutory rule: add its `Provision` here, a function returning `StatuteResult | None`, and list
the function in `MANDATORY_RULES` (see README.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .vocabulary import CIRCUMSTANCES, CORRECTED_IN_TIME, citation

if TYPE_CHECKING:
    from .facts import Facts

XZCF = "中华人民共和国行政处罚法"
XZQZ = "中华人民共和国行政强制法"
AQSC = "中华人民共和国安全生产法"


@dataclass(frozen=True)
class Provision:
    """One article (or paragraph) of a statute with its text."""

    law: str
    article: int
    paragraph: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"law": self.law, "article": self.article, "paragraph": self.paragraph, "text": self.text}

    @property
    def cite(self) -> str:
        return citation(self.law, self.article, self.paragraph)


ART30 = Provision(XZCF, 30, 0, "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁不满十八周岁"
                               "的未成年人有违法行为的，应当从轻或者减轻行政处罚。")
ART32 = Provision(XZCF, 32, 0, "当事人有下列情形之一，应当从轻或者减轻行政处罚：（一）主动消除或者减轻违法行为危害后果的；"
                               "（二）受他人胁迫或者诱骗实施违法行为的；（三）主动供述行政机关尚未掌握的违法行为的；"
                               "（四）配合行政机关查处违法行为有立功表现的；（五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的。")
ART33_1 = Provision(XZCF, 33, 1, "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，"
                                 "可以不予行政处罚。")
ART33_2 = Provision(XZCF, 33, 2, "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。")
ART33_3 = Provision(XZCF, 33, 3, "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。")
ART37 = Provision(XZCF, 37, 0, "实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、"
                               "规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。")
QZ5 = Provision(XZQZ, 5, 0, "行政强制的设定和实施，应当适当。采用非强制手段可以达到行政管理目的的，不得设定和实施行政强制。")
QZ16_2 = Provision(XZQZ, 16, 2, "违法行为情节显著轻微或者没有明显社会危害的，可以不采取行政强制措施。")
AQ70 = Provision(AQSC, 70, 1, "生产经营单位拒不执行，有发生生产安全事故的现实危险的，在保证安全的前提下，经本部门主要负责人批准，"
                              "负有安全生产监督管理职责的部门可以采取通知有关单位停止供电、停止供应民用爆炸物品等措施，"
                              "强制生产经营单位履行决定。")

ART32_CIRCUMSTANCES = ("actively_eliminated_harm", "coerced_or_induced", "confessed_unknown_violation",
                       "meritorious_service")
EDUCATION = "说服教育"


@dataclass(frozen=True)
class StatuteResult:
    """A statutory rule that applies: the least lenient outcome it allows (`outcome`), whether it is 应当."""

    rule: str
    outcome: str
    mandatory: bool
    basis: Provision
    reason: str
    measures: tuple[str, ...] = ()
    also_allows: str | None = None


def under_14(facts: Facts) -> StatuteResult | None:
    age = facts.party.age
    if facts.party.kind == "person" and age is not None and age < 14:
        return StatuteResult("xzcf_30_under_14", "no_penalty", True, ART30,
                             f"当事人系不满十四周岁的未成年人（{age}周岁），依法不予行政处罚，责令监护人加以管教。",
                             measures=("责令监护人加以管教",))
    return None


def no_subjective_fault(facts: Facts) -> StatuteResult | None:
    if "no_subjective_fault" in facts.circumstances:
        return StatuteResult("xzcf_33_2_no_fault", "no_penalty", True, ART33_2,
                             "当事人有证据足以证明没有主观过错，依法不予行政处罚。")
    return None


def minor_14_to_18(facts: Facts) -> StatuteResult | None:
    age = facts.party.age
    if facts.party.kind == "person" and age is not None and 14 <= age < 18:
        return StatuteResult("xzcf_30_minor", "lighter", True, ART30,
                             f"当事人系已满十四周岁不满十八周岁的未成年人（{age}周岁），依法应当从轻或者减轻行政处罚。",
                             also_allows="reduced")
    return None


def mitigating_32(facts: Facts) -> StatuteResult | None:
    held = [c for c in ART32_CIRCUMSTANCES if c in facts.circumstances]
    if held:
        labels = "、".join(CIRCUMSTANCES[c] for c in held)
        return StatuteResult("xzcf_32", "lighter", True, ART32,
                             f"当事人有{labels}情形，依法应当从轻或者减轻行政处罚。", also_allows="reduced")
    return None


MANDATORY_RULES = (under_14, no_subjective_fault, minor_14_to_18, mitigating_32)
"""Statutory 应当 rules in the order they are tried (every one is tried and traced)."""
def first_violation_option(facts: Facts, first_violation: bool | None,
                           effective_harm: str | None = None) -> tuple[bool, list[str]]:
    """Art. 33 para. 1 sentence 2 (可以不予处罚): whether it is open, else which of its facts fail
    (`effective_harm`: `facts.effective_harm` when the caller has it at hand)."""
    missing = first_violation_missing(first_violation, facts.effective_harm if effective_harm is None else effective_harm,
                                      facts.corrected, facts.circumstances)
    return not missing, missing


_OPTION_BARS = ("suspected_crime", "accident")


def first_violation_missing(first_violation: bool | None, effective_harm: str | None, corrected: str | None,
                            circumstances: frozenset[str]) -> list[str]:
    """The facts of art. 33 para. 1 sentence 2 that fail, from values at hand (empty: the option is open)."""
    missing = []
    if first_violation is not True:
        missing.append("not_first_violation")
    if effective_harm != "none" and effective_harm != "minor":
        missing.append("harm")
    if corrected not in CORRECTED_IN_TIME:
        missing.append("not_corrected")
    if circumstances:
        # 涉嫌犯罪 goes to the police; a 生产安全事故 is not the 危害后果轻微 the officer may overlook
        missing += [code for code in _OPTION_BARS if code in circumstances]
    return missing


# -- contract version 2: national law beyond the lists ------------------------------------------------------

ART36_1 = Provision(XZCF, 36, 1, "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，"
                                 "上述期限延长至五年。法律另有规定的除外。")
ART36_2 = Provision(XZCF, 36, 2, "前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。")
ART49 = Provision(XZCF, 49, 0, "发生重大传染病疫情等突发事件，为了控制、减轻和消除突发事件引起的社会危害，行政机关对违反突发事件"
                               "应对措施的行为，依法快速、从重处罚。")
QZ16_1 = Provision(XZQZ, 16, 1, "行政机关履行行政管理职责，依照法律、法规的规定，实施行政强制措施。")
QZ18 = Provision(XZQZ, 18, 0, "行政机关实施行政强制措施应当遵守下列规定：（一）实施前须向行政机关负责人报告并经批准；（二）由两名以上"
                              "行政执法人员实施；（三）出示执法身份证件；（四）通知当事人到场；（五）当场告知当事人采取行政强制措施的"
                              "理由、依据以及当事人依法享有的权利、救济途径；（六）听取当事人的陈述和申辩；（七）制作现场笔录……")
QZ24 = Provision(XZQZ, 24, 1, "行政机关决定实施查封、扣押的，应当履行本法第十八条规定的程序，制作并当场交付查封、扣押决定书和清单。")
AQ65_3 = Provision(AQSC, 65, 1, "（三）对检查中发现的事故隐患，应当责令立即排除；重大事故隐患排除前或者排除过程中无法保证安全的，"
                                "应当责令从危险区域内撤出作业人员，责令暂时停产停业或者停止使用相关设施、设备；重大事故隐患排除后，"
                                "经审查同意，方可恢复生产经营和使用；")
AQ65_4 = Provision(AQSC, 65, 1, "（四）对有根据认为不符合保障安全生产的国家标准或者行业标准的设施、设备、器材以及违法生产、储存、"
                                "使用、经营、运输的危险物品予以查封或者扣押，对违法生产、储存、使用、经营危险物品的作业场所予以查封，"
                                "并依法作出处理决定。")
AQ70_2 = Provision(AQSC, 70, 2, "负有安全生产监督管理职责的部门依照前款规定采取停止供电措施，除有危及生产安全的紧急情形外，应当提前"
                                "二十四小时通知生产经营单位。生产经营单位依法履行行政决定、采取相应措施消除事故隐患的，负有安全生产"
                                "监督管理职责的部门应当及时解除前款规定的措施。")


def years_later(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def time_bar(facts: Facts) -> tuple[bool, int, dt.date | None]:
    """行政处罚法 art. 36: (barred, the period in years, the day it ended). Two years, five where 公民生命健康安全
    is involved and there was harm (in safety production: harm other than none, or an accident); the period runs
    from `violation_date` (for a continuing violation that has ended, the day it ended) to the day it was found.
    A violation still continuing when found (`violation_ongoing`), or without a `violation_date`, is not barred."""
    years = 5 if facts.effective_harm not in (None, "none") else 2
    if facts.violation_ongoing or facts.violation_date is None:
        return False, years, None
    ends = years_later(facts.violation_date, years)
    return facts.found > ends, years, ends


@dataclass(frozen=True)
class CoercionGround:
    """A statutory ground for one coercive measure: the facts it needs and the conditions of its lawful use."""

    measures: frozenset[str]
    basis: tuple[Provision, ...]
    needs_all: frozenset[str]
    needs_any: frozenset[str]
    text: str
    conditions: tuple[str, ...]

    def holds(self, circumstances: frozenset[str]) -> bool:
        return self.needs_all <= circumstances and (not self.needs_any or not self.needs_any.isdisjoint(circumstances))


_ART18_CONDITIONS = ("实施前须向行政机关负责人报告并经批准（行政强制法第十八条第一项）",
                     "由两名以上行政执法人员实施，出示执法身份证件（行政强制法第十八条第二项、第三项）",
                     "通知当事人到场，当场告知理由、依据和当事人的权利、救济途径，听取陈述和申辩（行政强制法第十八条第四项至第六项）",
                     "制作现场笔录（行政强制法第十八条第七项）")
COERCION_GROUNDS = (
    CoercionGround(frozenset({"temporary_suspension", "equipment_stop"}), (AQ65_3, QZ18),
                   frozenset({"major_hidden_danger", "imminent_danger"}), frozenset(),
                   "存在重大事故隐患且排除前或者排除过程中无法保证安全（安全生产法第六十五条第一款第三项）",
                   (*_ART18_CONDITIONS, "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用（安全生产法第六十五条第一款第三项）")),
    CoercionGround(frozenset({"seal_or_seize"}), (AQ65_4, QZ18, QZ24),
                   frozenset(), frozenset({"nonconforming_equipment", "illegal_dangerous_goods"}),
                   "有根据认为设施、设备、器材不符合国家标准或者行业标准，或者系违法生产、储存、使用、经营、运输的危险物品"
                   "（安全生产法第六十五条第一款第四项）",
                   (*_ART18_CONDITIONS, "制作并当场交付查封、扣押决定书和清单（行政强制法第二十四条）",
                    "依法作出处理决定（安全生产法第六十五条第一款第四项）")),
    CoercionGround(frozenset({"power_cut"}), (AQ70, AQ70_2),
                   frozenset({"major_hidden_danger", "refused_temporary_measures", "imminent_danger"}), frozenset(),
                   "存在重大事故隐患，生产经营单位拒不执行停产停业等决定，有发生生产安全事故的现实危险（安全生产法第七十条）",
                   ("在保证安全的前提下实施（安全生产法第七十条第一款）", "经本部门主要负责人批准（安全生产法第七十条第一款）",
                    "书面通知有关单位停止供电（安全生产法第七十条第一款）",
                    "除有危及生产安全的紧急情形外，提前二十四小时通知生产经营单位（安全生产法第七十条第二款）",
                    "生产经营单位依法履行决定、消除事故隐患的，及时解除（安全生产法第七十条第二款）")),
)


def art33_1_allows(values: dict[str, Any] | Any) -> bool:
    """Rule 14: the facts lie within 行政处罚法 art. 33 para. 1 (及时改正且没有造成危害后果, or 初次违法且危害
    后果轻微并及时改正), the only ground on which a 不予处罚 list item may apply (`values`: `Facts.values`)."""
    if values.get("corrected") not in CORRECTED_IN_TIME:
        return False
    harm = values.get("harm")
    return harm == "none" or (values.get("first_violation") is True and harm == "minor")
