"""Read replica (`DATABASE_REPLICA_URL`): report and portal GETs read from the replica; writes, sessions,
accounts, the audit log and reads after a write stay on the primary. The last test runs the production
server against CI's real streaming replica (`.ci/start-replica.sh`, ROUXING_TEST_REPLICA_URL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from rouxing.cases.models import PenaltyDecision
from rouxing.core.middleware import WROTE_COOKIE, ReplicaReadsMiddleware
from rouxing.core.models import AuditEvent
from rouxing.core.routers import ReplicaRouter, replica_reads
from rouxing.orgs.models import User
from rouxing.plans.models import RandomDraw

router = ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    settings.ROUXING_REPLICA_ALIAS = "replica"
    return settings


def test_without_a_replica_everything_reads_from_the_primary(settings):
    settings.ROUXING_REPLICA_ALIAS = None
    with replica_reads():
        assert router.db_for_read(PenaltyDecision) is None
    assert router.db_for_write(PenaltyDecision) == "default"


def test_business_reads_go_to_the_replica_only_inside_replica_reads(with_replica):
    assert router.db_for_read(PenaltyDecision) is None
    with replica_reads():
        assert router.db_for_read(PenaltyDecision) == "replica"
        assert router.db_for_read(RandomDraw) == "replica"
        # accounts, the audit log and writes never
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(AuditEvent) == "default"
        assert router.db_for_write(PenaltyDecision) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(PenaltyDecision) == "default"


def test_only_migrations_of_the_primary_run():
    assert router.allow_migrate("default", "cases") and not router.allow_migrate("replica", "cases")


def _seen_by_view(settings, method: str, path: str, cookies: dict | None = None):
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(PenaltyDecision)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    response = ReplicaReadsMiddleware(view)(request)
    return seen["alias"], response


def test_the_middleware_routes_report_and_portal_gets_and_keeps_writers_on_the_primary(with_replica):
    assert _seen_by_view(with_replica, "GET", "/reports/")[0] == "replica"
    assert _seen_by_view(with_replica, "GET", "/public/decisions/")[0] == "replica"
    assert _seen_by_view(with_replica, "GET", "/cases/")[0] is None  # case handling: primary
    # a write marks the client for a few seconds; its next report page reads the primary
    alias, response = _seen_by_view(with_replica, "POST", "/reports/table/")
    assert alias is None and response.cookies[WROTE_COOKIE]["max-age"] == with_replica.ROUXING_REPLICA_STICKY_SECONDS
    assert _seen_by_view(with_replica, "GET", "/reports/", {WROTE_COOKIE: "1"})[0] is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _replica_reads_count(url: str, dbname: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute("SELECT tup_returned FROM pg_stat_database WHERE datname = %s", [dbname]).fetchone()
        return int(row[0]) if row else 0


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("ROUXING_TEST_REPLICA_URL") or not os.environ.get("DATABASE_URL"),
                    reason="needs PostgreSQL with a streaming replica (.ci/start-replica.sh, ROUXING_TEST_REPLICA_URL)")
def test_the_production_server_reads_the_public_pages_from_the_real_replica(tmp_path):
    import dj_database_url
    import psycopg

    primary, replica = os.environ["DATABASE_URL"], os.environ["ROUXING_TEST_REPLICA_URL"]
    dbname = dj_database_url.parse(primary)["NAME"]
    with psycopg.connect(replica, autocommit=True) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.prod",
           "DJANGO_SECRET_KEY": "test-" + "k" * 60, "ROUXING_AUDIT_KEY": "audit-" + "a" * 58, "ROUXING_BACKUP_KEY": "backup-" + "b" * 57,
           "ROUXING_VAR_DIR": str(tmp_path), "DATABASE_URL": primary,
           "DATABASE_REPLICA_URL": replica, "ROUXING_WEB_WORKERS": "1", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("ROUXING_TEST_TAG", None)
    cli = [sys.executable, "-m", "rouxing.cli"]
    subprocess.run([*cli, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=600)
    port = _free_port()
    server = subprocess.Popen([*cli, "serve", "--production", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base, https = f"http://127.0.0.1:{port}", {"X-Forwarded-Proto": "https"}
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)  # noqa: S310 — loopback
                break
            except OSError:
                time.sleep(0.2)
        before = _replica_reads_count(replica, dbname)
        for path in ("/public/decisions/", "/public/draws/", "/public/"):
            with urllib.request.urlopen(urllib.request.Request(base + path, headers=https), timeout=10) as r:  # noqa: S310
                assert r.status == 200 and "公示" in r.read().decode()
        for _ in range(50):  # statistics reach pg_stat_database when the backend reports them
            if _replica_reads_count(replica, dbname) > before:
                break
            time.sleep(0.2)
        assert _replica_reads_count(replica, dbname) > before
    finally:
        server.terminate()
        server.communicate(timeout=30)
