"""Which .docx template a bureau uses for a document type, and the check of an uploaded one.

A bureau uses its newest active uploaded template, else the built-in one. An upload is accepted
only if it is a real .docx (zip magic bytes, size and expansion-ratio limits against zip bombs),
its Jinja syntax parses, it contains every required placeholder of its type (docxtpl's
`get_undeclared_template_variables`) and no placeholder the system cannot fill, and its syntax tree
holds nothing but the few constructs the built-in templates use (`check_template_statements`): plain
`{{ name }}` / `{{ row.field }}` outputs, `{% for row in rows %}` over a placeholder and `{% if name %}` /
`{% if not name %}`. Filters, calls, subscripts, attribute chains, `_`-names, macros, imports, `set`
and every other statement are refused with a Chinese message, so a template cannot reach Python
objects; rendering runs in Jinja's sandbox as well (rendering.sandbox_environment).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from jinja2 import TemplateSyntaxError, nodes

from .doctypes import COMMON_PLACEHOLDERS, DOC_TYPES, OPTIONAL_PLACEHOLDERS, PARTY_PLACEHOLDERS
from .rendering import builtin_template, sandbox_environment, sha256_hex

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


_SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_STATEMENT_LABELS = {
    "Filter": "过滤器（|）", "Call": "函数调用", "Getitem": "下标访问（[ ]）", "Macro": "宏定义",
    "Import": "导入", "FromImport": "导入", "Include": "包含其他模板", "Extends": "模板继承",
    "Assign": "赋值（set）", "AssignBlock": "赋值（set）", "With": "with 语句", "CallBlock": "call 语句",
    "FilterBlock": "filter 语句", "Block": "block 语句", "Const": "常量", "BinExpr": "运算",
    "Concat": "字符串拼接", "Compare": "比较", "CondExpr": "条件表达式", "Tuple": "元组", "UnaryExpr": "运算", "Test": "测试（is）",
    "Getattr": "属性访问", "Slice": "切片",
}


def _refuse_node(node: nodes.Node) -> ValidationError:
    kind = type(node).__name__
    label = next((_STATEMENT_LABELS[k.__name__] for k in type(node).__mro__ if k.__name__ in _STATEMENT_LABELS),
                 f"{kind} 语句")
    return ValidationError(
        f"模板第 {node.lineno} 行附近含有不允许的模板语法：{label}。模板中只能使用 {{{{ 占位符 }}}}、"
        "{% for 行 in 列表 %} 和 {% if 占位符 %}，请删除后重新上传。")


def _check_name(node: nodes.Node, name: str) -> None:
    if not _SAFE_NAME.match(name):
        raise ValidationError(f"模板第 {node.lineno} 行附近的名称“{name[:40]}”不合规：只能用小写字母、数字和下划线，"
                              "且以字母开头。")


def _check_value(node: nodes.Node, loop_vars: frozenset[str]) -> None:
    """An output or test value: a placeholder name, or one field of a loop row (`row.field`)."""
    if isinstance(node, nodes.Name):
        _check_name(node, node.name)
        return
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in loop_vars:
        _check_name(node, node.attr)
        return
    raise _refuse_node(node)


def _check_body(body: list[nodes.Node], loop_vars: frozenset[str]) -> None:
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                _check_value(child, loop_vars)
        elif isinstance(node, nodes.For):
            if (not isinstance(node.target, nodes.Name) or not isinstance(node.iter, nodes.Name)
                    or node.test is not None or node.recursive):
                raise _refuse_node(node)
            _check_name(node, node.target.name)
            _check_name(node, node.iter.name)
            _check_body(node.body, loop_vars | {node.target.name})
            _check_body(node.else_, loop_vars)
        elif isinstance(node, nodes.If):
            test = node.test.node if isinstance(node.test, nodes.Not) else node.test
            _check_value(test, loop_vars)
            for branch in node.elif_:
                _check_body([branch], loop_vars)
            _check_body(node.body, loop_vars)
            _check_body(node.else_, loop_vars)
        else:
            raise _refuse_node(node)


def template_sources(data: bytes) -> list[str]:
    """The Jinja sources docxtpl renders from a .docx: the body, headers and footers (as patched by docxtpl)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    sources = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            sources.append(tpl.patch_xml(tpl.get_part_xml(part)))
    return sources


def check_template_statements(data: bytes) -> None:
    """Refuse (ValidationError, Chinese) a template whose syntax tree holds anything beyond plain outputs,
    `for` over a placeholder and `if` on a placeholder — the constructs the built-in templates need."""
    env = sandbox_environment()
    for source in template_sources(data):
        _check_body(env.parse(source).body, frozenset())


def _fmt(names) -> str:
    return "、".join("{{ " + n + " }}" for n in sorted(names))


def check_template(doc_type: str, data: bytes) -> list[str]:
    """Validate an uploaded template for `doc_type`; return its placeholders or raise ValidationError."""
    from docxtpl import DocxTemplate

    spec = DOC_TYPES[doc_type]
    _check_zip(data)
    try:
        check_template_statements(data)
        found = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(jinja_env=sandbox_environment())
    except ValidationError:
        raise
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
