"""Build the bundled CJK fonts (static/vendor/fonts/) from the Debian fonts-noto-cjk collections.

The PDF of an issued document must show its Chinese text on any machine, with or without system CJK
fonts. This script subsets the Simplified Chinese faces of Noto Serif CJK (Regular for 仿宋/宋体 body
text, Bold for the 小标宋-style title) and Noto Sans CJK (Regular for 黑体 headings) to GB 2312, ASCII,
CJK and full-width punctuation (〔〕 included) and every character of the built-in templates and the
project's own text (demo data, list catalogues), and renames the families so they never clash with a
system Noto installation. The fonts stay under the SIL Open Font License 1.1 (OFL.txt beside them).

Run `PYTHONPATH=src python tools/build_fonts.py [--source DIR]` (needs fontTools, not a runtime
dependency); the output is reproducible (no timestamps) and committed. The converter in rendering.py
maps the official font names of the templates to these families with fontconfig.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rouxing.documents.assets import DOCX_DIR, FONT_DIR, PACKAGE_DIR, SANS_FAMILY, SERIF_FAMILY

DEBIAN_DIR = Path("/usr/share/fonts/opentype/noto")
FACE_SC = "SC"


@dataclass(frozen=True)
class BundledFont:
    """One bundled face: where it comes from (a face of a .ttc collection) and what it is called."""

    source: str
    family: str
    style: str
    weight: int
    filename: str

    @property
    def postscript(self) -> str:
        return f"{self.family.replace(' ', '')}-{self.style}"


FONTS = (
    BundledFont("NotoSerifCJK-Regular.ttc", SERIF_FAMILY, "Regular", 400, "RouxingSerifCJKSC-Regular.otf"),
    BundledFont("NotoSerifCJK-Bold.ttc", SERIF_FAMILY, "Bold", 700, "RouxingSerifCJKSC-Bold.otf"),
    BundledFont("NotoSansCJK-Regular.ttc", SANS_FAMILY, "Regular", 400, "RouxingSansCJKSC-Regular.otf"),
)
LAYOUT_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "vhal"]
# Where the project's own Chinese text lives (demo data, catalogues, templates' sources, UI strings).
TEXT_SUFFIXES = {".py", ".json", ".csv", ".yaml", ".yml", ".toml", ".txt", ".md", ".html"}


def gb2312_chars() -> set[str]:
    """All 7445 characters of GB 2312 (rows 0xA1–0xF7, cells 0xA1–0xFE)."""
    out = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def base_chars() -> set[str]:
    """ASCII, Latin-1 signs, general, CJK and full-width punctuation (〔〕 among them)."""
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0xFF),
        (0x2010, 0x2027),
        (0x2030, 0x203B),
        (0x2100, 0x2122),
        (0x2160, 0x216B),
        (0x2460, 0x2473),
        (0x3000, 0x303F),
        (0xFE30, 0xFE4F),
        (0xFF01, 0xFF5E),
        (0xFFE0, 0xFFE5),
    ]
    return {chr(cp) for lo, hi in ranges for cp in range(lo, hi + 1)}


def template_chars() -> set[str]:
    """Every character in the text of the built-in .docx templates."""
    out: set[str] = set()
    for path in sorted(DOCX_DIR.glob("*.docx")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = zf.read(name).decode("utf-8")
                    out.update("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))
    return out


def project_chars() -> set[str]:
    """CJK characters of the project's own text files (demo data, catalogues, labels)."""
    out: set[str] = set()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or "vendor" in path.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        out.update(ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return out


def wanted_codepoints() -> list[int]:
    chars = gb2312_chars() | base_chars() | template_chars() | project_chars()
    return sorted(ord(ch) for ch in chars if ch.isprintable() or ch == "\u3000")


def _sc_face(collection):
    for font in collection.fonts:
        if font["name"].getDebugName(1).endswith(f" {FACE_SC}"):
            return font
    raise LookupError("no Simplified Chinese face in the collection")


def _rename(font, spec: BundledFont) -> None:
    name = font["name"]
    full = f"{spec.family} {spec.style}" if spec.style != "Regular" else spec.family
    version = name.getDebugName(5) or ""
    for name_id, value in {
        1: spec.family,
        2: spec.style,
        3: f"{spec.postscript};{version.split(';')[0]}",
        4: full,
        6: spec.postscript,
        16: spec.family,
        17: spec.style,
    }.items():
        name.setName(value, name_id, 3, 1, 0x409)
    name.names = [rec for rec in name.names if rec.platformID == 3 and rec.langID == 0x409]
    name.setName(
        f"Subset of {name.getDebugName(4) or 'Noto CJK'} with renamed family; SIL Open Font License 1.1.",
        10,
        3,
        1,
        0x409,
    )
    cff = font["CFF "].cff
    cff.fontNames = [spec.postscript]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName = full, spec.family
    # A CID-keyed font names each of its font dicts; PDF writers (LibreOffice) take the embedded name
    # from there, so they carry the new name too ("RouxingSerifCJKSC-Regular-Ideographs").
    for fd in getattr(top, "FDArray", None) or []:
        fd.FontName = f"{spec.postscript}-{fd.FontName.rsplit('-', 1)[-1]}"
    top.Weight = spec.style
    font["OS/2"].usWeightClass = spec.weight


def build_font(spec: BundledFont, source_dir: Path, codepoints: list[int], out_dir: Path) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source_dir / spec.source))
    font = _sc_face(collection)
    options = subset.Options()
    # No alternates (aalt, locl, …): their closure doubles the glyph count for forms a document never uses.
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    _rename(font, spec)
    font.recalcTimestamp = False
    target = out_dir / spec.filename
    font.save(str(target), reorderTables=True)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=DEBIAN_DIR, help="directory of the Noto CJK .ttc files"
    )
    parser.add_argument("--out", type=Path, default=FONT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    codepoints = wanted_codepoints()
    for spec in FONTS:
        path = build_font(spec, args.source, codepoints, args.out)
        print(f"{path.name}: {path.stat().st_size:,} bytes")
    print(f"{len(codepoints)} code points")


if __name__ == "__main__":
    main()
