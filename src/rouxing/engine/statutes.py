"""Statutory rules written once, with their article text: 行政处罚法 arts. 30, 32, 33, 37 and
行政强制法 arts. 5, 16 (with 安全生产法 art. 70 for 停止供电).

These rules need no judgment of "轻微" and apply with or without a list item (contract step 4); art. 33
para. 1 sentence 2 is a 可以 rule and only ever yields a discretionary option (contract step 6).
To add a statutory rule: add its `Provision` here, a function returning `StatuteResult | None`, and list
the function in `MANDATORY_RULES` (see README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .vocabulary import CIRCUMSTANCES, CORRECTED_IN_TIME

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
        para = f"第{self.paragraph}款" if self.paragraph else ""
        return f"《{self.law}》第{self.article}条{para}"


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


def power_cut_allowed(facts: Facts) -> bool:
    """安全生产法 art. 70: 停止供电 only for 重大事故隐患, refused execution and a real danger of an accident."""
    need = {"major_hidden_danger", "imminent_danger"}
    refused = "refused_temporary_measures" in facts.circumstances or facts.corrected == "refused"
    return need <= facts.circumstances and refused
