"""Load bench: the production server (gunicorn) on loopback, a province's data, 32 officers with think time.

    .venv/bin/python bench/load.py                      # SQLite in var/bench-load/ (or PostgreSQL when
                                                        # ROUXING_BENCH_PG_URL is set: that database is used)
    options: --bureaus 100 --cases 100000 --users 32 --duration 180 --closed-duration 30 --keep

Steps: a fresh database (`migrate`, `init` with the demo data, `generate-load-data`), `rouxing serve
--production` with the development settings module (plain HTTP on loopback; the production settings
would require HTTPS), then locust headless: `--users` users with 1–3 s think time for `--duration`
seconds, printing p50/p95/p99 and errors per page; then the closed loop (no think time) for
`--closed-duration` seconds, printing requests per second. Target: p95 ≤ 150 ms and 0 errors.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-load"
PY = sys.executable
CLI = [PY, "-m", "rouxing.cli"]
LOCUST = Path(PY).with_name("locust")


def _env(args) -> dict[str, str]:
    env = {**os.environ, "ROUXING_VAR_DIR": str(VAR), "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.dev",
           "ROUXING_WEB_WORKERS": str(args.workers), "ROUXING_WEB_THREADS": str(args.threads),
           "PYTHONPATH": str(ROOT / "src"), "ROUXING_DEMO_PASSWORD": "Demo-Pass-2024",
           "ROUXING_LOGIN_FAILURE_LIMIT": "1000", "DB_CONN_MAX_AGE": "60"}
    pg = os.environ.get("ROUXING_BENCH_PG_URL")
    if pg:
        env["DATABASE_URL"] = pg
    else:
        env.pop("DATABASE_URL", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(args, env) -> None:
    if not args.keep:
        shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True, exist_ok=True)
    marker = VAR / "prepared"
    if args.keep and marker.exists():
        return
    started = time.perf_counter()
    subprocess.run([*CLI, "init", "--quiet-logins"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*CLI, "generate-load-data", "--bureaus", str(args.bureaus), "--cases", str(args.cases)],
                   env=env, check=True)
    subprocess.run([*CLI, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    marker.write_text("ok")
    print(f"data: {args.bureaus} bureaus, {args.cases} inspections, prepared in {time.perf_counter() - started:.0f} s")


def run_locust(args, env, base: str, *, think: bool, seconds: int, tag: str) -> list[dict[str, str]]:
    prefix = VAR / f"locust-{tag}"
    cmd = [str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", base,
           "-u", str(args.users), "-r", str(max(1, args.users // 4)), "-t", f"{seconds}s", "--csv", str(prefix),
           "--only-summary", "--stop-timeout", "10"]
    env = {**env, "LOAD_BUREAUS": str(args.bureaus), "LOAD_THINK": "1" if think else "0"}
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds + 120)
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bureaus", type=int, default=100)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--duration", type=int, default=180)
    parser.add_argument("--closed-duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="reuse the prepared database")
    args = parser.parse_args()
    env = _env(args)
    prepare(args, env)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*CLI, "serve", "--production", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 — loopback
                break
            except OSError:
                time.sleep(0.2)
        rows = run_locust(args, env, base, think=True, seconds=args.duration, tag="think")
        closed = run_locust(args, env, base, think=False, seconds=args.closed_duration, tag="closed")
    finally:
        server.terminate()
        server.wait(timeout=30)
    backend = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    print(f"\nload: {args.users} users, 1–3 s think time, {args.duration} s, gunicorn {args.workers}×{args.threads}, {backend}")
    print(f"{'page':<18}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    worst = 0.0
    errors = 0
    for row in rows:
        name = row["Name"]
        if name == "Aggregated":
            continue
        p95 = float(row["95%"] or 0)
        worst = max(worst, p95) if name != "login" else worst
        errors += int(row["Failure Count"])
        print(f"{name:<18}{row['Request Count']:>9}{row['Failure Count']:>8}{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}")
    total = next((r for r in closed if r["Name"] == "Aggregated"), None)
    rps = float(total["Requests/s"]) if total else 0.0
    print(f"closed loop ({args.users} users, no think time, {args.closed_duration} s): {rps:.1f} requests/s, "
          f"{total['Failure Count'] if total else '?'} errors")
    print(f"worst page p95: {worst:.0f} ms (target ≤ 150 ms); errors: {errors} (target 0)")


if __name__ == "__main__":
    main()
