"""Test settings: fast hashing, separate media dir. DATABASE_URL selects PostgreSQL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rouxing-test-media-"))
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True

# A file database even for SQLite tests: concurrency tests use several connections (threads).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-rouxing.sqlite3")}  # noqa: F405
