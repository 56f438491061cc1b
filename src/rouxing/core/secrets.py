"""Keys kept outside the database (密钥管理): the audit MAC key and the backup encryption key.

A key comes from its setting (environment variable, or `*_FILE` pointing at a secret file, see
config.env). In development, when the setting is empty, a random 32-byte key is generated once into
`ROUXING_SECRETS_DIR` (mode 0600) so the database alone never holds what is needed to forge the audit
chain or read a backup. Production settings require both keys to be set explicitly.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_BYTES = 32


def _generated(name: str) -> bytes:
    directory = Path(settings.ROUXING_SECRETS_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{name}.key"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(MIN_KEY_BYTES))
    return path.read_text(encoding="ascii").strip().encode()


def secret_key(name: str) -> bytes:
    """The key bytes of `name` ("audit" or "backup"): from settings, else a generated local key file."""
    value = getattr(settings, f"ROUXING_{name.upper()}_KEY", "") or ""
    key = value.encode() if value else _generated(name)
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(f"ROUXING_{name.upper()}_KEY must be at least {MIN_KEY_BYTES} bytes long")
    return key
