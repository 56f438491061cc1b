"""The deployment files of docs/deploy.md: the systemd units verify with `systemd-analyze verify` (where
systemd is installed), each runs a real `rouxing` command, and nginx accepts uploads as large as the
application does."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("rouxing-*"))
INSTALLED_CLI = "/opt/rouxing/venv/bin/rouxing"


def test_the_unit_set_is_complete():
    names = {p.name for p in UNITS}
    assert {"rouxing-web.service", "rouxing-worker.service", "rouxing-schedule.service", "rouxing-schedule.timer",
            "rouxing-backup.service", "rouxing-backup.timer"} <= names


@pytest.mark.parametrize("unit", [p for p in UNITS if p.suffix == ".service"], ids=lambda p: p.name)
def test_each_service_runs_a_rouxing_command_that_exists(unit):
    from django.core.management import get_commands

    commands = set(get_commands()) | {"serve"}
    [exec_line] = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    match = re.search(re.escape(INSTALLED_CLI) + r" ([a-z-]+)", exec_line)
    assert match, exec_line
    assert match.group(1).replace("-", "_") in commands


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_every_unit(tmp_path):
    # the units point at the installed virtualenv; here that is this checkout's interpreter's `rouxing`
    cli = Path(sys.executable).with_name("rouxing")
    assert cli.exists(), cli
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED_CLI, str(cli)))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # unknown keys are only warnings for systemd: none may appear
    assert "Unknown" not in result.stderr and "ignoring" not in result.stderr, result.stderr


def test_nginx_accepts_the_largest_upload_the_application_accepts():
    text = (DEPLOY / "nginx" / "rouxing.conf").read_text()
    [size] = re.findall(r"client_max_body_size (\d+)m;", text)
    assert int(size) * 1024 * 1024 >= max(settings.EVIDENCE_MAX_BYTES, settings.IMPORT_MAX_BYTES)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in text


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    site = (DEPLOY / "nginx" / "rouxing.conf").read_text()
    cert = tmp_path / "cert.pem"
    key = tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert), "-days", "1"], check=True, capture_output=True)
    site = site.replace("/etc/rouxing/tls/fullchain.pem", str(cert)).replace("/etc/rouxing/tls/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}} http {{ {site} }}")
    result = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
