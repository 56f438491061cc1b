"""The official document types (执法文书) the platform issues, with their fields and numbering.

Each `DocType` lists the blanks of its seed template (seed 000 annexes 5–7, seed 001 annex 7,
seed 004 保证承诺书, the 责令限期整改指令书 of the 安全生产监管执法文书 family and the 四张清单
公示表 of seed 001 annexes 1–4) as `FieldSpec`s. Those names are the Jinja placeholders of the
.docx template; together with `COMMON_PLACEHOLDERS` they are what an uploaded replacement
template must contain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


class DocTypeCode(models.TextChoices):
    SUGGESTION = "suggestion", "行政执法建议书"
    WARNING = "warning", "行政告诫书"
    INTERVIEW = "interview", "行政约谈通知书"
    GUIDANCE = "guidance", "行政指导意见书"
    REMINDER = "reminder", "行政提示书"
    RETURN_VISIT = "return_visit", "行政执法案件回访登记表"
    COMMITMENT = "commitment", "保证承诺书"
    RECTIFICATION = "rectification", "责令限期整改指令书"
    LIST_PUBLICATION = "list_publication", "四张清单公示表"
    PENALTY_NOTICE = "penalty_notice", "行政处罚告知书"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"


@dataclass(frozen=True)
class FieldSpec:
    """One blank of a template: placeholder name, Chinese label, input kind, required or not."""

    name: str
    label: str
    kind: str = "text"  # text | textarea | date | datetime | datehour (printed to the hour)
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class DocType:
    code: str
    title: str
    abbreviation: str  # 文书代字 in the number, e.g. 告 in 明应急告〔2024〕12号
    fields: tuple[FieldSpec, ...]
    has_party: bool = True
    extra_placeholders: tuple[str, ...] = field(default_factory=tuple)

    @property
    def default_pattern(self) -> str:
        return "{short}" + self.abbreviation + "〔{year}〕{seq}号"

    @property
    def label(self) -> str:
        return DocTypeCode(self.code).label

    def required_placeholders(self) -> set[str]:
        names = set(COMMON_PLACEHOLDERS) | {f.name for f in self.fields} | set(self.extra_placeholders)
        if self.has_party:
            names |= set(PARTY_PLACEHOLDERS)
        return names


COMMON_PLACEHOLDERS = ("bureau_name", "number", "issue_date", "seal")
PARTY_PLACEHOLDERS = ("party_name",)
OPTIONAL_PLACEHOLDERS = (
    "bureau_address", "bureau_contact_person", "bureau_contact_phone", "party_address", "party_legal_rep",
    "party_phone", "party_identifier", "doc_title",
)

_F = FieldSpec
DOC_TYPES: dict[str, DocType] = {
    d.code: d
    for d in (
        DocType(DocTypeCode.SUGGESTION, "行政执法建议书", "建", (
            _F("facts", "监督检查中发现的问题", "textarea"),
            _F("suggestion", "建议内容", "textarea"),
        )),
        DocType(DocTypeCode.WARNING, "行政告诫书", "告", (
            _F("facts", "轻微违法行为", "textarea"),
            _F("legal_basis", "法律法规名称、条款", "textarea"),
            _F("deadline", "纠正期限", "date"),
        )),
        DocType(DocTypeCode.INTERVIEW, "行政约谈通知书", "约", (
            _F("facts", "发现的行为", "textarea"),
            _F("talk_time", "约谈时间", "datetime"),
            _F("talk_place", "约谈地点"),
            _F("contact_before", "如有不便请于此前联系", "datehour"),
            _F("contact_person", "联系人"),
            _F("contact_phone", "联系电话"),
        )),
        DocType(DocTypeCode.GUIDANCE, "行政指导意见书", "指", (
            _F("guidance", "指导建议（主意、办法）", "textarea"),
            _F("contact_person", "本部门联系人"),
            _F("contact_phone", "联系电话"),
        )),
        DocType(DocTypeCode.REMINDER, "行政提示书", "提", (
            _F("behaviour", "易发生的违法违规行为", "textarea"),
            _F("legal_basis", "法律法规名称、条款", "textarea"),
            _F("legal_provision", "条款规定内容", "textarea"),
        )),
        DocType(DocTypeCode.RETURN_VISIT, "行政执法案件回访登记表", "访", (
            _F("party_leader", "负责人姓名"),
            _F("case_number", "行政执法案件编号"),
            _F("handling_unit", "承办机构"),
            _F("handler", "承办人"),
            _F("visitor", "回访人"),
            _F("visit_content", "行政执法决定执行情况，违法行为整改情况", "textarea"),
            _F("measures", "整改措施（如未改正违法行为）", "textarea", required=False),
            _F("conduct_opinion", "依照法定程序办案、廉洁执法情况（相对人填写）", "textarea", required=False),
            _F("party_suggestions", "对执法机关的建议及需要帮助解决的问题（相对人填写）", "textarea",
               required=False),
            _F("party_contact_phone", "回访对象联系电话"),
        )),
        DocType(DocTypeCode.COMMITMENT, "保证承诺书", "诺", (
            _F("inspection_date", "检查日期", "date"),
            _F("facts", "违法行为", "textarea"),
            _F("legal_basis", "违反的法律法规名称、条款", "textarea"),
            _F("corrective_actions", "承诺的纠正措施", "textarea"),
            _F("deadline", "纠正期限", "date"),
            _F("observation_end", "纠错观察期至", "date"),
        ), extra_placeholders=("party_identifier", "party_legal_rep", "party_address")),
        DocType(DocTypeCode.RECTIFICATION, "责令限期整改指令书", "责改", (
            _F("problems", "检查发现的问题", "textarea"),
            _F("legal_basis", "依据（法律法规名称、条款）", "textarea"),
            _F("deadline", "整改期限", "date"),
            _F("review_authority", "行政复议机关"),
            _F("court", "行政诉讼管辖法院"),
            _F("officers", "执法人员及执法证号"),
        )),
        DocType(DocTypeCode.LIST_PUBLICATION, "柔性执法“四张清单”公示表", "清", (
            _F("version_label", "清单版本"),
            _F("effective_from", "施行日期", "date"),
            _F("contact_person", "联系人"),
            _F("contact_phone", "联系电话"),
        ), has_party=False, extra_placeholders=(
            "no_penalty_items", "reduced_items", "lighter_items", "no_coercion_items",
        )),
        # 一般程序 (行政处罚法 arts. 44, 59): issued by the cases services from the case (legal_reference §5.1).
        DocType(DocTypeCode.PENALTY_NOTICE, "行政处罚告知书", "罚告", (
            _F("facts", "违法事实", "textarea"),
            _F("evidence", "证据", "textarea"),
            _F("legal_basis", "违反的法律法规条款", "textarea"),
            _F("penalty_basis", "处罚依据", "textarea"),
            _F("proposed_penalty", "拟作出的行政处罚", "textarea"),
            _F("rights", "陈述、申辩和听证权利及期限", "textarea"),
            _F("contact_person", "联系人"),
            _F("contact_phone", "联系电话"),
        )),
        DocType(DocTypeCode.PENALTY_DECISION, "行政处罚决定书", "罚", (
            _F("facts", "违法事实和证据", "textarea"),
            _F("legal_basis", "违反的法律法规条款", "textarea"),
            _F("penalty_basis", "处罚依据", "textarea"),
            _F("penalty", "行政处罚的种类和数额", "textarea"),
            _F("statement_handling", "陈述、申辩（听证）及采纳情况", "textarea"),
            _F("payment", "履行方式和期限", "textarea"),
            _F("review_authority", "行政复议机关"),
            _F("court", "行政诉讼管辖法院"),
        ), extra_placeholders=("party_identifier", "party_address", "party_legal_rep")),
    )
}


def get_doc_type(code: str) -> DocType:
    try:
        return DOC_TYPES[code]
    except KeyError as exc:
        raise ValueError(f"未知的文书类型：{code}") from exc
