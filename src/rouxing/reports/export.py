"""Export of the statistics report in the layout of seed 001 annex 5 / seed 000 annex 8 (.xlsx, .pdf).

Layout: a merged title row, the 填报单位 / 填报时间 / 联系电话 row, one header row with the fifteen
column names and their units (as the annex prints them, e.g. "不予行政处罚（件）"), the figures (one
row per bureau and a 合计 row when rolled up), then the annex's 填表说明. PDF is produced by
LibreOffice headless converting a .docx rendering of the same layout, where LibreOffice is installed.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from rouxing.core.office import DEFAULT_TIMEOUT_SECONDS, OfficeConversionError, convert
from rouxing.core.spreadsheet import neutralise
from rouxing.core.validators import strip_controls

from .definition import COLUMNS, REPORT_NOTES

TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LABEL_COLUMN = 1  # 单位 column before the fifteen figures
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def build_xlsx(snapshot: dict) -> bytes:
    """Render a report snapshot (see aggregation.snapshot) as an .xlsx workbook; returns its bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "柔性执法统计报表"
    last_col = LABEL_COLUMN + len(COLUMNS)
    _title(ws, snapshot["title"], last_col)
    _info(ws, snapshot, last_col)
    _headers(ws)
    row = FIRST_DATA_ROW
    for line in snapshot["rows"]:
        _figures(ws, row, line["label"], line["values"])
        row += 1
    if snapshot.get("total") is not None:
        _figures(ws, row, "合计", snapshot["total"], bold=True)
        row += 1
    ws.cell(row=row, column=1, value="填表说明：")
    for note in REPORT_NOTES:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        ws.cell(row=row, column=1, value=note).alignment = Alignment(wrap_text=True)
    ws.column_dimensions[get_column_letter(LABEL_COLUMN)].width = 22
    for col in COLUMNS:
        ws.column_dimensions[get_column_letter(LABEL_COLUMN + col.no)].width = 9
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _title(ws, title: str, last_col: int) -> None:
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_col)
    cell = ws.cell(row=TITLE_ROW, column=1, value=neutralise(title))
    cell.font = Font(size=16, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 30


def _info(ws, snapshot: dict, last_col: int) -> None:
    third = max(1, last_col // 3)
    spans = [(1, third), (third + 1, 2 * third), (2 * third + 1, last_col)]
    texts = [f"填报单位：{snapshot['org_name']}", f"填报时间：{snapshot['filled_on']}",
             f"联系电话：{snapshot.get('contact_phone', '')}"]
    for (start, end), text in zip(spans, texts, strict=True):
        ws.merge_cells(start_row=INFO_ROW, start_column=start, end_row=INFO_ROW, end_column=end)
        ws.cell(row=INFO_ROW, column=start, value=neutralise(text))


def _headers(ws) -> None:
    cell = ws.cell(row=HEADER_ROW, column=LABEL_COLUMN, value="单位")
    _boxed(cell, bold=True)
    for col in COLUMNS:
        cell = ws.cell(row=HEADER_ROW, column=LABEL_COLUMN + col.no, value=header_text(col))
        _boxed(cell, bold=True)


def header_text(col) -> str:
    """The annex's header for one column: its name and unit, e.g. "行政指导（人次）"."""
    return col.header


def _figures(ws, row: int, label: str, values: dict, bold: bool = False) -> None:
    _boxed(ws.cell(row=row, column=LABEL_COLUMN, value=neutralise(label)), bold=bold)
    for col in COLUMNS:
        _boxed(ws.cell(row=row, column=LABEL_COLUMN + col.no, value=int(values.get(col.key, 0))), bold=bold)


def _boxed(cell, bold: bool = False) -> None:
    cell.border = BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if bold:
        cell.font = Font(bold=True)


def _docx_table(doc, snapshot: dict) -> None:
    """The figures table: a header row of the fifteen columns, one row per bureau, the 合计 row."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [(r["label"], r["values"]) for r in snapshot["rows"]]
    if snapshot.get("total") is not None:
        lines.append(("合计", snapshot["total"]))
    table = doc.add_table(rows=1 + len(lines), cols=1 + len(COLUMNS))
    table.style = "Table Grid"
    table.cell(0, 0).text = "单位"
    for col in COLUMNS:
        table.cell(0, col.no).text = f"{col.title}\n（{col.unit}）"
    for i, (label, values) in enumerate(lines, start=1):
        table.cell(i, 0).text = strip_controls(label)
        for col in COLUMNS:
            table.cell(i, col.no).text = str(int(values.get(col.key, 0)))
    for para in (p for row in table.rows for cell in row.cells for p in cell.paragraphs):
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in para.runs:
            r.font.size = Pt(8)


def build_docx(snapshot: dict) -> bytes:
    """The same report as a Word document (landscape A4), the source of the PDF: LibreOffice Writer
    is the component installed on the intranet servers, Calc often is not."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.2))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(strip_controls(snapshot["title"]))
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph(strip_controls(f"填报单位：{snapshot['org_name']}　　填报时间：{snapshot['filled_on']}　　"
                                     f"联系电话：{snapshot.get('contact_phone', '')}"))
    _docx_table(doc, snapshot)
    doc.add_paragraph("填表说明：")
    for note in REPORT_NOTES:
        doc.add_paragraph(note)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(snapshot: dict, timeout: int = DEFAULT_TIMEOUT_SECONDS) -> bytes | None:
    """PDF of the report: LibreOffice headless (`core.office`) converting the .docx rendering; None when
    LibreOffice is not installed or the conversion fails (the page then offers the Excel file)."""
    try:
        return convert(build_docx(snapshot), filename="report.docx", timeout=timeout)
    except OfficeConversionError:
        return None
