"""Bundled CJK fonts (内置字体): the PDF of an issued document is set in the fonts shipped under
static/vendor/fonts/ (subsets of Noto CJK SC renamed Rouxing Serif/Sans CJK SC, SIL OFL 1.1, built by
tools/build_fonts.py), embedded, body in the serif Regular, 小标宋-style title in the serif Bold,
黑体 headings in the sans; and a machine without any system font still gets the Chinese text.

Change: the PDF no longer depends on the system's fonts-noto-cjk; rendering.convert_to_pdf puts the
bundled directory and the official-name aliases (仿宋_GB2312, 方正小标宋简体, 宋体, 楷体, 黑体) into its
private fontconfig file, and `system_fonts=False` hides every system font.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from build_fonts import FONT_DIR, FONTS, gb2312_chars, template_chars  # tools/ (pytest pythonpath)

from rouxing.core.office import soffice_path
from rouxing.documents.rendering import convert_to_pdf, fontconfig_file

from .test_issue import issue, read_docx

SERIF_REGULAR, SERIF_BOLD, SANS_REGULAR = (f.postscript for f in FONTS)
needs_office = pytest.mark.skipif(
    soffice_path() is None or not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftohtml")),
    reason="LibreOffice and poppler-utils are not installed",
)


def _charset(path: Path) -> set[int]:
    """Code points a font maps, as fontconfig reads them."""
    out = subprocess.run(
        ["fc-query", "--format", "%{charset}", str(path)], capture_output=True, text=True, check=True
    ).stdout
    points: set[int] = set()
    for part in out.split():
        lo, _, hi = part.partition("-")
        points.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return points


def _face(name: str) -> str:
    """The bundled face a PDF font name belongs to: "RouxingSerifCJKSC-Bold-VKana" → "RouxingSerifCJKSC-Bold"
    (LibreOffice names a CID font after one of its font dicts); other names unchanged."""
    return next(
        (f.postscript for f in FONTS if name == f.postscript or name.startswith(f.postscript + "-")), name
    )


def _pdffonts(pdf: Path) -> dict[str, tuple[str, bool]]:
    """Subset tag ("BAAAAA") → (face, embedded?) for every font of the PDF, read with pdffonts."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    out = {}
    for line in lines[2:]:
        tag, _, name = line.split()[0].rpartition("+")
        embedded = bool(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line))
        out[tag or name] = (_face(name), embedded)
    return out


def _pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(face, embedded?) of every font in the PDF."""
    return list(_pdffonts(pdf).values())


def _text_fonts(pdf: Path) -> dict[str, set[str]]:
    """Face → the texts set in it (pdftohtml -xml gives each text run's font by its subset tag)."""
    faces = {tag: face for tag, (face, _embedded) in _pdffonts(pdf).items()}
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)], capture_output=True, check=True
    ).stdout
    root = ET.fromstring(xml)
    tags = {spec.get("id"): spec.get("family", "").partition("+")[0] for spec in root.iter("fontspec")}
    out: dict[str, set[str]] = {}
    for text in root.iter("text"):
        content = re.sub(r"\s+", "", "".join(text.itertext()))
        if content:
            out.setdefault(faces.get(tags[text.get("font")], "?"), set()).add(content)
    return out


def _pdftotext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def test_bundled_fonts_are_ofl_licensed_documented_and_small():
    # given the bundled font directory
    files = {p.name for p in FONT_DIR.iterdir()}
    # then it holds the three fonts, the licence and a README naming source and version
    assert {f.filename for f in FONTS} | {"OFL.txt", "README.md"} <= files
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert "Noto Serif CJK SC" in readme and "2.001" in readme and "fonts-noto-cjk" in readme
    # and the reserved font name of the original is not used by the modified versions
    assert not any("Source" in f.family for f in FONTS)
    # and the whole directory stays under 8 MB
    assert sum(p.stat().st_size for p in FONT_DIR.iterdir()) < 8 * 1024 * 1024


@pytest.mark.skipif(shutil.which("fc-query") is None, reason="fontconfig tools are not installed")
@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.postscript)
def test_each_bundled_font_covers_gb2312_the_template_text_and_official_punctuation(font):
    # given the characters of GB 2312, of the built-in templates and the punctuation of 文号 and dates
    wanted = {ord(c) for c in gb2312_chars() | template_chars() | set("〔〕（）“”《》、：；。，—0123456789")}
    # when fontconfig reads the bundled font
    covered = _charset(FONT_DIR / font.filename)
    # then none is missing
    assert not {chr(c) for c in wanted - covered if not chr(c).isspace()}


def test_private_fontconfig_without_system_fonts_sees_only_the_bundled_fonts(tmp_path):
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig tools are not installed")
    # given the converter's fontconfig file with the system fonts hidden
    conf = fontconfig_file(tmp_path, system_fonts=False)
    # when fontconfig lists what it can use
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(tmp_path))
    listed = subprocess.run(
        ["fc-list", "--format", "%{postscriptname}\n"], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    # then it is exactly the bundled fonts
    assert sorted(listed) == sorted(f.postscript for f in FONTS)
    # and the official names resolve to the bundled families
    match = {
        name: subprocess.run(
            ["fc-match", "--format", "%{postscriptname}", name],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in ("仿宋_GB2312", "方正小标宋简体:bold", "宋体", "黑体")
    }
    assert match == {
        "仿宋_GB2312": SERIF_REGULAR,
        "方正小标宋简体:bold": SERIF_BOLD,
        "宋体": SERIF_REGULAR,
        "黑体": SANS_REGULAR,
    }



def _pdf(demo_case, doc_type: str, tmp_path: Path, *, system_fonts: bool) -> tuple[Path, object]:
    doc = issue(demo_case, doc_type)
    pdf = tmp_path / f"{doc_type}.pdf"
    pdf.write_bytes(convert_to_pdf(read_docx(doc), system_fonts=system_fonts))
    return pdf, doc


@needs_office
def test_pdf_body_and_title_are_set_in_the_embedded_bundled_fonts(demo_case, tmp_path):
    # given a 行政告诫书 issued from the demo case, converted on this machine (system fonts present)
    pdf, doc = _pdf(demo_case, "warning", tmp_path, system_fonts=True)
    # then every font is embedded, and the CJK ones are the bundled families only
    fonts = _pdf_fonts(pdf)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    names = {name for name, _embedded in fonts}
    assert {SERIF_REGULAR, SERIF_BOLD} <= names and not any("Noto" in n for n in names), names
    # and the 小标宋-style title is in the serif Bold, the body (party name, number) in the serif Regular
    by_font = _text_fonts(pdf)
    assert "行政告诫书" in by_font[SERIF_BOLD]
    body = "".join(by_font[SERIF_REGULAR])
    assert doc.fields["party_name"] in body and doc.number in body


@needs_office
def test_pdf_table_headings_in_heiti_are_set_in_the_bundled_sans(demo_case, tmp_path):
    # given a 回访登记表, whose table headings are 黑体
    pdf, _doc = _pdf(demo_case, "return_visit", tmp_path, system_fonts=True)
    # then the headings are set in the bundled sans, embedded
    by_font = _text_fonts(pdf)
    assert SANS_REGULAR in by_font and by_font[SANS_REGULAR], by_font.keys()
    assert all(embedded for _name, embedded in _pdf_fonts(pdf))


@needs_office
def test_without_any_system_font_the_pdf_still_shows_the_chinese_title_and_party(demo_case, tmp_path):
    # given a 行政告诫书 converted with a fontconfig that holds only the bundled fonts
    pdf, doc = _pdf(demo_case, "warning", tmp_path, system_fonts=False)
    # then the text layer has the Chinese title, the number and the party name (no tofu)
    text = _pdftotext(pdf)
    assert "行政告诫书" in text and doc.number in text and doc.fields["party_name"] in text
    # and the fonts are the bundled ones, embedded
    fonts = _pdf_fonts(pdf)
    assert {SERIF_REGULAR, SERIF_BOLD} <= {name for name, _e in fonts}
    assert all(embedded for _name, embedded in fonts), fonts
