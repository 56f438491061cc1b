"""Validators for official codes: 统一社会信用代码 (GB 32100) and 居民身份证号码 (GB 11643)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_uscc(value: str) -> None:
    """Check length, characters and the check character of a 统一社会信用代码."""
    try:
        uscc.validate(normalize_uscc(value))
    except StdnumError as exc:
        raise ValidationError(f"统一社会信用代码“{value}”无效（长度、字符或校验位不正确）。", code="uscc") from exc


def validate_id_number(value: str) -> None:
    """Check birth date and check digit of an 18-digit 居民身份证号码."""
    try:
        ric.validate((value or "").strip().upper())
    except StdnumError as exc:
        raise ValidationError("身份证号码无效（出生日期或校验位不正确）。", code="id_number") from exc
