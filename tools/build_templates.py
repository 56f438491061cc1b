"""Build the built-in .docx templates (one per document type) with python-docx, reproducibly.

Run `PYTHONPATH=src python tools/build_templates.py` after changing wording or layout; the built files
in documents/docx/ are committed. Layout follows GB/T 9704-2012 as applied to 执法文书: A4, margins
37/35/28/26 mm, body 3号仿宋 (16 pt) with a fixed 28.9 pt line pitch and a two-character first-line
indent, title 2号小标宋 (22 pt) centred, number centred under the title, signature block (bureau
name, seal, date in Chinese form) on the right, page numbers `— N —` in 4号宋体.
Each Jinja placeholder is written as one run so Word never splits it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from rouxing.documents.assets import DOCX_DIR
from rouxing.documents.doctypes import DocTypeCode

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
SONGTI = "宋体"
BODY_PT = 16
TITLE_PT = 22
NOTE_PT = 14
SMALL_PT = 12
LINE_PT = 28.9


def _set_font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _new(landscape: bool = False):
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(26), Mm(26)
        section.left_margin, section.right_margin = Mm(30), Mm(28)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    _set_font(normal, FANGSONG, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    core = doc.core_properties
    core.author = "柔性执法平台"
    core.title = ""
    _page_number_footer(section)
    return doc


def _page_number_footer(section) -> None:
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run("— ")
    _set_font(run, SONGTI, NOTE_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    para._p.append(field)
    tail = OxmlElement("w:r")
    tail_text = OxmlElement("w:t")
    tail_text.set(qn("xml:space"), "preserve")
    tail_text.text = " —"
    tail.append(tail_text)
    para._p.append(tail)


def _p(doc_or_cell, text: str = "", *, align=None, indent: bool = True, size: float = BODY_PT,
       font: str = FANGSONG, bold: bool = False, right_chars: float = 0, space_before: float = 0):
    para = doc_or_cell.add_paragraph()
    fmt = para.paragraph_format
    if align is not None:
        para.alignment = align
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT):
        fmt.first_line_indent = Pt(size * 2)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    if space_before:
        fmt.space_before = Pt(space_before)
    if size != BODY_PT:
        fmt.line_spacing = Pt(size * 1.6)
    if text:
        _set_font(para.add_run(text), font, size, bold or font == XIAOBIAOSONG)
    return para


def _heading(doc, title: str, *, with_bureau: bool = True) -> None:
    if with_bureau:
        _p(doc, "{{ bureau_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font=XIAOBIAOSONG)
    _p(doc, title, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font=XIAOBIAOSONG)
    _p(doc, "编号：{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    _p(doc)


def _addressee(doc, name: str = "{{ party_name }}") -> None:
    _p(doc, f"{name}：", indent=False)


def _signature(doc, *, name: str = "{{ bureau_name }}") -> None:
    _p(doc)
    _p(doc, name, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    _p(doc, "{{ seal }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _p(doc, "{{ issue_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)


def _delivery_footer(doc) -> None:
    _p(doc)
    _p(doc, "本文书一式二份，一份送达，一份归档。", indent=False, size=NOTE_PT, space_before=12)
    _p(doc, "送达人签名：　　　　　　　　被送达人签名：", indent=False, size=NOTE_PT)
    _p(doc, "送达时间：", indent=False, size=NOTE_PT)


def build_suggestion():
    doc = _new()
    _heading(doc, "行政执法建议书")
    _addressee(doc)
    _p(doc, "我们在监督检查中发现，你（单位）{{ facts }}。")
    _p(doc, "鉴于上述事实，建议你（单位）{{ suggestion }}。")
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_warning():
    doc = _new()
    _heading(doc, "行政告诫书")
    _addressee(doc)
    _p(doc, "本机关在日常监管和行政执法过程中发现，你（单位）{{ facts }}，系轻微违法行为。")
    _p(doc, "根据{{ legal_basis }}规定，现要求你（单位）在{{ deadline }}前，主动纠正违法违规行为。")
    _p(doc, "逾期不予纠正和整改，本机关将依法进行查处。")
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_interview():
    doc = _new()
    _heading(doc, "行政约谈通知书")
    _addressee(doc)
    _p(doc, "本机关在日常监督管理中，发现你（单位）有下列行为：{{ facts }}。")
    _p(doc, "为避免信息误差，防止可能存在的违法违规行为进一步扩大，本机关认为有必要约请你（单位）进行交流沟通，"
            "调查了解相关情况。")
    _p(doc, "请你（单位）法定代表人或相关负责人接本通知后，于{{ talk_time }}，至{{ talk_place }}当面交流沟通有关情况。"
            "如有不便，请于{{ contact_before }}前与本机关联系。")
    _p(doc, "请前往会谈人员携带证明本人身份的有效证件。")
    _p(doc, "联系人：{{ contact_person }}　　联系电话：{{ contact_phone }}")
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_guidance():
    doc = _new()
    _heading(doc, "行政指导意见书")
    _addressee(doc)
    _p(doc, "根据你（单位）所反映的情况，经研究，提出以下指导建议（主意、办法）：{{ guidance }}。")
    _p(doc, "上述意见，供你（单位）参考。敬请关注相关法律、法规和政策的变动，欢迎进一步向我们咨询。"
            "本部门联系人及电话：{{ contact_person }}，{{ contact_phone }}。")
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_reminder():
    doc = _new()
    _heading(doc, "行政提示书")
    _addressee(doc)
    _p(doc, "根据群众投诉举报和日常监管信息数据分析，本机关发现你（单位）{{ behaviour }}这类违法违规行为容易发生。"
            "此类违法违规行为违反了{{ legal_basis }}“{{ legal_provision }}”的规定。"
            "为避免发生同类违法违规现象而受到行政处罚，现提示你（单位）。")
    _signature(doc)
    _delivery_footer(doc)
    return doc


def _cell(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size: float = NOTE_PT) -> None:
    para = cell.paragraphs[0]
    para.alignment = align
    para.paragraph_format.line_spacing = Pt(size * 1.5)
    if text:
        _set_font(para.add_run(text), HEITI if bold else FANGSONG, size)


_cell_at = _cell


def _grid_table(doc, rows: int, widths_mm: list[float]):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for idx, width in enumerate(widths_mm):  # gridCol widths: what LibreOffice and WPS lay out by
        table.columns[idx].width = Mm(width)
    for row in table.rows:
        for idx, width in enumerate(widths_mm):
            row.cells[idx].width = Mm(width)
    return table


def build_return_visit():
    doc = _new()
    _heading(doc, "行政执法案件回访登记表")
    center = WD_ALIGN_PARAGRAPH.CENTER

    def _cell(cell, text, **kw):  # 小四 in the form so the table stays on one page
        _cell_at(cell, text, size=SMALL_PT, **kw)
    table = _grid_table(doc, 8, [32, 60, 24, 40])
    pairs = [
        ("企业名称（或自然人姓名）", "{{ party_name }}", "负责人姓名", "{{ party_leader }}"),
        ("行政执法案件编号", "{{ case_number }}", "承办机构", "{{ handling_unit }}"),
        ("承办人", "{{ handler }}", "回访人", "{{ visitor }}"),
    ]
    for r, (a, b, c, d) in enumerate(pairs):
        cells = table.rows[r].cells
        _cell(cells[0], a, bold=True, align=center)
        _cell(cells[1], b)
        _cell(cells[2], c, bold=True, align=center)
        _cell(cells[3], d)
    blocks = [
        (3, "回访内容（回访人填写）", "行政执法决定执行情况，违法行为整改情况", "{{ visit_content }}",
         "整改措施（如未改正违法行为，应采取如下措施改正）", "{{ measures }}"),
        (5, "征求意见内容（行政相对人填写）", "案件承办人在办案过程中依照法定程序办案、廉洁执法情况",
         "{{ conduct_opinion }}", "对执法机关的建议及需要帮助解决的问题", "{{ party_suggestions }}"),
    ]
    for start, head, q1, a1, q2, a2 in blocks:
        head_cell = table.cell(start, 0).merge(table.cell(start + 1, 0))
        _cell(head_cell, head, bold=True, align=center)
        _cell(table.cell(start, 1), q1)
        _cell(table.cell(start, 2).merge(table.cell(start, 3)), a1)
        _cell(table.cell(start + 1, 1), q2)
        _cell(table.cell(start + 1, 2).merge(table.cell(start + 1, 3)), a2)
    last = table.rows[7].cells
    _cell(last[0], "回访对象签名（盖章）", bold=True, align=center)
    _cell(last[2], "联系电话", bold=True, align=center)
    _cell(last[3], "{{ party_contact_phone }}")
    _signature(doc)
    return doc


def build_commitment():
    doc = _new()
    _p(doc, "保证承诺书", align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font=XIAOBIAOSONG)
    _p(doc, "编号：{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    _p(doc)
    _addressee(doc, "{{ bureau_name }}")
    _p(doc, "本单位（本人）{{ party_name }}（统一社会信用代码或身份证号码：{{ party_identifier }}；"
            "地址：{{ party_address }}），于{{ inspection_date }}在你局监督检查中被发现存在下列违法行为："
            "{{ facts }}。该行为违反了{{ legal_basis }}的规定。")
    _p(doc, "经你局批评教育，本单位（本人）已认识到上述行为的违法性，属首次轻微违法，自愿签署本承诺书，郑重承诺：")
    _p(doc, "一、于{{ deadline }}前纠正上述违法行为，具体措施为：{{ corrective_actions }}。")
    _p(doc, "二、在纠错观察期内（至{{ observation_end }}）不再发生同类违法行为，并接受你局跟踪回访和监督检查。")
    _p(doc, "三、如未按期纠正、造成危害后果或者再次发生同类违法行为，自愿接受依法处理，并同意将本承诺书及"
            "履行情况记入信用记录。")
    _p(doc)
    _p(doc, "承诺人（签名或盖章）：{{ party_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    _p(doc, "法定代表人（负责人）：{{ party_legal_rep }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    _p(doc, "{{ issue_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _p(doc)
    _p(doc, "受理机关：{{ bureau_name }}　{{ seal }}", indent=False, size=NOTE_PT)
    _delivery_footer(doc)
    return doc


def build_rectification():
    doc = _new()
    _heading(doc, "责令限期整改指令书")
    _addressee(doc)
    _p(doc, "经查，你单位存在下列问题：")
    _p(doc, "{{ problems }}。")
    _p(doc, "依据{{ legal_basis }}的规定，现责令你单位于{{ deadline }}前整改完毕，达到有关法律法规规章和标准规定的要求。"
            "由此造成事故的，依法追究有关人员的责任。")
    _p(doc, "整改期间，你单位应当采取措施，确保安全生产。对安全不能保障的，应当从危险区域内撤出作业人员。")
    _p(doc, "如果不服本指令，可以依法在60日内向{{ review_authority }}申请行政复议，或者在6个月内依法向{{ court }}"
            "提起行政诉讼，但本指令不停止执行，法律另有规定的除外。")
    _p(doc)
    _p(doc, "安全生产监管执法人员（签名）：{{ officers }}", indent=False)
    _p(doc, "被检查单位负责人（签名）：　　　　　　　　年　　月　　日", indent=False)
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_penalty_notice():
    """行政处罚告知书 (行政处罚法 arts. 44, 45, 63, 64): facts, reasons, basis, proposed penalty, rights."""
    doc = _new()
    _heading(doc, "行政处罚告知书")
    _addressee(doc)
    _p(doc, "经查，你（单位）{{ facts }}。")
    _p(doc, "以上事实有{{ evidence }}等证据为证。")
    _p(doc, "你（单位）的上述行为违反了{{ legal_basis }}的规定。依据{{ penalty_basis }}的规定，本机关拟对你（单位）"
            "作出{{ proposed_penalty }}的行政处罚。")
    _p(doc, "{{ rights }}。")
    _p(doc, "联系人：{{ contact_person }}　　联系电话：{{ contact_phone }}", indent=False)
    _signature(doc)
    _delivery_footer(doc)
    return doc


def build_penalty_decision():
    """行政处罚决定书 with every element of 行政处罚法 art. 59 and the 复议/诉讼 rights (art. 73)."""
    doc = _new()
    _heading(doc, "行政处罚决定书")
    _p(doc, "被处罚人：{{ party_name }}", indent=False)
    _p(doc, "统一社会信用代码（身份证号码）：{{ party_identifier }}", indent=False)
    _p(doc, "地址：{{ party_address }}", indent=False)
    _p(doc, "法定代表人（负责人）：{{ party_legal_rep }}", indent=False)
    _p(doc, "违法事实和证据：{{ facts }}。")
    _p(doc, "你（单位）的上述行为违反了{{ legal_basis }}的规定。")
    _p(doc, "{{ statement_handling }}。")
    _p(doc, "依据{{ penalty_basis }}的规定，本机关决定对你（单位）给予{{ penalty }}的行政处罚。")
    _p(doc, "{{ payment }}。到期不缴纳罚款的，本机关将依据《中华人民共和国行政处罚法》第七十二条第一款第一项的规定，"
            "每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。")
    _p(doc, "如不服本决定，可以在收到本决定书之日起六十日内依法向{{ review_authority }}申请行政复议，或者在六个月内"
            "依法向{{ court }}提起行政诉讼。申请行政复议或者提起行政诉讼期间，行政处罚不停止执行，法律另有规定的除外。")
    _signature(doc)
    _delivery_footer(doc)
    return doc


LIST_SECTIONS = (
    ("no_penalty_items", "一、不予行政处罚事项清单", "处罚事项", "不予处罚"),
    ("reduced_items", "二、减轻行政处罚事项清单", "处罚事项", "减轻处罚"),
    ("lighter_items", "三、从轻行政处罚事项清单", "处罚事项", "从轻处罚"),
    ("no_coercion_items", "四、不予行政强制事项清单", "行政强制事项", "不予行政强制"),
)


def build_list_publication():
    doc = _new(landscape=True)
    _p(doc, "{{ bureau_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font=XIAOBIAOSONG)
    _p(doc, "柔性执法“四张清单”公示表", align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font=XIAOBIAOSONG)
    _p(doc, "编号：{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    _p(doc, "单位：{{ bureau_name }}（公章）　　联系人：{{ contact_person }}　　联系电话：{{ contact_phone }}",
       indent=False, size=NOTE_PT)
    _p(doc, "清单版本：{{ version_label }}，自{{ effective_from }}起施行。", indent=False, size=NOTE_PT)
    widths = [13, 50, 32, 62, 52, 30]
    for var, heading, what, verb in LIST_SECTIONS:
        _p(doc, heading, indent=False, font=HEITI, space_before=8)
        table = _grid_table(doc, 4, widths)
        heads = ["序号", f"{what}名称", f"{what}编码", f"{verb}的情形", f"{verb}的依据", "配套监管措施"]
        for idx, text in enumerate(heads):
            _cell(table.rows[0].cells[idx], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(table.rows[1].cells[0], f"{{%tr for it in {var} %}}")
        for idx, key in enumerate(["seq", "name", "code", "situation", "basis", "measures"]):
            _cell(table.rows[2].cells[idx], f"{{{{ it.{key} }}}}")
        _cell(table.rows[3].cells[0], "{%tr endfor %}")
        _p(doc, f"{{%p if not {var} %}}", indent=False, size=NOTE_PT)
        _p(doc, "说明：本机关无此类事项。", indent=False, size=NOTE_PT)
        _p(doc, "{%p endif %}", indent=False, size=NOTE_PT)
    _p(doc, "说明：配套监管措施可以根据实际情况选择适用柔性执法具体方法的一种或多种，也可以创新方法。",
       indent=False, size=NOTE_PT, space_before=8)
    _signature(doc)
    return doc


BUILDERS = {
    DocTypeCode.SUGGESTION: build_suggestion,
    DocTypeCode.WARNING: build_warning,
    DocTypeCode.INTERVIEW: build_interview,
    DocTypeCode.GUIDANCE: build_guidance,
    DocTypeCode.REMINDER: build_reminder,
    DocTypeCode.RETURN_VISIT: build_return_visit,
    DocTypeCode.COMMITMENT: build_commitment,
    DocTypeCode.RECTIFICATION: build_rectification,
    DocTypeCode.LIST_PUBLICATION: build_list_publication,
    DocTypeCode.PENALTY_NOTICE: build_penalty_notice,
    DocTypeCode.PENALTY_DECISION: build_penalty_decision,
}


def _normalise_zip(data: bytes) -> bytes:
    """Fixed entry timestamps and order, so rebuilding unchanged templates gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_all(target: Path = DOCX_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for code, builder in BUILDERS.items():
        path = target / f"{code}.docx"
        buffer = io.BytesIO()
        builder().save(buffer)
        path.write_bytes(_normalise_zip(buffer.getvalue()))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in build_all():
        print(p)
