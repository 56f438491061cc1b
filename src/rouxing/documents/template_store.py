"""Which .docx template a bureau uses for a document type, and the check of an uploaded one.

A bureau uses its newest active uploaded template, else the built-in one. An upload is accepted
only if it is a real .docx (zip magic bytes, size and expansion-ratio limits against zip bombs),
its Jinja syntax parses, it contains every required placeholder of its type (docxtpl's
`get_undeclared_template_variables`) and no placeholder the system cannot fill.
"""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.exceptions import ValidationError
from jinja2 import TemplateSyntaxError

from .doctypes import COMMON_PLACEHOLDERS, DOC_TYPES, OPTIONAL_PLACEHOLDERS, PARTY_PLACEHOLDERS
from .rendering import builtin_template, sha256_hex

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100


def active_template(org_id: int, doc_type: str) -> tuple[bytes, str]:
    """(bytes, sha256) of the template `org_id` uses for `doc_type`."""
    from .models import DocumentTemplate

    row = (DocumentTemplate.objects.filter(org_id=org_id, doc_type=doc_type, active=True)
           .only("file", "sha256").order_by("-created_at", "-id").first())
    if row is None:
        return builtin_template(doc_type)
    return _stored_template(row.file.name, row.sha256), row.sha256


@functools.lru_cache(maxsize=64)
def _stored_template(name: str, sha: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as fh:
        data = fh.read()
    if sha256_hex(data) != sha:
        raise ValidationError("模板文件的摘要与登记不符，可能已被篡改，请重新上传模板。")
    return data


def _check_zip(data: bytes) -> None:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(f"模板文件过大（上限 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB）。")
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError("上传的文件不是 Word（.docx）文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
    except zipfile.BadZipFile as exc:
        raise ValidationError("上传的文件已损坏，无法作为 Word（.docx）文件打开。") from exc
    if "word/document.xml" not in names:
        raise ValidationError("上传的文件不是 Word（.docx）文件：缺少正文部分。")
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_RATIO:
        raise ValidationError("模板文件解压后过大，已拒绝（疑似压缩炸弹）。")


def _fmt(names) -> str:
    return "、".join("{{ " + n + " }}" for n in sorted(names))


def check_template(doc_type: str, data: bytes) -> list[str]:
    """Validate an uploaded template for `doc_type`; return its placeholders or raise ValidationError."""
    from docxtpl import DocxTemplate

    spec = DOC_TYPES[doc_type]
    _check_zip(data)
    try:
        found = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except TemplateSyntaxError as exc:
        raise ValidationError(f"模板中的占位符语法有误（第 {exc.lineno} 行附近）：{exc.message}") from exc
    except Exception as exc:  # noqa: BLE001 — any parse failure of a foreign file is a user error
        raise ValidationError("无法读取模板内容，请确认是用 Word 或 WPS 保存的 .docx 文件。") from exc
    required = spec.required_placeholders()
    missing = required - found
    if missing:
        raise ValidationError(
            f"模板缺少“{spec.label}”必需的占位符：{_fmt(missing)}。请在模板中补充后重新上传。"
        )
    allowed = required | set(COMMON_PLACEHOLDERS) | set(PARTY_PLACEHOLDERS) | set(OPTIONAL_PLACEHOLDERS)
    unknown = found - allowed
    if unknown:
        raise ValidationError(f"模板含有系统无法填写的占位符：{_fmt(unknown)}。请删除或改为支持的占位符。")
    return sorted(found)
