"""Masking of personal numbers (ID numbers, mobile phones) for pages, exports and logs."""

from __future__ import annotations

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
