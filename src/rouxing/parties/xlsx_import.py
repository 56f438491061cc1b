"""Bulk import of 行政相对人 from .xlsx: safe opening (zip-bomb / XML-bomb defences) and row checks.

The file is rejected before openpyxl sees it when it is too large, not a zip, has too many parts, a
part expands too much (ratio) or in total, or any XML part declares a DTD/entities (defusedxml).
Every bad row is reported (行号, 列, 原因); nothing is stored unless every row is valid.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from rouxing.core.masking import mask_text
from rouxing.core.spreadsheet import UnsafeWorkbook, check_xlsx_archive, neutralise
from rouxing.core.validators import normalize_uscc, validate_uscc

from .models import Industry, Party

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ROWS = 5000

# header -> (field, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("名称", "name", True),
    ("统一社会信用代码", "uscc", True),
    ("行业类别", "industry", True),
    ("法定代表人", "legal_rep", False),
    ("地址", "address", False),
    ("联系电话", "phone", False),
    ("分类分级", "grade", False),
    ("安全生产标准化达标", "standardized", False),
    ("守信主体", "trustworthy", False),
    ("安全生产许可证有效期至", "permit_expiry", False),
]
INDUSTRY_BY_LABEL = {label: value for value, label in Industry.choices}
YES = {"是", "Y", "YES", "1", "TRUE", "√"}
NO = {"否", "N", "NO", "0", "FALSE", "", "×"}


class ImportRejected(Exception):
    """The whole file is unusable (not a workbook, too large, unsafe)."""


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.reason}" if self.column else f"第{self.row}行：{self.reason}"


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def check_archive(data: bytes) -> None:
    """Reject oversized, non-zip, zip-bomb and XML-bomb files before openpyxl parses them."""
    limit = getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    try:
        check_xlsx_archive(data, max_bytes=limit, max_parts=MAX_MEMBERS, max_unpacked=MAX_UNCOMPRESSED)
    except UnsafeWorkbook as exc:
        raise ImportRejected(str(exc)) from exc


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _flag(value: Any) -> bool | None:
    text = _text(value).upper()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _date(value: Any) -> dt.date | None | str:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).replace("/", "-"))
    except ValueError:
        return "bad"


def _check_row(values: dict[str, Any], line: int, errors: list[RowError]) -> dict[str, Any] | None:
    before = len(errors)
    out: dict[str, Any] = {"kind": Party.Kind.ENTERPRISE}
    for header, key, required in COLUMNS:
        text = _text(values.get(key))
        if required and not text:
            errors.append(RowError(line, header, "必填项为空"))
        limit = getattr(Party._meta.get_field(key), "max_length", None)
        if limit and key != "uscc" and len(text) > limit:
            errors.append(RowError(line, header, f"内容过长（{len(text)}字），最多{limit}字"))
        out[key] = text
    if out["uscc"]:
        out["uscc"] = normalize_uscc(out["uscc"])
        try:
            validate_uscc(out["uscc"])
        except ValidationError:
            errors.append(RowError(line, "统一社会信用代码", f"“{out['uscc']}”无效（长度、字符或校验位不正确）"))
    if out["industry"]:
        if out["industry"] not in INDUSTRY_BY_LABEL:
            labels = "、".join(INDUSTRY_BY_LABEL)
            errors.append(RowError(line, "行业类别", f"未知的行业类别“{out['industry']}”，应为：{labels}"))
        else:
            out["industry"] = INDUSTRY_BY_LABEL[out["industry"]]
    out["grade"] = out["grade"].upper()[:1] if out["grade"] else ""
    if out["grade"] and out["grade"] not in Party.Grade.values:
        errors.append(RowError(line, "分类分级", f"“{out['grade']}”应为A、B、C、D之一"))
    for header, key in (("安全生产标准化达标", "standardized"), ("守信主体", "trustworthy")):
        flag = _flag(values.get(key))
        if flag is None:
            errors.append(RowError(line, header, "应填“是”或“否”"))
        out[key] = bool(flag)
    expiry = _date(values.get("permit_expiry"))
    if expiry == "bad":
        errors.append(RowError(line, "安全生产许可证有效期至", "日期格式应为 YYYY-MM-DD"))
    out["permit_expiry"] = expiry if expiry != "bad" else None
    return out if len(errors) == before else None


def _header_map(header: tuple) -> tuple[dict[str, int], list[RowError]]:
    names = [_text(h).rstrip("*＊") for h in header]
    index = {}
    errors = []
    for label, key, required in COLUMNS:
        if label in names:
            index[key] = names.index(label)
        elif required:
            errors.append(RowError(1, label, "缺少必填列"))
    return index, errors


def parse_workbook(data: bytes, *, org) -> ImportResult:
    """Check the file and every row; the result holds clean rows or the full list of errors."""
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        raise ImportRejected("文件不是有效的 .xlsx 工作簿。") from exc
    result = ImportResult()
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportRejected("工作表为空。")
        index, result.errors = _header_map(header)
        if result.errors:
            return result
        _collect_rows(rows, index, org, result)
    finally:
        workbook.close()
    if not result.rows and not result.errors:
        raise ImportRejected("工作表没有数据行。")
    return result


def _collect_rows(rows, index: dict[str, int], org, result: ImportResult) -> None:
    seen: dict[str, int] = {}
    existing = set(Party.objects.filter(org=org).exclude(uscc="").values_list("uscc", flat=True))
    for line, raw in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            raise ImportRejected(f"数据行超过{MAX_ROWS}行，请分批导入。")
        if raw is None or all(_text(v) == "" for v in raw):
            continue
        values = {key: (raw[i] if i < len(raw) else None) for key, i in index.items()}
        row = _check_row(values, line, result.errors)
        if row is None:
            continue
        if row["uscc"] in seen:
            result.errors.append(RowError(line, "统一社会信用代码", f"与第{seen[row['uscc']]}行重复"))
            continue
        seen[row["uscc"]] = line
        if row["uscc"] in existing:
            result.errors.append(RowError(line, "统一社会信用代码", f"{row['uscc']}已登记，不能重复导入"))
            continue
        result.rows.append(row)


EXPORT_HEADER = ["名称/姓名", "类型", "统一社会信用代码", "身份证号码", "法定代表人/负责人", "地址", "联系电话", "行业类别",
                 "分类分级", "安全生产标准化达标", "守信主体", "安全生产许可证有效期至", "监管机关"]


def export_workbook(parties) -> tuple[bytes, int]:
    """The party list as .xlsx; ID numbers and phones masked, formula-like text neutralised."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("行政相对人")
    sheet.append(EXPORT_HEADER)
    count = 0
    for p in parties.iterator():
        count += 1
        sheet.append([neutralise(v) for v in (
            mask_text(p.name), p.get_kind_display(), p.uscc, p.masked_id_number, mask_text(p.legal_rep),
            mask_text(p.address), p.masked_phone,
            p.get_industry_display(), p.grade, "是" if p.standardized else "否", "是" if p.trustworthy else "否",
            p.permit_expiry.isoformat() if p.permit_expiry else "", p.org.name,
        )])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def template_workbook() -> bytes:
    """The import template (导入模板): headers (required ones marked *) and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政相对人"
    sheet.append([f"{label}*" if required else label for label, _key, required in COLUMNS])
    sheet.append(["示例安全科技有限公司", "91350400MA2XXXXXXX", "一般行业", "张三", "三明市梅列区示例路1号",
                  "0598-8000000", "B", "否", "否", ""])
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["行业类别", "、".join(INDUSTRY_BY_LABEL)])
    notes.append(["分类分级", "A、B、C、D 或留空"])
    notes.append(["标准化/守信", "是 或 否"])
    notes.append(["日期", "YYYY-MM-DD"])
    notes.append(["说明", "示例行须删除；任一行有错则整个文件不导入"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
