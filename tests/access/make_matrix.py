#!/usr/bin/env python3
"""Regenerate tests/access/matrix.csv from the running code: probes every URL × role × scope (pytest in
record mode) and writes the table sorted. Review `git diff tests/access/matrix.csv` before committing:
every changed cell is a changed permission.

    python tests/access/make_matrix.py [-k EXPR]   # extra arguments go to pytest
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["template", "name", "role", "scope", "get", "post"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="rouxing-matrix-") as tmp:
        env = {**os.environ, "ROUXING_MATRIX_RECORD": tmp}
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                                str(HERE / "test_url_matrix.py"), "-k", "test_url_matrix and not test_every_url_has_rows", *sys.argv[1:]], env=env)
        if code:
            return code
        rows: dict[tuple, dict] = {}
        if sys.argv[1:] and (HERE / "matrix.csv").exists():  # a partial run updates only its routes
            with (HERE / "matrix.csv").open(encoding="utf-8", newline="") as fh:
                rows = {(r["template"], r["name"], r["role"], r["scope"]): r for r in csv.DictReader(fh)}
        for part in Path(tmp).glob("*.csv"):
            with part.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh, FIELDS):
                    rows[(r["template"], r["name"], r["role"], r["scope"])] = r
    with (HERE / "matrix.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[k] for k in sorted(rows))
    print(f"wrote {len(rows)} rows to {HERE / 'matrix.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
