"""The public decision scenarios (shared/scenarios/decisions.yaml and, for contract version 2,
decisions_v2.yaml) through all three entry points: the
Python API, the `rouxing decide -` command (in-process on the test database, and as the real executable
pointed at the test database) and the HTTP API with a token. The expectations are checked by the
shared `check` function of shared/scenarios/check_decisions.py, never copied here."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection

from rouxing.api.models import ApiToken
from rouxing.engine import EngineError
from rouxing.lists.decisions import evaluate

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scenarios(shared_dir):
    cases = []
    for name, at_least in (("decisions.yaml", 9), ("decisions_v2.yaml", 8)):
        found = yaml.safe_load((shared_dir / "scenarios" / name).read_text(encoding="utf-8"))
        assert len(found) >= at_least, name
        cases += found
    return cases


@pytest.fixture
def check(shared_dir):
    spec = importlib.util.spec_from_file_location("check_decisions", shared_dir / "scenarios" / "check_decisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


def _run_all(scenarios, check, run) -> list[str]:
    failures = []
    for case in scenarios:
        code, out = run(case["facts"])
        why = check(case["expect"], code, out)
        if why:
            failures.append(f"{case['name']}: {'; '.join(why)}")
    return failures


def test_scenarios_through_the_python_api(demo, scenarios, check):
    def run(facts):
        try:
            return 0, json.dumps(evaluate(facts), ensure_ascii=False)
        except EngineError as exc:
            return 2, str(exc)

    assert _run_all(scenarios, check, run) == []


def test_scenarios_through_the_decide_command(demo, scenarios, check, monkeypatch):
    def run(facts):
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(facts, ensure_ascii=False)))
        out = io.StringIO()
        try:
            call_command("decide", "-", stdout=out)
        except SystemExit as exc:
            return exc.code, out.getvalue()
        return 0, out.getvalue()

    assert _run_all(scenarios, check, run) == []


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_scenarios_through_the_rouxing_executable(demo, scenarios, check):
    # the real `rouxing decide -` process, reading the (committed) demo data of the test database
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.test"}
    command = [str(Path(sys.executable).parent / "rouxing"), "decide", "-"]

    def run(facts):
        proc = subprocess.run(command, input=json.dumps(facts, ensure_ascii=False), capture_output=True, text=True,
                              timeout=120, env=env, cwd=ROOT)
        return proc.returncode, proc.stdout

    assert _run_all(scenarios, check, run) == []


def test_scenarios_through_the_http_api(demo, scenarios, check, client):
    token = ApiToken.issue(user=demo.user("sm_officer1"), name="情景测试")[1]

    def run(facts):
        response = client.post("/api/v1/decisions/evaluate", data=json.dumps(facts, ensure_ascii=False),
                               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
        return (0 if response.status_code == 200 else response.status_code), response.content.decode()

    assert _run_all(scenarios, check, run) == []
