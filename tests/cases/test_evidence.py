"""Evidence files: type checked by content (magic bytes), stored by SHA-256, never overwritten,
verified on download."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rouxing.cases.models import EvidenceFile
from rouxing.cases.services import EvidenceIntegrityError, evidence_read_verified, evidence_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _upload(sm, name, data, content_type="", **kw):
    return evidence_upload(user=sm.officer, org_id=sm.org.pk, upload=SimpleUploadedFile(name, data, content_type),
                           **kw)


def test_png_bytes_named_jpg_are_rejected_in_chinese(sm):
    # given a PNG file whose name claims JPEG
    # when uploaded
    with pytest.raises(ValidationError) as err:
        _upload(sm, "现场照片.jpg", PNG, "image/jpeg")
    # then it is refused naming both types, and nothing is stored
    assert "文件内容与类型不符" in str(err.value) and "PNG图片" in str(err.value)
    assert not EvidenceFile.objects.filter(original_name="现场照片.jpg").exists()


def test_text_named_pdf_is_rejected(sm):
    with pytest.raises(ValidationError, match="无法识别的格式"):
        _upload(sm, "询问笔录.pdf", b"just some text pretending", "application/pdf")


def test_zip_that_is_not_a_word_file_named_docx_is_rejected(sm):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.sh", "echo hi")
    with pytest.raises(ValidationError, match="文件内容与类型不符"):
        _upload(sm, "文书.docx", buf.getvalue())


def test_unlisted_extension_is_rejected(sm):
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        _upload(sm, "tool.exe", b"MZ\x90\x00")


@pytest.mark.parametrize("name,data,kind", [
    ("a.jpg", JPG, "jpg"), ("b.png", PNG, "png"), ("c.pdf", PDF, "pdf"),
    ("d.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, "wav"),
    ("e.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32, "mp4"),
    ("f.mp3", b"ID3\x04\x00\x00" + b"\x00" * 32, "mp3"),
    ("g.docx", None, "docx"),
])
def test_files_whose_content_matches_their_type_are_stored_by_digest(sm, name, data, kind):
    data = data if data is not None else _docx()
    evidence = _upload(sm, name, data)
    assert evidence.kind == kind
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.size == len(data)
    assert evidence.path.read_bytes() == data


def test_same_bytes_uploaded_twice_share_one_stored_file_never_rewritten(sm):
    first = _upload(sm, "one.pdf", PDF)
    mtime = first.path.stat().st_mtime_ns
    second = _upload(sm, "two.pdf", PDF)
    assert first.path == second.path
    assert second.path.stat().st_mtime_ns == mtime
    assert first.pk != second.pk


def test_file_over_the_size_limit_is_rejected(sm, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="大小上限"):
        _upload(sm, "big.pdf", PDF + b"0" * 200)


def test_tampered_file_fails_verification_on_read(sm):
    evidence = _upload(sm, "tamper.pdf", PDF + b"% unique 1\n")
    evidence.path.chmod(0o640)
    evidence.path.write_bytes(PDF + b"% changed\n")
    with pytest.raises(EvidenceIntegrityError, match="校验失败"):
        evidence_read_verified(evidence)


def test_evidence_record_cannot_be_repointed_to_other_bytes(sm):
    evidence = _upload(sm, "fixed.pdf", PDF + b"% unique 2\n")
    evidence.sha256 = "0" * 64
    with pytest.raises(PermissionError):
        evidence.save()
