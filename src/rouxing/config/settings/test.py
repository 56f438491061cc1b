"""Test settings: fast hashing, separate media dir. DATABASE_URL selects PostgreSQL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rouxing-test-media-"))
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True
# Fixed test keys; the anchor file is off (tests roll back rows it would already hold) and turned
# on with a temporary file by the tamper tests.
ROUXING_AUDIT_KEY = "test-audit-key-" + "0123456789abcdef" * 2
ROUXING_BACKUP_KEY = "test-backup-key-" + "fedcba9876543210" * 2
AUDIT_ANCHOR_FILE = ""

# ROUXING_TEST_TAG keeps the test databases of two suites run side by side in one checkout apart.
_TAG = os.environ.get("ROUXING_TEST_TAG", "")

# A file database even for SQLite tests: concurrency tests use several connections (threads).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-rouxing{_TAG}.sqlite3")}  # noqa: F405
elif _TAG:
    DATABASES["default"]["TEST"] = {"NAME": f"test_rouxing_{_TAG}"}  # noqa: F405

# The suite converts PDFs inside the request (as `ROUXING_PDF_ASYNC=0` does); tests of the worker switch
# it on and run the real database worker.
ROUXING_PDF_ASYNC = False
# The whole suite shares one process cache: the API budget is raised here; the throttling test lowers it.
ROUXING_API_RATE = "1000000/m"

# The suite runs on one database; tests/core/test_replica.py starts a server against the real replica.
DATABASES.pop("replica", None)  # noqa: F405
ROUXING_REPLICA_ALIAS = None
