"""Where the documents app's built files live at run time: the built-in .docx templates and the bundled
CJK fonts, with the family names the fonts carry.

The files are made by the build tools at the repository root (`tools/build_templates.py`,
`tools/build_fonts.py`), committed, and only read here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
DOCX_DIR = Path(__file__).resolve().parent / "docx"
FONT_DIR = PACKAGE_DIR / "static" / "vendor" / "fonts"
SERIF_FAMILY = "Rouxing Serif CJK SC"
SANS_FAMILY = "Rouxing Sans CJK SC"


def builtin_path(doc_type: str) -> Path:
    """The built-in template of a document type (`docx/<type>.docx`)."""
    return DOCX_DIR / f"{doc_type}.docx"
