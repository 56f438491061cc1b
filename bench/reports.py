"""Benchmark of the annual roll-up statistics report (柔性执法统计报表) on 1,000,000 measure records.

Builds a separate benchmark database (never the working one): 200 bureaus (1 province, 19 cities,
180 counties), 1,000 parties, 1,000,000 flexible measures over two years and 50,000 findings, with
fast bulk inserts (executemany on SQLite, COPY on PostgreSQL). Then times the product's code path
(`rouxing.reports.selectors.build_snapshot`, rolled up over the province) against one hand-written
GROUP BY query of the same figures, checks both give the same figures, and prints the ratio
(target ≤ 1.5×) and the peak memory.

    .venv/bin/python bench/reports.py                # SQLite (var/bench-reports.sqlite3), and
                                                     # PostgreSQL too when ROUXING_BENCH_PG_URL or
                                                     # a postgres DATABASE_URL is set
    .venv/bin/python bench/reports.py --backend pg   # one backend only
    options: --measures N  --keep (reuse an existing benchmark database)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BENCH_SQLITE = ROOT / "var" / "bench-reports.sqlite3"
BENCH_PG_NAME = "rouxing_bench_reports"
BUREAUS = 200
FINDINGS = 50_000
RUNS = 5


def pg_url() -> str | None:
    url = os.environ.get("ROUXING_BENCH_PG_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def bench_pg_url(url: str) -> str:
    base, _, _name = url.rpartition("/")
    return f"{base}/{BENCH_PG_NAME}"


def setup_django(backend: str, keep: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rouxing.config.settings.base")
    if backend == "pg":
        url = pg_url()
        if url is None:
            raise SystemExit("PostgreSQL: set ROUXING_BENCH_PG_URL or DATABASE_URL (postgres://...)")
        target = bench_pg_url(url)
        if not keep:
            recreate_pg_database(url)
        os.environ["DATABASE_URL"] = target
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    if backend == "sqlite":
        from rouxing.config.settings.base import sqlite_database

        BENCH_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{BENCH_SQLITE}{suffix}").unlink(missing_ok=True)
        settings.DATABASES["default"] = sqlite_database(BENCH_SQLITE)
    django.setup()


def recreate_pg_database(url: str) -> None:
    import psycopg

    admin = url.rpartition("/")[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_PG_NAME}")
        conn.execute(f"CREATE DATABASE {BENCH_PG_NAME}")


# ---------------------------------------------------------------- data generation
def _columns(model, skip=("id",)):
    return [f for f in model._meta.concrete_fields if f.column not in skip]


def _plan(fields, connection, now):
    """Per column: attribute name, a converter for the database, and the value when none is given."""
    sqlite = connection.vendor == "sqlite"
    plan = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            fallback = now
        elif f.null and not f.has_default():
            fallback = None
        else:
            fallback = f.get_default()  # the declared default, or "" for text fields
        if kind == "JSONField":
            def conv(v):
                return json.dumps(v, ensure_ascii=False)
        elif kind == "DateTimeField" and sqlite:
            conv = connection.ops.adapt_datetimefield_value
        elif kind == "DateField" and sqlite:
            def conv(v):
                return v.isoformat() if v is not None else None
        else:
            conv = None
        plan.append((f.attname, conv, fallback, f.null, f"{f.model.__name__}.{f.attname}"))
    return plan


def _row(plan, values: dict):
    out = []
    for attname, conv, fallback, nullable, label in plan:
        v = values.get(attname, fallback) if attname in values else fallback
        if v is None and not nullable:
            raise KeyError(f"{label} needs a value")
        out.append(conv(v) if conv is not None and v is not None else v)
    return out


def bulk_insert(model, rows_of_values, connection) -> int:
    """Insert plain rows fast: COPY on PostgreSQL, executemany in one transaction on SQLite."""
    from django.db import transaction
    from django.utils import timezone

    now = timezone.now()
    fields = _columns(model)
    table = model._meta.db_table
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    plan = _plan(fields, connection, now)
    t_start = time.perf_counter()
    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for values in rows_of_values:
                    copy.write_row(_row(plan, values))
                    n += 1
        else:
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})"
            batch = []
            for values in rows_of_values:
                batch.append(_row(plan, values))
                if len(batch) >= 20_000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
    if os.environ.get("BENCH_VERBOSE"):
        print(f"  inserted {n} {table} in {time.perf_counter() - t_start:.1f}s", flush=True)
    return n


def generate(measures: int) -> dict:
    from django.db import connection

    from rouxing.cases.models import Finding, FlexibleMeasure, Inspection
    from rouxing.lists.models import FlexibleMethod, Violation
    from rouxing.lists.services import methods_sync
    from rouxing.orgs.models import Org, Role, User
    from rouxing.parties.models import Industry, Party

    rng = random.Random(2025)
    if connection.vendor == "sqlite":
        with connection.cursor() as c:  # a throw-away file: no journal, no fsync, a large page cache
            c.execute("PRAGMA journal_mode=OFF")
            c.execute("PRAGMA synchronous=OFF")
            c.execute("PRAGMA cache_size=-262144")
    province = Org.objects.create(code="B-P", name="基准省应急管理厅", level=Org.Level.PROVINCE)
    cities = Org.objects.bulk_create([Org(code=f"B-C{i:02d}", name=f"基准市{i:02d}应急管理局", level=Org.Level.CITY,
                                          parent=province) for i in range(19)])
    counties = Org.objects.bulk_create([Org(code=f"B-X{i:03d}", name=f"基准县{i:03d}应急管理局",
                                            level=Org.Level.COUNTY, parent=cities[i % 19]) for i in range(180)])
    orgs = [province, *cities, *counties]
    assert len(orgs) == BUREAUS
    User.objects.bulk_create([User(username=f"bench_officer_{o.code}", org=o, role=Role.OFFICER, password="!",
                                   badge_no=o.code) for o in orgs])
    User.objects.create(username="bench_approver", org=province, role=Role.APPROVER, password="!")
    officers = dict(User.objects.filter(role=Role.OFFICER, org__in=orgs).values_list("org_id", "pk"))
    industries = list(Industry.values)
    Party.objects.bulk_create([Party(org=o, name=f"{o.name}企业{j}", industry=industries[(j + o.pk) % len(industries)])
                               for o in orgs for j in range(5)])
    parties: dict[int, list[int]] = {}
    for pk, org_id in Party.objects.filter(org__in=orgs).values_list("pk", "org_id"):
        parties.setdefault(org_id, []).append(pk)
    methods_sync()
    FlexibleMethod.objects.get_or_create(code="bench_other", defaults={"name": "其他方式", "definition": "基准",
                                                                       "unit": "件", "report_column": 0})
    methods = list(FlexibleMethod.objects.values_list("pk", "unit"))
    violations = Violation.objects.bulk_create([Violation(code=f"B-V{i:02d}", name=f"基准违法行为{i}")
                                                for i in range(20)])
    org_ids = [o.pk for o in orgs]
    start = dt.date(2024, 7, 1)

    def measure_rows():
        for _ in range(measures):
            org_id = rng.choice(org_ids)
            method_id, unit = rng.choice(methods)
            yield {"org_id": org_id, "method_id": method_id, "party_id": rng.choice(parties[org_id]),
                   "performed_on": start + dt.timedelta(days=rng.randrange(730)),
                   "performed_by_id": officers[org_id], "recipient": "企业负责人",
                   "content": "现场开展柔性执法，形成文字记录。", "person_count": rng.randint(1, 9) if unit == "人次" else 1,
                   "case_id": None, "finding_id": None}

    t0 = time.perf_counter()
    n = bulk_insert(FlexibleMeasure, measure_rows(), connection)
    inspections_n = FINDINGS // 5
    bulk_insert(Inspection, ({"org_id": org_ids[i % BUREAUS], "party_id": parties[org_ids[i % BUREAUS]][0],
                              "inspected_on": start + dt.timedelta(days=rng.randrange(730)), "place": "现场",
                              "created_by_id": officers[org_ids[i % BUREAUS]], "status": "completed"}
                             for i in range(inspections_n)), connection)
    insp = list(Inspection.objects.filter(org__in=orgs).values_list("pk", "org_id", "party_id", "inspected_on"))
    outcomes = ["no_penalty", "reduced", "lighter", "standard", "heavier"]

    def finding_rows():
        for i in range(FINDINGS):
            pk, org_id, party_id, day = insp[i % len(insp)]
            yield {"org_id": org_id, "inspection_id": pk, "party_id": party_id,
                   "violation_id": violations[i % 20].pk, "found_on": day, "description": "问题", "basis": "依据",
                   "cause": "原因", "suggested_fix": "整改", "recorded_by_id": officers[org_id],
                   "chosen_outcome": rng.choice(outcomes), "recommended_outcome": "", "decided_on": day,
                   "coercion_withheld": rng.random() < 0.05, "status": "closed", "case_id": None,
                   "list_item_id": None}

    bulk_insert(Finding, finding_rows(), connection)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return {"measures": n, "findings": FINDINGS, "load_seconds": time.perf_counter() - t0}


# ---------------------------------------------------------------- the two ways to the figures
def product(period):
    from rouxing.orgs.models import Org, User
    from rouxing.reports.selectors import build_snapshot

    user = User.objects.select_related("org").get(username="bench_approver")
    org = Org.objects.get(code="B-P")
    return build_snapshot(user=user, org=org, period=period, rollup=True)


HAND_SQL = """
SELECT 'm', m.org_id, CAST(fm.report_column AS VARCHAR(16)), 0, COUNT(*), SUM(m.person_count)
  FROM cases_flexiblemeasure m JOIN lists_flexiblemethod fm ON fm.id = m.method_id
 WHERE m.org_id IN ({ids}) AND m.performed_on >= %s AND m.performed_on <= %s
 GROUP BY m.org_id, fm.report_column
UNION ALL
SELECT 'f', f.org_id, COALESCE(d.outcome, f.chosen_outcome), CASE WHEN f.coercion_withheld THEN 1 ELSE 0 END,
       COUNT(*), 0
  FROM cases_finding f LEFT JOIN cases_penaltydecision d ON d.case_id = f.case_id
 WHERE f.org_id IN ({ids}) AND f.decided_on >= %s AND f.decided_on <= %s
 GROUP BY f.org_id, COALESCE(d.outcome, f.chosen_outcome), CASE WHEN f.coercion_withheld THEN 1 ELSE 0 END
"""


def hand(period, org_ids: list[int]) -> dict[str, int]:
    """One hand-written GROUP BY statement, folded into the fifteen totals."""
    from django.db import connection

    from rouxing.reports.definition import COLUMN_BY_NO, COLUMNS

    totals = {c.key: 0 for c in COLUMNS}
    ids = ", ".join(str(int(i)) for i in org_ids)
    with connection.cursor() as c:
        c.execute(HAND_SQL.format(ids=ids), [period.start, period.end, period.start, period.end])
        for src, _org, key, coercion, n, persons in c.fetchall():
            if src == "m":
                col = COLUMN_BY_NO.get(int(key)) if 5 <= int(key) <= 14 else COLUMN_BY_NO[15]
                totals[col.key] += int(persons if col.sums_persons else n)
            else:
                if key in ("no_penalty", "reduced", "lighter"):
                    totals[key] += n
                if coercion:
                    totals["no_coercion"] += n
    return totals


def timed(fn, runs: int = RUNS):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def run_backend(backend: str, measures: int, keep: bool) -> dict:
    setup_django(backend, keep)
    from django.core.management import call_command
    from django.db import connection

    from rouxing.orgs.models import Org
    from rouxing.reports.definition import Period, PeriodKind

    out: dict = {"backend": backend}
    t0 = time.perf_counter()
    reuse = keep and _migrated() and Org.objects.filter(code="B-P").exists()
    if not reuse:
        call_command("migrate", verbosity=0)
        out["migrate_seconds"] = time.perf_counter() - t0
        out.update(generate(measures))
    period = Period(PeriodKind.YEAR, 2025, 0)
    product(period)  # warm caches (both paths read the same pages afterwards)
    org_ids = sorted(Org.objects.filter(code__startswith="B-").values_list("pk", flat=True))
    hand(period, org_ids)
    # alternate the two so that load from other processes affects both alike
    p_times, h_times = [], []
    for _ in range(RUNS):
        p_t, _pm, snap = timed(lambda: product(period), runs=1)
        h_t, _hm, totals = timed(lambda: hand(period, org_ids), runs=1)
        p_times.append(p_t)
        h_times.append(h_t)
    p_med, p_min = statistics.median(p_times), min(p_times)
    h_med, h_min = statistics.median(h_times), min(h_times)
    assert snap["total"] == totals, (snap["total"], totals)
    tracemalloc.start()
    product(period)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out.update({
        "vendor": connection.vendor, "bureaus_in_rollup": len(snap["rows"]),
        "records_in_year": sum(totals.values()),
        "product_median_s": round(p_med, 4), "product_best_s": round(p_min, 4),
        "hand_sql_median_s": round(h_med, 4), "hand_sql_best_s": round(h_min, 4),
        "ratio_median": round(p_med / h_med, 3), "ratio_best": round(p_min / h_min, 3), "target_ratio": 1.5,
        "product_peak_python_mib": round(peak / 2**20, 2),
        "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "figures": totals,
    })
    return out


def _migrated() -> bool:
    from django.db import connection

    return "orgs_org" in connection.introspection.table_names()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "pg", "all"], default="all")
    parser.add_argument("--measures", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    args = parser.parse_args()
    if args.backend == "all":
        backends = ["sqlite"] + (["pg"] if pg_url() else [])
        for b in backends:
            cmd = [sys.executable, __file__, "--backend", b, "--measures", str(args.measures)]
            if args.keep:
                cmd.append("--keep")
            subprocess.run(cmd, check=True)
        if not pg_url():
            print("PostgreSQL skipped: set ROUXING_BENCH_PG_URL (postgres://user:pass@host:5432/db).")
        return
    result = run_backend(args.backend, args.measures, args.keep)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"== reports bench: {result['vendor']} ==")
    for key, value in result.items():
        if key != "figures":
            print(f"{key:>24}: {value}")
    print(f"{'annual figures':>24}: {result['figures']}")
    verdict = "OK" if result["ratio_median"] <= 1.5 else "ABOVE TARGET"
    print(f"{'verdict':>24}: product/hand = {result['ratio_median']}× ({verdict}, target ≤ 1.5×)")


if __name__ == "__main__":
    main()
