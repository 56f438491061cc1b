"""Safe spreadsheets: cells a spreadsheet would run as a formula are neutralised on export, and an
uploaded .xlsx is checked (size, zip bomb, XML bomb) before openpyxl parses any of it.

Every .xlsx import (lists 四张清单, parties 行政相对人) goes through `check_xlsx_archive`; each caller
turns `UnsafeWorkbook` into its own error type and chooses its limits.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from .validators import strip_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a part may expand this many times over its compressed size (and then only past 1 MiB)
MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024


def neutralise(value: Any) -> Any:
    """Text safe for a spreadsheet cell: control and bidi-override characters (which openpyxl refuses with an
    exception, and which spoof the display) removed, and text starting with = + - @, tab or CR prefixed with
    an apostrophe (CSV/formula injection). Every .xlsx/.csv writer passes its text cells through here."""
    if isinstance(value, str):
        value = strip_controls(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise` on text read back from an exported workbook."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class UnsafeWorkbook(Exception):
    """An uploaded workbook refused before parsing; the message is the reason in Chinese."""


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def check_xlsx_archive(data: bytes, *, max_bytes: int, max_parts: int, max_unpacked: int,
                       max_ratio: int = MAX_RATIO) -> None:
    """Refuse `data` (raising UnsafeWorkbook) when it is larger than `max_bytes`, not a zip, has more
    than `max_parts` parts, a part expands more than `max_ratio` times, the parts expand to more than
    `max_unpacked` bytes in all, or an XML part declares a DTD/entities or does not parse."""
    if len(data) > max_bytes:
        raise UnsafeWorkbook(f"文件过大（上限 {_size_text(max_bytes)}）。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsafeWorkbook("文件不是有效的 .xlsx 工作簿。") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > max_parts:
            raise UnsafeWorkbook("工作簿包含的文件数量异常，已拒绝。")
        for part in parts:
            if part.file_size > _RATIO_FLOOR and part.file_size > max_ratio * max(part.compress_size, 1):
                raise UnsafeWorkbook("工作簿压缩比异常（疑似压缩炸弹），已拒绝。")
        if sum(part.file_size for part in parts) > max_unpacked:
            raise UnsafeWorkbook("工作簿解压后体积异常（疑似压缩炸弹），已拒绝。")
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _check_xml(archive.read(part))


def _check_xml(payload: bytes) -> None:
    try:
        safe_fromstring(payload)
    except DefusedXmlException as exc:
        raise UnsafeWorkbook("工作簿含有不安全的XML内容（DTD/实体声明），已拒绝。") from exc
    except Exception as exc:  # any parse error means a broken workbook
        raise UnsafeWorkbook("工作簿内容损坏，无法读取。") from exc
