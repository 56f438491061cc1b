#!/usr/bin/env python3
"""Golden behaviour snapshot of the demo data (行为基线): what a fresh `rouxing init` produces.

Records, from a new SQLite demo database built with the clock frozen at GOLDEN_NOW:
  * the decision of every scenario in shared/scenarios/decisions.yaml and decisions_v2.yaml
    (through the `decide` command, exactly as `rouxing decide -` prints it);
  * the statistics figures: the report columns (统计报表) and the oversight metrics
    (五个百分之百, 721) of every demo bureau, alone and rolled up, for the demo periods;
  * a digest of every demo document's rendered content (the text of its .docx, not its bytes).

    python tests/golden/make_golden.py            # print the snapshot as JSON
    python tests/golden/make_golden.py --write    # overwrite tests/golden/demo_golden.json

Runs in its own process (own settings, own temporary var dir): tests/golden/test_golden.py calls it.
Only public entry points are used (management commands, the reports app's figures, the documents'
stored files), so that refactoring the code does not change the snapshot unless behaviour changes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = Path(os.environ.get("ROUXING_SHARED", REPO.parent / "shared"))
GOLDEN_FILE = HERE / "demo_golden.json"
SCENARIO_FILES = ("decisions.yaml", "decisions_v2.yaml")

# A Friday in a year chinesecalendar knows: the demo history (about fourteen months back) is all in
# known years, so no deadline is provisional.
GOLDEN_NOW = dt.datetime(2025, 11, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
# The bureaus with demo enforcement work, and the reporting periods recorded for each.
PERIODS = ("2024", "2025", "2025-H1", "2025-H2", "2025-10")


def _setup(var_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "rouxing.config.settings.dev"
    os.environ["ROUXING_VAR_DIR"] = str(var_dir)
    os.environ["ROUXING_MEDIA_ROOT"] = str(var_dir / "media")
    os.environ["ROUXING_DEMO_PASSWORD"] = "Golden-Pass-2025"
    os.environ["ROUXING_PDF_ASYNC"] = "0"
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL"):
        os.environ.pop(name, None)
    import django

    django.setup()


def _init() -> None:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("init", "--quiet-logins", stdout=out, stderr=err)
    if err.getvalue().strip():
        raise SystemExit(f"rouxing init reported: {err.getvalue()}")


def _decide(facts: dict) -> dict:
    """`rouxing decide -` in this process: exit status and the printed JSON (or the error line)."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(json.dumps(facts, ensure_ascii=False, default=str))
    code = 0
    try:
        with contextlib.redirect_stderr(err):
            call_command("decide", "-", stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    if code:
        return {"exit": code, "error": err.getvalue().strip()}
    return {"exit": 0, "decision": json.loads(out.getvalue())}


def decisions() -> dict:
    import yaml

    result: dict[str, list] = {}
    for name in SCENARIO_FILES:
        scenarios = yaml.safe_load((SHARED / "scenarios" / name).read_text(encoding="utf-8"))
        result[name] = [{"name": s["name"], **_decide(s["facts"])} for s in scenarios]
    return result


def _metric(m) -> dict:
    return {"key": m.key, "name": m.name, "numerator": m.numerator, "denominator": m.denominator,
            "percent": m.percent, "met": m.met, "record_count": len(m.record_ids),
            "missing_count": len(m.missing_ids)}


def _bureaus():
    from rouxing.cases.models import Inspection
    from rouxing.orgs.models import Org

    ids = set(Inspection.objects.values_list("org_id", flat=True))
    return list(Org.objects.filter(pk__in=ids).order_by("code"))


def _report_user(org):
    from rouxing.orgs.models import User
    from rouxing.reports.selectors import REPORT_ROLES

    return User.objects.filter(org=org, role__in=list(REPORT_ROLES), is_active=True).order_by("username").first()


def statistics() -> dict:
    """The report table (columns per bureau) and oversight metrics, per bureau and period."""
    from django.utils import timezone

    from rouxing.orgs.models import Org
    from rouxing.reports import oversight, selectors
    from rouxing.reports.definition import Period

    today = timezone.localdate()
    bureaus = list(_bureaus())
    # Rolled up at the bureaus that have bureaus below them (三明 over 明溪 and 将乐).
    parents = [o for o in Org.objects.filter(pk__in={b.parent_id for b in bureaus if b.parent_id}).order_by("code")]
    result: dict[str, dict] = {}
    for org in sorted({*bureaus, *parents}, key=lambda o: o.code):
        user = _report_user(org)
        if user is None:
            continue
        per_period: dict[str, dict] = {}
        for code in PERIODS:
            period = Period.parse(code)
            entry: dict[str, object] = {}
            for rollup in (False, True) if org in parents else (False,):
                snap = selectors.build_snapshot(user=user, org=org, period=period, rollup=rollup)
                org_ids = selectors.covered_org_ids(user, org, rollup)
                key = "rollup" if rollup else "own"
                entry[key] = {
                    "rows": {str(Org.objects.get(pk=r["org_id"]).code): r["values"] for r in snap["rows"]},
                    "figures": snap["figures"],
                    "five_hundred_percent": [_metric(m) for m in oversight.five_hundred_percent(org_ids, period, today)],
                    "ratio_721": json.loads(json.dumps(oversight.ratio_721(org_ids, period), default=str)),
                }
            per_period[code] = entry
        result[org.code] = per_period
    return result


def docx_text(path: str | Path) -> str:
    """The visible text of a .docx: body paragraphs and tables in order, then headers and footers."""
    import docx

    d = docx.Document(str(path))
    lines: list[str] = []

    def block(body) -> None:
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            elif tag == "tbl":
                for row in child.iter():
                    if row.tag.endswith("}tr"):
                        cells = []
                        for cell in row.iterchildren():
                            if cell.tag.endswith("}tc"):
                                cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                        lines.append(" | ".join(cells))

    block(d.element.body)
    for section in d.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)


def documents() -> list[dict]:
    from rouxing.documents.models import Document

    rows = []
    for doc in Document.objects.select_related("org").order_by("org__code", "doc_type", "number", "pk"):
        text = docx_text(doc.docx_file.path) if doc.docx_file else ""
        rows.append({"org": doc.org.code, "doc_type": doc.doc_type, "number": doc.number, "status": doc.status,
                     "source_type": doc.source_type, "chars": len(text),
                     "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                     # what a draft will render (drafts have no .docx yet)
                     "fields_sha256": hashlib.sha256(json.dumps(doc.fields, ensure_ascii=False, sort_keys=True,
                                                                default=str).encode("utf-8")).hexdigest()})
    return rows


def snapshot() -> dict:
    import time_machine

    with tempfile.TemporaryDirectory(prefix="rouxing-golden-") as tmp:
        with time_machine.travel(GOLDEN_NOW, tick=False):
            _setup(Path(tmp))
            _init()
            return {
                "frozen_at": GOLDEN_NOW.isoformat(),
                "decisions": decisions(),
                "statistics": statistics(),
                "documents": documents(),
            }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"overwrite {GOLDEN_FILE.name}")
    parser.add_argument("--out", help="write the snapshot to this file")
    args = parser.parse_args()
    text = dumps(snapshot())
    if args.write:
        GOLDEN_FILE.write_text(text, encoding="utf-8")
    elif args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
