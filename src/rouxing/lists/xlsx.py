"""Excel export and import of a version's four lists in the layout of seed 001 annexes 1–4.

One sheet per list (不予行政处罚事项清单 …), a title row, a row with 填报单位/联系人/联系电话, the
column header (序号, 事项名称, 事项编码, 情形, 依据, 配套监管措施) and one row per item.

Export neutralises cells that a spreadsheet would run as a formula. Import is defensive (size limit,
zip-bomb check before openpyxl opens the file, defusedxml for the XML parts) and all-or-nothing:
every row is validated first, every bad row is reported, and nothing is stored on any error.
Imported 情形 is text; the structured conditions and catalogue links travel in the extra sheets of
`xlsx_rules` (事项条件, 自定义事实, 共同适用条件, 适用范围排除). An item the 事项条件 sheet does not list keeps
the structure of the existing item with the same 事项编码 in the draft (a new one has none).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from rouxing.core.audit import audit_record
from rouxing.core.spreadsheet import UnsafeWorkbook, check_xlsx_archive, neutralise, unneutralise

from . import services, xlsx_rules
from .forms import format_basis, parse_basis, parse_measures
from .models import ListItem, ListKind, ListVersion

SHEETS = {
    ListKind.NO_PENALTY: "不予行政处罚事项清单",
    ListKind.REDUCED: "减轻行政处罚事项清单",
    ListKind.LIGHTER: "从轻行政处罚事项清单",
    ListKind.NO_COERCION: "不予行政强制事项清单",
}
HEADERS = {
    ListKind.NO_PENALTY: ("序号", "处罚事项名称", "处罚事项编码", "不予处罚的情形", "不予处罚的依据", "配套监管措施"),
    ListKind.REDUCED: ("序号", "处罚事项名称", "处罚事项编码", "减轻处罚的情形", "减轻处罚的依据", "配套监管措施"),
    ListKind.LIGHTER: ("序号", "处罚事项名称", "处罚事项编码", "从轻处罚的情形", "从轻处罚的依据", "配套监管措施"),
    ListKind.NO_COERCION: ("序号", "行政强制事项名称", "行政强制事项编码", "不予行政强制的情形", "不予行政强制的依据",
                           "配套监管措施"),
}
# Column keys recognised by a keyword of the header text (order matters: 编码 before 名称).
COLUMN_KEYWORDS = (("seq", "序号", "序号"), ("code", "编码", "事项编码"), ("name", "名称", "事项名称"),
                   ("situation", "情形", "情形"), ("basis", "依据", "依据"), ("measures", "措施", "配套监管措施"))
REQUIRED_COLUMNS = ("name", "code", "situation", "basis", "measures")
MAX_ENTRIES = 200
MAX_ROWS_PER_SHEET = 2000
HEADER_SCAN_ROWS = 10
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- export


def export_version(version: ListVersion) -> bytes:
    """The version's four lists as an .xlsx workbook (bytes)."""
    wb = Workbook()
    wb.remove(wb.active)
    items = {kind: [] for kind in SHEETS}
    for item in version.items.order_by("list_kind", "seq"):
        items.setdefault(item.list_kind, []).append(item)
    for kind, sheet_name in SHEETS.items():
        ws = wb.create_sheet(sheet_name)
        ws.append([neutralise(f"{version.org.name}{sheet_name}")])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append([neutralise(f"填报单位：{version.contact_unit or version.org.name}"), None,
                   neutralise(f"联系人：{version.contact_person}"), None,
                   neutralise(f"联系电话：{version.contact_phone}"), None])
        ws.append(list(HEADERS[kind]))
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for item in items.get(kind, []):
            ws.append([item.seq, *(neutralise(v) for v in (
                item.name, item.code, item.situation, format_basis(item.basis), "、".join(item.measures)))])
        if not items.get(kind) and version.note:
            ws.append([neutralise(version.note if version.note.startswith("说明") else f"说明：{version.note}")])
        for col, width in zip("ABCDEF", (6, 36, 18, 48, 60, 24), strict=True):
            ws.column_dimensions[col].width = width
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    xlsx_rules.export_rules(wb, version)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- import: reading


@dataclass
class RowError:
    """One problem found in the workbook, located by sheet, row and column."""

    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else "文件"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.reason}"


@dataclass
class ParsedRow:
    list_kind: str
    row: int
    seq: int
    name: str
    code: str
    situation: str
    basis: list[dict[str, Any]]
    measures: list[str]

    def data(self) -> dict[str, Any]:
        return {"list_kind": self.list_kind, "seq": self.seq, "name": self.name, "code": self.code,
                "situation": self.situation, "basis": self.basis, "measures": self.measures}


class XlsxImportError(Exception):
    """The workbook was refused; `errors` lists every problem found (nothing was stored)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


def check_archive(data: bytes) -> None:
    """Refuse oversized files, zip bombs and XML bombs before openpyxl parses anything."""
    max_bytes = settings.IMPORT_MAX_BYTES
    try:
        check_xlsx_archive(data, max_bytes=max_bytes, max_parts=MAX_ENTRIES, max_unpacked=max_bytes * 10)
    except UnsafeWorkbook as exc:
        raise XlsxImportError([RowError("", None, "", str(exc))]) from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip())


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [_cell_text(v) for v in row]
        if not any("序号" in t or "名称" in t for t in texts):
            continue
        columns: dict[str, int] = {}
        for col, text in enumerate(texts):
            for key, keyword, _label in COLUMN_KEYWORDS:
                if keyword in text and key not in columns:
                    columns[key] = col
                    break
        return index, columns
    return None


def _parse_seq(sheet: str, number: int, text: str, position: int, errors: list[RowError]) -> int:
    if not text:
        return position
    if text.isdigit() and int(text) >= 1:
        return int(text)
    errors.append(RowError(sheet, number, "序号", f"序号“{text}”不是正整数。"))
    return position


def _check_unique(sheet: str, number: int, name: str, code: str, errors: list[RowError],
                  seen: dict[str, int]) -> None:
    """事项编码 must be unique in a list; an item without a code is identified by its name."""
    if code:
        key, column, what = code, "事项编码", f"事项编码“{code}”重复"
    elif name:
        key, column, what = f"name:{name}", "事项名称", "事项名称重复且无事项编码"
    else:
        return
    if key in seen:
        errors.append(RowError(sheet, number, column, f"{what}（与第{seen[key]}行相同）。"))
    else:
        seen[key] = number


def _parse_basis_cell(sheet: str, number: int, text: str, errors: list[RowError]) -> list[dict[str, Any]]:
    try:
        basis = parse_basis(text)
    except ValueError as exc:
        errors.append(RowError(sheet, number, "依据", str(exc)))
        return []
    if not basis:
        errors.append(RowError(sheet, number, "依据", "缺少依据（须载明法律名称、条款）。"))
    return basis


def _parse_row(kind: str, sheet: str, number: int, cells: dict[str, str], position: int,
               errors: list[RowError], seen_codes: dict[str, int]) -> ParsedRow | None:
    before = len(errors)
    seq = _parse_seq(sheet, number, cells.get("seq", ""), position, errors)
    name, code = cells.get("name", ""), cells.get("code", "")
    if not name:
        errors.append(RowError(sheet, number, "事项名称", "事项名称为空。"))
    _check_unique(sheet, number, name, code, errors, seen_codes)
    if not cells.get("situation"):
        errors.append(RowError(sheet, number, "情形", "情形为空。"))
    basis = _parse_basis_cell(sheet, number, cells.get("basis", ""), errors)
    measures, unknown = parse_measures(cells.get("measures", ""))
    for m in unknown:
        errors.append(RowError(sheet, number, "配套监管措施", f"未知的配套监管措施“{m}”（应为十种柔性执法方式之一）。"))
    if len(errors) > before:
        return None
    return ParsedRow(kind, number, seq, name, code, cells["situation"], basis, measures)


def _parse_sheet(kind: str, ws, errors: list[RowError]) -> list[ParsedRow]:
    sheet = SHEETS[kind]
    rows = []
    for index, row in enumerate(ws.iter_rows(values_only=True)):
        if index > MAX_ROWS_PER_SHEET + HEADER_SCAN_ROWS:
            errors.append(RowError(sheet, None, "", f"行数超过上限（{MAX_ROWS_PER_SHEET} 行）。"))
            return []
        rows.append(row)
    found = _find_header(rows)
    if found is None:
        errors.append(RowError(sheet, None, "", "未找到表头行（应含 序号、事项名称、事项编码、情形、依据、配套监管措施）。"))
        return []
    header_index, columns = found
    missing = [label for key, _kw, label in COLUMN_KEYWORDS if key in REQUIRED_COLUMNS and key not in columns]
    if missing:
        errors.append(RowError(sheet, header_index + 1, "", f"缺少列：{'、'.join(missing)}。"))
        return []
    parsed: list[ParsedRow] = []
    seen_codes: dict[str, int] = {}
    seen_seq: dict[int, int] = {}
    position = 0
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {key: _cell_text(row[col]) if col < len(row) else "" for key, col in columns.items()}
        if not any(cells.values()):
            continue
        first = _cell_text(row[0]) if row else ""
        if first.startswith("说明") and not cells.get("name"):
            break
        position += 1
        item = _parse_row(kind, sheet, offset, cells, position, errors, seen_codes)
        if item is None:
            continue
        if item.seq in seen_seq:
            errors.append(RowError(sheet, offset, "序号", f"序号{item.seq}重复（与第{seen_seq[item.seq]}行相同）。"))
            continue
        seen_seq[item.seq] = offset
        parsed.append(item)
    return parsed


def read_workbook(data: bytes) -> list[ParsedRow]:
    """Parse and validate every sheet; raise XlsxImportError listing all problems."""
    return read_workbook_full(data)[0]


def read_workbook_full(data: bytes, current_declared: list[dict[str, Any]] | None = None
                       ) -> tuple[list[ParsedRow], xlsx_rules.RulesSheets]:
    """The annex rows and the structured sheets (`xlsx_rules`); raise XlsxImportError listing all problems."""
    check_archive(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl/defusedxml raise many types for broken or hostile files
        raise XlsxImportError([RowError("", None, "", "无法读取工作簿（文件损坏或包含不安全的内容）。")]) from exc
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    try:
        for kind, sheet_name in SHEETS.items():
            if sheet_name not in wb.sheetnames:
                errors.append(RowError(sheet_name, None, "", "缺少该工作表。"))
                continue
            rows.extend(_parse_sheet(kind, wb[sheet_name], errors))
        rules = xlsx_rules.read_rules(wb, errors, RowError, current_declared)
    except Exception as exc:
        raise XlsxImportError([RowError("", None, "", "无法读取工作簿（文件损坏或包含不安全的内容）。")]) from exc
    finally:
        wb.close()
    known = {(r.list_kind, r.seq) for r in rows}
    for key, number in (rules.rows or {}).items() if not errors else ():  # only once the annex sheets are sound
        if key not in known:
            errors.append(RowError(xlsx_rules.ITEM_SHEET, number, "序号",
                                   f"{SHEETS[key[0]]}中没有序号为{key[1]}的事项。"))
    if errors:
        raise XlsxImportError(errors)
    return rows, rules


# ---------------------------------------------------------------- import: storing


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    new_without_conditions: list[str] = field(default_factory=list)


def _key(list_kind: str, code: str, name: str) -> tuple[str, str]:
    return (list_kind, code or name)


def version_import_xlsx(*, version: ListVersion, user, data: bytes, reason: str) -> ImportResult:
    """Replace the items of a draft with the workbook's rows, in one transaction (all-or-nothing).

    Existing items matched by list and 事项编码 (or name) are updated in place, so their structured
    conditions and provenance stay; unmatched items are deleted; new rows become new items.
    """
    services._ensure_list_admin(user, version.org)
    services._ensure_editable(version)
    reason = services._require_reason(reason)
    rows, rules = read_workbook_full(data, version.declared_facts)
    structured = rules.items or {}
    result = ImportResult()
    with transaction.atomic():
        if any(x is not None for x in (rules.declared, rules.common, rules.scope)):
            services.version_update_rules(
                version=version, user=user, reason=reason, expected_version=version.lock_version, check_items=False,
                declared_facts=rules.declared if rules.declared is not None else version.declared_facts,
                common_conditions=rules.common if rules.common is not None else version.common_conditions,
                scope_exclusions=rules.scope if rules.scope is not None else version.scope_exclusions)
        existing: dict[tuple[str, str], ListItem] = {}
        incoming = {_key(r.list_kind, r.code, r.name): r for r in rows}
        for item in version.items.order_by("list_kind", "seq"):
            key = _key(item.list_kind, item.code, item.name)
            if key not in incoming or key in existing:
                services.item_delete(item=item, user=user, reason=reason)
                result.deleted += 1
            else:
                existing[key] = item
        moved: list[tuple[ListItem, int]] = []
        for key, row in incoming.items():
            item = existing.get(key)
            if item is None:
                continue
            data_row = {**row.data(), **structured.get((row.list_kind, row.seq), {})}
            if all(getattr(item, f) == v for f, v in data_row.items()):
                result.unchanged += 1
                continue
            if item.seq != row.seq:  # park on a free number first: the (list, seq) pair is unique
                data_row["seq"] = 100000 + row.seq
                moved.append((item, row.seq))
            services.item_update(item=item, user=user, data=data_row, reason=reason,
                                 expected_version=item.lock_version)
            result.updated += 1
        for item, seq in moved:
            services.item_update(item=item, user=user, data={"seq": seq}, reason=reason,
                                 expected_version=item.lock_version)
        for key, row in incoming.items():
            if key not in existing:
                data_row = {**row.data(), **structured.get((row.list_kind, row.seq), {})}
                services.item_create(version=version, user=user, data=data_row, reason=reason)
                result.created += 1
                if not data_row.get("conditions"):
                    result.new_without_conditions.append(row.name)
        audit_record(event="list_version.import_xlsx", actor=user, obj=version,
                     detail={"reason": reason, "created": result.created, "updated": result.updated,
                             "deleted": result.deleted})
    return result
