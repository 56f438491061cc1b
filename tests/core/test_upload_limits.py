"""Upload limits checked before the body or the file is read (core.uploads), with Chinese messages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rouxing.core.uploads import LimitedFileField
from rouxing.parties.models import Party

pytestmark = pytest.mark.django_db


def test_a_declared_300_mb_body_is_refused_before_it_is_read(demo):
    # given a client declaring a 300 MB multipart body (nothing of it sent)
    client = demo.client("sm_officer1")
    before = Party.objects.count()
    response = client.generic("POST", "/parties/import/", b"x" * 10,
                              content_type="multipart/form-data; boundary=zzz",
                              CONTENT_LENGTH=str(300 * 1024 * 1024))
    # then the answer is 413 with a Chinese message, and nothing was imported
    assert response.status_code == 413
    assert "提交的内容过大（上限 201 MB）" in response.content.decode()
    assert Party.objects.count() == before


def test_a_large_real_upload_past_the_request_cap_is_refused(demo, settings):
    settings.ROUXING_MAX_UPLOAD_BYTES = 1024 * 1024
    client = demo.client("sm_officer1")
    before = Party.objects.count()
    big = SimpleUploadedFile("parties.xlsx", b"\0" * (2 * 1024 * 1024))
    response = client.post("/parties/import/", {"file": big})
    assert response.status_code == 413 and "上限 1 MB" in response.content.decode()
    assert Party.objects.count() == before


def test_a_large_urlencoded_body_is_refused(demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = demo.client("sm_officer1").post("/parties/new/", {"name": "x" * 5000})
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()


def test_the_api_answers_413_in_json(demo):
    response = Client().generic("POST", "/api/v1/parties", b"{}", content_type="application/json",
                                CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413 and "提交的内容过大" in response.json()["detail"]


def test_an_import_file_past_its_own_limit_is_refused_by_the_form(demo, settings):
    # given an import limit of 100 KB and a 300 KB file (under the request cap)
    settings.IMPORT_MAX_BYTES = 100 * 1024
    client = demo.client("sm_officer1")
    before = Party.objects.count()
    response = client.post("/parties/import/", {"file": SimpleUploadedFile("p.xlsx", b"\0" * (300 * 1024))})
    # then the form refuses it with the size in Chinese (400, the page's own answer), and nothing is imported
    assert response.status_code == 400
    assert "文件过大（300 KB，上限 100 KB），未读取。" in response.content.decode()
    assert Party.objects.count() == before


class _Unreadable:
    """An uploaded file whose bytes must not be read: only its size is known."""

    name = "big.xlsx"
    size = 300 * 1024 * 1024

    def read(self, *args):  # pragma: no cover - reading is the failure
        raise AssertionError("the file was read")


def test_limited_file_field_checks_the_size_without_reading():
    field = LimitedFileField(max_bytes=10 * 1024 * 1024)
    with pytest.raises(Exception) as info:
        field.clean(_Unreadable())
    assert "文件过大（300 MB，上限 10 MB），未读取。" in str(info.value)
