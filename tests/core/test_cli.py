"""The real `rouxing audit-verify` command line on its own SQLite database: exit status and Chinese message."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROUXING = Path(sys.executable).with_name("rouxing")


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """A migrated database with three audit events, separate from the test database."""
    path = tmp_path_factory.mktemp("cli-var")
    env = _env(path)
    subprocess.run([str(ROUXING), "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    code = ("from rouxing.core.audit import audit_record\n"
            "for n in range(3): audit_record(event='cli.test', detail={'n': n})")
    subprocess.run([str(ROUXING), "shell", "-c", code], env=env, check=True, timeout=120)
    return path


def _env(var: Path) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.dev", "ROUXING_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    return env


def _verify(var: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROUXING), "audit-verify"], env=_env(var), capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not ROUXING.exists(), reason="the rouxing command is not installed in this environment")
def test_cli_reports_an_intact_chain_with_exit_0(var_dir):
    result = _verify(var_dir)
    assert result.returncode == 0, result.stderr
    assert "审计日志校验通过：共3条记录" in result.stdout


@pytest.mark.skipif(not ROUXING.exists(), reason="the rouxing command is not installed in this environment")
def test_cli_exits_1_in_chinese_after_sql_tampering(var_dir, tmp_path):
    with sqlite3.connect(var_dir / "rouxing.sqlite3") as source, sqlite3.connect(tmp_path / "rouxing.sqlite3") as copy:
        source.backup(copy)
        # An attacker with the database file drops the append-only trigger first (it refuses the UPDATE).
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            copy.execute("UPDATE core_auditevent SET event = 'cli.forged' WHERE id = 2")
        copy.execute("DROP TRIGGER core_auditevent_no_update")
        copy.execute("UPDATE core_auditevent SET event = 'cli.forged' WHERE id = 2")
    # The same key and anchor file as the original installation (both live outside the database).
    shutil.copytree(var_dir / "secrets", tmp_path / "secrets")
    shutil.copy(var_dir / "audit-anchors.log", tmp_path / "audit-anchors.log")
    result = _verify(tmp_path)
    assert result.returncode == 1
    assert "审计日志校验失败：第2号记录，记录内容与校验码不符" in result.stderr
