"""Evidence files (证据材料): type checked by content, stored once by SHA-256, verified when read."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Case, EvidenceFile
from ._common import CASE_WORKERS, OFFICER, audit, ensure_not_frozen, ensure_role

# extension → (kind, MIME type)
ALLOWED = {
    "jpg": ("jpg", "image/jpeg"), "jpeg": ("jpg", "image/jpeg"), "png": ("png", "image/png"),
    "pdf": ("pdf", "application/pdf"), "mp3": ("mp3", "audio/mpeg"), "mp4": ("mp4", "video/mp4"),
    "wav": ("wav", "audio/wav"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
KIND_LABELS = {"jpg": "JPEG图片", "png": "PNG图片", "pdf": "PDF文档", "mp3": "MP3音频", "mp4": "MP4视频",
               "wav": "WAV音频", "docx": "Word文档", "xlsx": "Excel表格"}


class EvidenceIntegrityError(Exception):
    """The stored bytes no longer match the recorded SHA-256 (证据文件已损坏或被篡改)."""

    def __init__(self, evidence: EvidenceFile):
        super().__init__(f"证据文件“{evidence.original_name}”校验失败：内容与登记的摘要不一致。")


def _zip_kind(head: bytes, path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)


def sniff_kind(head: bytes, path: Path) -> str | None:
    """The file's real type from its first bytes (magic numbers); None when not an allowed type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, path)
    if _mp3(head):
        return "mp3"
    return None


def _store(upload, limit: int) -> tuple[Path, str, int]:
    """Stream the upload to a temporary file, hashing it; refuse it past `limit` bytes."""
    root = Path(settings.MEDIA_ROOT) / "evidence"
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-")
    with os.fdopen(fd, "wb") as out:
        chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                out.close()
                os.unlink(tmp_name)
                raise ValidationError(f"文件超过大小上限（{limit // (1024 * 1024)} MB）。")
            digest.update(chunk)
            out.write(chunk)
    return Path(tmp_name), digest.hexdigest(), size


def _place(tmp: Path, sha256: str) -> None:
    """Move the bytes to their digest path; an existing file with that digest is kept, never overwritten."""
    final = Path(settings.MEDIA_ROOT) / EvidenceFile.relative_path(sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        tmp.unlink()
        return
    os.link(tmp, final)  # fails rather than replacing a file that appeared meanwhile
    tmp.unlink()
    final.chmod(0o440)


def _check_type(name: str, kind: str | None) -> tuple[str, str]:
    """The claimed type is the file name's extension (what the officer and the browser say it is);
    the stored MIME type is derived from the detected content, never from the browser's header."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(f"不支持的文件类型“.{ext}”：仅可上传 jpg、png、pdf、mp3、mp4、wav、docx、xlsx。")
    claimed_kind, mime = ALLOWED[ext]
    if kind != claimed_kind:
        actual = KIND_LABELS.get(kind or "", "无法识别的格式")
        raise ValidationError(
            f"文件内容与类型不符：文件名表明是{KIND_LABELS[claimed_kind]}，实际内容为{actual}，已拒绝上传。"
        )
    return kind, mime


@transaction.atomic
def evidence_upload(*, user, org_id: int, upload, target=None, case: Case | None = None, step: str = "",
                    description: str = "") -> EvidenceFile:
    """Attach a file to a step (`target`) or a case; its type is checked by its bytes, not its name."""
    ensure_role(user, org_id, OFFICER | CASE_WORKERS)
    if case is not None:
        ensure_not_frozen(case)
        if case.org_id != org_id:
            raise ValidationError("证据须属于本机关的案件。")
    name = os.path.basename(getattr(upload, "name", "") or "")
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).lstrip(".")[:255]  # no path parts, even Windows ones
    if not name:
        raise ValidationError("请选择文件。")
    tmp, sha256, size = _store(upload, int(settings.EVIDENCE_MAX_BYTES))
    try:
        if size == 0:
            raise ValidationError("文件为空。")
        with open(tmp, "rb") as fh:
            head = fh.read(64)
        kind, mime = _check_type(name, sniff_kind(head, tmp))
    except ValidationError:
        tmp.unlink(missing_ok=True)
        raise
    _place(tmp, sha256)
    evidence = EvidenceFile.objects.create(
        org_id=org_id, case=case, step=step[:40], original_name=name, description=description[:300],
        sha256=sha256, size=size, content_type=mime, kind=kind, uploaded_by=user,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
    )
    audit("cases.evidence.upload", user=user, obj=evidence, extra={"sha256": sha256, "size": size})
    return evidence


def evidence_read_verified(evidence: EvidenceFile) -> bytes:
    """The file's bytes after checking them against the recorded digest (EvidenceIntegrityError otherwise)."""
    try:
        data = evidence.path.read_bytes()
    except FileNotFoundError as exc:
        raise EvidenceIntegrityError(evidence) from exc
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        raise EvidenceIntegrityError(evidence)
    return data
