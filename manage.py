#!/usr/bin/env python
"""Django's command-line utility (same as the `rouxing` command)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from rouxing.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
