"""Masking of personal numbers (ID numbers, mobile phones) for pages, exports and logs (MaskingFilter)."""

from __future__ import annotations

import logging
import re

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_id_number(value: str | None) -> str:
    """110101199003071234 -> 110101********1234."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13800138000 -> 138****8000; landlines keep area code and last 4 digits."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 4:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * (len(value) - 4) + value[-4:]


def mask_text(text: str) -> str:
    """Mask every 18-digit ID number and 11-digit mobile number inside free text."""
    text = _ID_RE.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    return _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


# 统一社会信用代码: 18 characters of the GB 32100 alphabet (no I, O, S, V, Z). Applied to logs only: a code is
# public for an enterprise, but a log line has no business carrying who was looked up.
_USCC_RE = re.compile(r"(?<![0-9A-Za-z*])([0-9A-HJ-NPQRTUWXY]{2}\d{4})[0-9A-HJ-NPQRTUWXY]{8}([0-9A-HJ-NPQRTUWXY]{4})"
                      r"(?![0-9A-Za-z])")


def mask_log_text(text: str) -> str:
    """mask_text plus 统一社会信用代码 (913504001234567890 -> 913504********7890)."""
    text = mask_text(text)
    return _USCC_RE.sub(lambda m: m.group(1) + "********" + m.group(2), text)


class MaskingFilter(logging.Filter):
    """A logging filter (configured on every handler in settings.LOGGING) that rewrites each record's
    message — and the text of its exception, if any — with ID numbers, mobile numbers and USCCs masked.
    The record's arguments are merged into the message first, so nothing unmasked is formatted later."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = mask_log_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_log_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_log_text(record.stack_info)
        return True
