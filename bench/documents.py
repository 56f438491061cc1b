"""Benchmark: documents rendered per second by the product's render path against bare docxtpl.

Product path: `rouxing.documents.services.document_render` — template lookup (the bureau's uploaded
template or the built-in one), the context built from the stored fields (bureau block, party block,
Chinese dates), docxtpl rendering with autoescape and paragraph handling, and the .docx bytes.
Baseline: `DocxTemplate(template).render(context, autoescape=True)` + save, with the very same
template bytes and the very same context, in the same run. Rounds alternate between the two and
the median round is reported; the target is a ratio ≤ 1.3×. Also printed: full issues per second
(number from the counter row, render, file stored, audit event; no PDF).

Run: .venv/bin/python bench/documents.py   (a throw-away SQLite database in a temp dir; < 60 s)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TMP = tempfile.mkdtemp(prefix="rouxing-bench-docs-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rouxing.config.settings.dev")
os.environ["ROUXING_VAR_DIR"] = TMP
os.environ["ROUXING_MEDIA_ROOT"] = str(Path(TMP) / "media")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

ROUNDS = 7
PER_ROUND = 25
DOC_TYPES = ("warning", "interview", "return_visit")


def setup():
    from rouxing.documents import services
    from rouxing.orgs.models import Org, Role, User
    from rouxing.parties.models import Party

    call_command("migrate", verbosity=0)
    org = Org.objects.create(code="BENCH", name="三明市应急管理局", short_name="明应急", level="city",
                             contact_person="陈立", contact_phone="0598-8230110", address="三明市三元区")
    officer = User.objects.create(username="bench_officer", org=org, role=Role.OFFICER, full_name="林建平",
                                  badge_no="35040021001")
    party = Party.objects.create(org=org, name="三明华盛纺织有限公司", uscc="91350400MA2XN5LB4R", legal_rep="许志强",
                                 address="三明市三元区252号", phone="0598-5551323")
    sys.path.insert(0, str(ROOT))
    from tests.documents.conftest import CASE_VALUES

    drafts = {code: services.document_draft_create(user=officer, doc_type=code, fields=CASE_VALUES[code],
                                                   party=party) for code in DOC_TYPES}
    return services, officer, party, drafts, CASE_VALUES


def product_round(services, drafts, bureau) -> float:
    start = time.perf_counter()
    for i in range(PER_ROUND):
        doc = drafts[DOC_TYPES[i % len(DOC_TYPES)]]
        services.document_render(document=doc, bureau=bureau, number=f"明应急告〔2024〕{i + 1}号",
                                 issue_date=dt.date(2024, 5, 10))
    return PER_ROUND / (time.perf_counter() - start)


def bare_round(templates, contexts) -> float:
    start = time.perf_counter()
    for i in range(PER_ROUND):
        code = DOC_TYPES[i % len(DOC_TYPES)]
        tpl = DocxTemplate(io.BytesIO(templates[code]))
        tpl.render(contexts[code], autoescape=True)
        tpl.save(io.BytesIO())
    return PER_ROUND / (time.perf_counter() - start)


def main() -> None:
    from rouxing.documents.context import render_context
    from rouxing.documents.template_store import active_template

    t0 = time.perf_counter()
    services, officer, party, drafts, values = setup()
    bureau = services.bureau_settings_for(officer.org)
    templates = {code: active_template(officer.org_id, code)[0] for code in DOC_TYPES}
    contexts = {code: render_context(drafts[code], bureau=bureau, number="明应急告〔2024〕1号",
                                     issue_date=dt.date(2024, 5, 10)) for code in DOC_TYPES}
    product_round(services, drafts, bureau)  # warm-up (template cache, imports)
    bare_round(templates, contexts)
    product, bare = [], []
    for _ in range(ROUNDS):
        product.append(product_round(services, drafts, bureau))
        bare.append(bare_round(templates, contexts))
    p, b = statistics.median(product), statistics.median(bare)
    start, issued = time.perf_counter(), 0
    for i in range(40):
        code = DOC_TYPES[i % len(DOC_TYPES)]
        draft = services.document_draft_create(user=officer, doc_type=code, fields=values[code], party=party)
        services.document_issue(user=officer, document=draft, issue_date=dt.date(2024, 5, 10), convert_pdf=False)
        issued += 1
    full = issued / (time.perf_counter() - start)
    print(f"documents rendered per second ({', '.join(DOC_TYPES)}; median of {ROUNDS} rounds × {PER_ROUND}):")
    print(f"  product render path (document_render): {p:8.1f} /s")
    print(f"  bare docxtpl, same template + context: {b:8.1f} /s")
    print(f"  slowdown (product time / bare time):  {b / p:6.2f}×   target ≤ 1.30×")
    print(f"  full issue (number, render, store, audit; no PDF): {full:6.1f} /s")
    print(f"  total run time {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
