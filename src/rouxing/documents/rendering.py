"""Rendering: fill a .docx template with docxtpl, show it as HTML, convert it to PDF with LibreOffice.

`render_docx` is the only path that produces a document's bytes (preview and issue use it alike).
`convert_to_pdf` runs LibreOffice through `rouxing.core.office` (timeout, private profile per call) with
a private fontconfig file that adds the fonts bundled under
static/vendor/fonts (subsets of Noto CJK SC, built by tools/build_fonts.py) and maps the official font names
of the templates (仿宋_GB2312, 方正小标宋简体, 宋体, 楷体 → Rouxing Serif CJK SC; 黑体 → Rouxing Sans CJK
SC; then the system Noto CJK), so the PDF embeds the same CJK glyphs on any machine instead of tofu.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment

from rouxing.core.office import OfficeConversionError, convert

from .assets import FONT_DIR, SANS_FAMILY, SERIF_FAMILY, builtin_path

# Official name → the bundled family, then the system family with the same design. A font installed
# under the official name itself (a bureau's licensed 仿宋_GB2312) still comes first.
FONT_ALIASES = {
    (SERIF_FAMILY, "Noto Serif CJK SC"): (
        "仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "方正仿宋_GBK", "方正小标宋简体", "方正小标宋_GBK",
        "小标宋", "宋体", "SimSun", "NSimSun", "楷体_GB2312", "楷体", "KaiTi", "serif"),
    (SANS_FAMILY, "Noto Sans CJK SC"): ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "sans-serif"),
}
PDF_TIMEOUT_SECONDS = 90


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=32)
def _builtin(doc_type: str, mtime: float) -> tuple[bytes, str]:
    data = builtin_path(doc_type).read_bytes()
    return data, sha256_hex(data)


def builtin_template(doc_type: str) -> tuple[bytes, str]:
    """(bytes, sha256) of the built-in template, cached until the file changes."""
    return _builtin(doc_type, builtin_path(doc_type).stat().st_mtime)


def _paragraphs_to_new(value: str) -> str:
    # "\a" makes docxtpl start a new paragraph with the same paragraph properties (indent kept).
    return value.replace("\r\n", "\n").replace("\n", "\a")


def sandbox_environment() -> ImmutableSandboxedEnvironment:
    """The only Jinja environment a template is rendered in: Jinja's immutable sandbox, autoescaped.

    An uploaded template is also checked at upload (template_store.check_template_statements), but the
    sandbox holds even for a file that reached storage some other way: no attribute starting with "_",
    no call of an unsafe method, no mutation of the values handed in."""
    return ImmutableSandboxedEnvironment(autoescape=True)


def render_docx(template: bytes, context: dict[str, Any], *, seal_png: bytes | None = None) -> bytes:
    """Fill `template` with `context` (autoescaped, in the sandbox) and return the .docx bytes."""
    tpl = DocxTemplate(io.BytesIO(template))
    values = {k: (_paragraphs_to_new(v) if isinstance(v, str) else v) for k, v in context.items()}
    if seal_png:
        values["seal"] = InlineImage(tpl, io.BytesIO(seal_png), width=Mm(40))
    tpl.render(values, jinja_env=sandbox_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


_ALIGN_CSS = {
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
}


def _para_html(para) -> str:
    align = _ALIGN_CSS.get(para.alignment)
    indent = para.paragraph_format.first_line_indent
    classes = [f"al-{align}"] if align else []
    if indent and not align:
        classes.append("indent")
    size = next((r.font.size for r in para.runs if r.font.size), None)
    if size is not None and size.pt >= 20:
        classes.append("doc-title")
    text = html.escape(para.text).replace("\n", "<br>") or "&nbsp;"
    return f'<p class="{" ".join(classes)}">{text}</p>'


def docx_to_html(data: bytes) -> str:
    """A faithful-enough HTML view of the filled document: paragraphs in order, tables as tables."""
    doc = open_docx(io.BytesIO(data))
    parts: list[str] = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            rows = []
            for row in block.rows:
                seen, cells = set(), []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    span = int(cell._tc.grid_span or 1)
                    text = "<br>".join(html.escape(p.text) for p in cell.paragraphs)
                    cells.append(f'<td colspan="{span}">{text}</td>')
                rows.append("<tr>" + "".join(cells) + "</tr>")
            parts.append('<table class="doc-table">' + "".join(rows) + "</table>")
        else:
            parts.append(_para_html(block))
    return "\n".join(parts)


def fontconfig_file(workdir: Path, *, system_fonts: bool = True) -> Path:
    """A fontconfig file: the bundled fonts and the official-name aliases, on top of the system
    configuration (or alone when `system_fonts` is false, as on a machine without any CJK font)."""
    aliases = "".join(
        f'<alias binding="same"><family>{html.escape(name)}</family><accept>'
        + "".join(f"<family>{html.escape(target)}</family>" for target in targets)
        + "</accept></alias>"
        for targets, names in FONT_ALIASES.items() for name in names
    )
    system = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' if system_fonts else ""
    conf = (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"{system}<dir>{html.escape(str(FONT_DIR))}</dir>"
        f"<cachedir>{html.escape(str(workdir / 'fontconfig'))}</cachedir>{aliases}</fontconfig>"
    )
    path = workdir / "fonts.conf"
    path.write_text(conf, encoding="utf-8")
    return path


PdfConversionError = OfficeConversionError  # the name callers of this module knew


def convert_to_pdf(docx: bytes, *, timeout: int = PDF_TIMEOUT_SECONDS, system_fonts: bool = True) -> bytes | None:
    """Convert .docx bytes to PDF bytes through `core.office`; None when LibreOffice is not installed.

    Text is set in the bundled fonts; `system_fonts=False` hides every system font from LibreOffice
    (what a machine without CJK fonts sees)."""
    return convert(docx, timeout=timeout, env=lambda work: {
        "FONTCONFIG_FILE": str(fontconfig_file(work, system_fonts=system_fonts))})
