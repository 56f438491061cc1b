"""Production: `rouxing serve --production` runs gunicorn (workers/threads from settings) and serves the same
pages with static files by whitenoise; /healthz answers while the process lives, /readyz checks the
database and the task queue; `rouxing schedule` runs each daily job once a day."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rouxing.core import schedule
from rouxing.core.management.commands.serve_production import gunicorn_argv
from rouxing.core.models import AuditEvent, ScheduledRun


def test_gunicorn_command_line_takes_workers_and_threads_from_settings(settings):
    settings.ROUXING_WEB_WORKERS, settings.ROUXING_WEB_THREADS = 3, 8
    argv = gunicorn_argv("127.0.0.1:9001")
    assert argv[1:4] == ["-m", "gunicorn", "rouxing.config.wsgi:application"]
    pairs = dict(zip(argv[4::2], argv[5::2], strict=False))
    assert pairs["--bind"] == "127.0.0.1:9001" and pairs["--workers"] == "3" and pairs["--threads"] == "8"


def test_healthz_and_readyz_answer_anonymously(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "tasks": "ok"}}


def test_readyz_reports_a_task_backlog_with_503(client, db, settings):
    from rouxing.documents.tasks import convert_pdf

    settings.ROUXING_READY_TASK_BACKLOG_SECONDS = 60
    result = convert_pdf.enqueue(0, None)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"].startswith("backlog")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_serve_production_runs_gunicorn_with_the_production_settings(tmp_path):
    """A real gunicorn master and workers, the production settings, a fresh database (SQLite here, or the
    PostgreSQL database of DATABASE_URL), migrate and collectstatic as the upgrade procedure runs them."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.prod",
           "DJANGO_SECRET_KEY": "test-" + "k" * 60, "ROUXING_AUDIT_KEY": "audit-" + "a" * 58, "ROUXING_BACKUP_KEY": "backup-" + "b" * 57,
           "ROUXING_VAR_DIR": str(tmp_path),
           "ROUXING_WEB_WORKERS": "2", "ROUXING_WEB_THREADS": "2", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("ROUXING_TEST_TAG", None)
    cli = [sys.executable, "-m", "rouxing.cli"]
    for step in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([*cli, *step], env=env, check=True, timeout=600)
    assert (Path(tmp_path) / "static" / "rouxing" / "app.css").exists()
    port = _free_port()
    server = subprocess.Popen([*cli, "serve", "--production", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, body = _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz within 20 s")
        assert (status, body) == (200, '{"status": "ok"}')
        status, body = _get(f"{base}/readyz")
        assert status == 200 and '"database": "ok"' in body
        # behind nginx (X-Forwarded-Proto: https) the login page is served, in Chinese, with HSTS
        https = {"X-Forwarded-Proto": "https"}
        status, body = _get(f"{base}/accounts/login/", https)
        assert status == 200 and "登录" in body
        status, css = _get(f"{base}/static/rouxing/app.css", https)
        assert status == 200 and "calendar-alert" in css
        # plain HTTP to a page is redirected to HTTPS (the health checks are exempt, above)
        request = urllib.request.Request(f"{base}/accounts/login/")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith("https://")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "gunicorn" in output.lower() or "Booting worker" in output, output[-2000:]
    assert "workers=2 threads=2" in output


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def test_daily_jobs_run_once_a_day_and_again_the_next_day(db):
    with time_machine.travel(dt.datetime(2026, 11, 2, 0, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        first = dict((name, ok) for name, ok, _summary in schedule.run_due())
        assert first["calendar_alert"] is True and first["prune_task_results"] is True
        # the alert was recorded: 2027's schedule is not entered on 2 November 2026
        alert = AuditEvent.objects.get(event="calendar.alert")
        assert "2027年的节假日安排尚未录入" in alert.detail["message"]
        # a second pass the same day runs nothing
        assert schedule.run_due() == []
    with time_machine.travel(dt.datetime(2026, 11, 3, 0, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        again = [name for name, _ok, _summary in schedule.run_due()]
    assert "calendar_alert" in again
    assert ScheduledRun.objects.filter(job="calendar_alert").count() == 2
    assert AuditEvent.objects.filter(event="calendar.alert").count() == 2


def test_no_calendar_alert_before_november(db):
    with time_machine.travel(dt.datetime(2026, 10, 31, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        results = {name: summary for name, _ok, summary in schedule.run_due()}
    assert results["calendar_alert"] == "节假日安排已录入，无需提醒。"
    assert not AuditEvent.objects.filter(event="calendar.alert").exists()


def test_a_failing_job_is_recorded_and_retried_without_stopping_the_others(db):
    calls = []

    def broken(today):
        calls.append(today)
        raise RuntimeError("磁盘已满")

    schedule.register("zz_broken_test_job", "测试：失败的任务", broken)
    try:
        results = {name: (ok, summary) for name, ok, summary in schedule.run_due(dt.date(2026, 11, 5))}
        assert results["zz_broken_test_job"] == (False, "失败：RuntimeError: 磁盘已满")
        assert results["calendar_alert"][0] is True
        run = ScheduledRun.objects.get(job="zz_broken_test_job")
        assert run.ok is False and "磁盘已满" in run.summary
        # the next pass retries only the failed job
        again = [name for name, _ok, _s in schedule.run_due(dt.date(2026, 11, 5))]
        assert again == ["zz_broken_test_job"] and len(calls) == 2
    finally:
        schedule._JOBS.pop("zz_broken_test_job", None)


def test_old_finished_task_results_are_pruned(db):
    from rouxing.documents.tasks import convert_pdf

    old = convert_pdf.enqueue(0, None)
    recent = convert_pdf.enqueue(0, None)
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=40))
    DBTaskResult.objects.filter(pk=recent.id).update(status="SUCCESSFUL", finished_at=timezone.now())
    assert "1 条" in schedule.prune_task_results_job(timezone.localdate())
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [str(recent.id)]
