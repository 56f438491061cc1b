"""Upload and request-body size limits, checked before anything is read (上传大小限制).

Three layers, outermost first:
1. nginx `client_max_body_size` (deploy/nginx/rouxing.conf) refuses a body past the largest upload.
2. `RequestSizeLimitMiddleware` (first in MIDDLEWARE) compares the declared Content-Length with
   ROUXING_MAX_UPLOAD_BYTES (multipart uploads) or DATA_UPLOAD_MAX_MEMORY_SIZE (other bodies) and answers
   413 with a Chinese page before Django parses the body. A body without Content-Length is read by Django as
   empty, so a chunked body cannot get around the check.
3. `LimitedFileField` checks `UploadedFile.size` (known from the parser, which streams anything above
   FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file) against the kind's own limit before a view reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string


def size_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{max(limit // 1024, 1)} KB"


def max_upload_bytes() -> int:
    configured = getattr(settings, "ROUXING_MAX_UPLOAD_BYTES", None)
    if configured:
        return int(configured)
    return int(settings.EVIDENCE_MAX_BYTES) + 1024 * 1024  # the largest file plus the multipart envelope


def _too_large(request, limit: int) -> HttpResponse:
    message = f"提交的内容过大（上限 {size_text(limit)}），未被接收；请压缩或分拆文件后重新上传。"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    html = render_to_string("core/too_large.html", {"message": message})
    return HttpResponse(html, status=413)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            limit = max_upload_bytes() if multipart else int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if length > limit:
                return _too_large(request, limit)
        return self.get_response(request)


class LimitedFileField(forms.FileField):
    """A FileField refusing a file larger than `max_bytes` (an int, or a callable read at validation time so
    that settings overrides apply) before the view reads a byte of it."""

    def __init__(self, *args, max_bytes: int | Callable[[], int], **kwargs):
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def limit(self) -> int:
        return int(self.max_bytes() if callable(self.max_bytes) else self.max_bytes)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        size = getattr(value, "size", None)
        if size is not None and size > self.limit():
            raise forms.ValidationError(f"文件过大（{size_text(size)}，上限 {size_text(self.limit())}），未读取。",
                                        code="file_too_large")
        return value


def import_limit() -> int:
    return int(settings.IMPORT_MAX_BYTES)


def evidence_limit() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def bad_request(request, exception=None):
    """handler400: a body past Django's own limits (field data, number of fields or files) is a 413 with the
    same Chinese message; any other bad request a Chinese 400."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    if isinstance(exception, RequestDataTooBig):
        return _too_large(request, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        message = "提交的字段或文件数量过多，未被接收。"
    else:
        message = "请求无效，请返回后重试。"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(render_to_string("core/too_large.html", {"message": message, "title": "请求无效"}),
                        status=400)
