"""Encrypted, signed backups (备份加密与签名): AES-256-GCM in 1 MiB chunks, a manifest signed with HMAC-SHA256.

Both keys are derived (HKDF-SHA256) from ROUXING_BACKUP_KEY / ROUXING_BACKUP_KEY_FILE (core.secrets), which
never lies in the database or in the backup. Each stored file is

    MAGIC | nonce prefix (8 bytes) | chunk_1 | chunk_2 | ...     chunk = AES-GCM(1 MiB of plaintext)

where chunk i is sealed with nonce = prefix || i (4 bytes) and associated data = the file's relative path,
i and a last-chunk flag, so a chunk cannot be changed, reordered, dropped, truncated or moved to another
file without the tag failing. The manifest lists every file's plaintext SHA-256 and size, carries a key
identifier (to tell a wrong key from tampering) and an HMAC over all of it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .secrets import secret_key

MAGIC = b"RXBK\x01"
CHUNK = 1024 * 1024
FORMAT = "rouxing-backup-2"
ALGORITHM = "AES-256-GCM/HMAC-SHA256"


class BackupRefused(Exception):
    """A backup that does not verify (wrong key, tampered manifest or file); the message is Chinese."""


def _derive(purpose: bytes, key: bytes | None = None) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"rouxing-backup", info=purpose)
    return hkdf.derive(key if key is not None else secret_key("backup"))


def key_id(key: bytes | None = None) -> str:
    return hmac.new(_derive(b"key-id", key), b"rouxing-backup-key-id", hashlib.sha256).hexdigest()[:16]


def _canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_manifest(manifest: dict, key: bytes | None = None) -> dict:
    signed = {**manifest, "format": FORMAT, "algorithm": ALGORITHM, "key_id": key_id(key)}
    signed["mac"] = hmac.new(_derive(b"manifest-mac", key), _canonical(signed), hashlib.sha256).hexdigest()
    return signed


def verify_manifest(manifest: dict, key: bytes | None = None) -> None:
    if manifest.get("format") != FORMAT or "mac" not in manifest:
        raise BackupRefused("备份清单未签名或格式不符（旧版明文备份或被改动的备份），拒绝恢复。未作任何恢复。")
    if not hmac.compare_digest(str(manifest.get("key_id", "")), key_id(key)):
        raise BackupRefused("备份密钥不正确：该备份不是用当前 ROUXING_BACKUP_KEY 加密的。未作任何恢复。")
    expected = hmac.new(_derive(b"manifest-mac", key), _canonical(manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(str(manifest["mac"]), expected):
        raise BackupRefused("备份清单签名校验失败（清单已被修改）。未作任何恢复。")


def _aad(relative: str, index: int, last: bool) -> bytes:
    return relative.encode() + struct.pack(">I?", index, last)


def _private_open(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def _chunks(handle, size: int = CHUNK) -> Iterator[tuple[bytes, bool]]:
    """(chunk, is_last) pairs of `size` bytes; an empty file is one empty last chunk."""
    current = handle.read(size)
    while True:
        following = handle.read(size)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(source: Path, target: Path, relative: str, key: bytes | None = None) -> tuple[str, int]:
    """Encrypt `source` into `target` (created 0600); return the plaintext SHA-256 and size."""
    aead = AESGCM(_derive(b"file-encryption", key))
    prefix = os.urandom(8)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as plain, _private_open(target) as out:
        out.write(MAGIC + prefix)
        for index, (chunk, last) in enumerate(_chunks(plain)):
            digest.update(chunk)
            size += len(chunk)
            out.write(aead.encrypt(prefix + struct.pack(">I", index), chunk, _aad(relative, index, last)))
    return digest.hexdigest(), size


def decrypt_file(source: Path, target: Path, relative: str, *, sha256: str, size: int,
                 key: bytes | None = None) -> None:
    """Decrypt `source` into `target` (0600), checking every chunk's tag, the end and the plaintext digest."""
    aead = AESGCM(_derive(b"file-encryption", key))
    sealed = CHUNK + 16
    digest, total = hashlib.sha256(), 0
    with source.open("rb") as handle, _private_open(target) as out:
        head = handle.read(len(MAGIC) + 8)
        if head[: len(MAGIC)] != MAGIC or len(head) != len(MAGIC) + 8:
            raise BackupRefused(f"备份文件不是加密备份格式：{relative}。未作任何恢复。")
        prefix = head[len(MAGIC):]
        for index, (chunk, last) in enumerate(_chunks(handle, sealed)):
            try:
                plain = aead.decrypt(prefix + struct.pack(">I", index), chunk, _aad(relative, index, last))
            except InvalidTag as exc:
                raise BackupRefused(f"备份文件解密校验失败（已损坏、被修改或被调换）：{relative}。未作任何恢复。") from exc
            digest.update(plain)
            total += len(plain)
            out.write(plain)
    if total != size or not hmac.compare_digest(digest.hexdigest(), sha256):
        raise BackupRefused(f"备份文件摘要不符（已损坏或被修改）：{relative}。未作任何恢复。")

