"""Behaviour is unchanged (issue 11): the decision scenarios, the statistics figures and the documents of
a fresh demo database equal the committed snapshot `demo_golden.json`.

The snapshot is rebuilt in a separate process (its own settings and temporary database, clock frozen),
so the test database of this suite is not involved. To change the snapshot deliberately, see
docs/testing.md ("Golden snapshot").
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "demo_golden.json"

pytestmark = pytest.mark.slow


def _diff(expected: str, actual: str, limit: int = 120) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "demo_golden.json (committed)",
                                      "demo data now", lineterm="", n=4))
    more = f"\n… {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def _changed_paths(expected, actual, path="") -> list[str]:
    """JSON paths that differ, e.g. statistics.SM-YJJ.2025.own.figures.advice."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[str] = []
        for key in sorted(set(expected) | set(actual)):
            if key not in expected or key not in actual:
                out.append(f"{path}.{key} ({'added' if key not in expected else 'removed'})")
            else:
                out += _changed_paths(expected[key], actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [p for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for p in _changed_paths(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [path or "."]


def test_demo_behaviour_matches_the_golden_snapshot(tmp_path):
    out = tmp_path / "golden-now.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    proc = subprocess.run([sys.executable, str(HERE / "make_golden.py"), "--out", str(out)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    expected_text = GOLDEN.read_text(encoding="utf-8")
    actual_text = out.read_text(encoding="utf-8")
    if expected_text != actual_text:
        changed = _changed_paths(json.loads(expected_text), json.loads(actual_text))
        pytest.fail(f"{len(changed)} value(s) differ from the golden snapshot:\n  " + "\n  ".join(changed[:40])
                    + "\n\n" + _diff(expected_text, actual_text)
                    + "\n\nIf the change is intended: python tests/golden/make_golden.py --write (docs/testing.md)")


def test_golden_snapshot_covers_every_scenario_and_bureau(shared_dir):
    """The committed snapshot is not empty: every scenario, four bureaus, the documents."""
    import yaml

    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for name in ("decisions.yaml", "decisions_v2.yaml"):
        scenarios = yaml.safe_load((shared_dir / "scenarios" / name).read_text(encoding="utf-8"))
        assert [s["name"] for s in scenarios] == [d["name"] for d in data["decisions"][name]]
    assert sorted(data["statistics"]) == ["CJ-YJJ", "JL-YJJ", "MX-YJJ", "SM-YJJ"]
    assert "rollup" in data["statistics"]["SM-YJJ"]["2025"]
    issued = [d for d in data["documents"] if d["status"] == "issued"]
    assert len(issued) > 50 and all(d["chars"] > 100 for d in issued)
