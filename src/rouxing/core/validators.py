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


def _identifier_validator(kind: str):
    """A model-field validator for one identifier kind of the engine's rule data (rouxing.engine.vocabulary
    .IDENTIFIER_PATTERNS: ASCII letters, digits and a few separators; never whitespace, newline, quote,
    backslash or control character). The engine refuses the same values when it compiles a list version."""
    from rouxing.engine.vocabulary import check_identifier

    def validate(value: str) -> None:
        problem = check_identifier(kind, value)
        if problem:
            raise ValidationError(problem, code=kind)

    validate.__name__ = f"validate_{kind}"
    validate.__qualname__ = validate.__name__
    return validate


def validate_org_code(value: str) -> None:
    """机关代码: letters, digits, hyphen or underscore (e.g. SM-YJJ)."""
    _identifier_validator("org_code")(value)


def validate_rule_id(value: str) -> None:
    """规则编号 of a list item (blank allowed: the engine then derives <机关代码>-<清单>-<序号>)."""
    if value:
        _identifier_validator("rule_id")(value)


def validate_declared_facts(value) -> None:
    """声明条件 of a list version: a list of {key, label, type}; every key a strict identifier, none twice."""
    if not isinstance(value, list):
        raise ValidationError("自定义条件须为列表。", code="declared_facts")
    seen: set[str] = set()
    for entry in value:
        key = entry.get("key") if isinstance(entry, dict) else None
        _identifier_validator("fact_key")(key)
        if key in seen:
            raise ValidationError(f"声明条件的键“{key}”重复。", code="declared_facts")
        seen.add(key)
