"""The engine is pure Python: importing and running it loads no Django module (CONVENTIONS: engine/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PROGRAM = """
import sys
sys.path.insert(0, {src!r})
from rouxing.engine import InMemoryRuleSource, decide
src = InMemoryRuleSource.from_dicts(catalogue=[{{"code": "X", "name": "某违法行为"}}], versions=[])
print(decide({{"org": "X", "violation": "某违法行为", "corrected": "not_yet", "harm": "none"}}, src.__class__.from_dicts(
    catalogue=[{{"code": "X", "name": "某违法行为"}}], versions=[], orgs=[{{"code": "X", "name": "某局"}}])).outcome)
print(sorted(m for m in sys.modules if m.split(".")[0] == "django"))
"""


def test_engine_runs_without_importing_django():
    result = subprocess.run([sys.executable, "-c", PROGRAM.format(src=str(SRC))], capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["standard", "[]"]
