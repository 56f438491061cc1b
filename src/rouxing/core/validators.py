"""Validators for official codes: 统一社会信用代码 (GB 32100) and 居民身份证号码 (GB 11643); and the text
check every form field gets (no C0 control characters but tab/newline/CR, no DEL, no bidi overrides)."""

from __future__ import annotations

import re

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


# C0 controls except \t \n \r, DEL, C1 controls, and the Unicode bidi embeddings/overrides/isolates
# (U+202A–U+202E, U+2066–U+2069) that make text display differently from what it is.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def validate_text(value) -> None:
    """不可见控制字符: refuse text holding a control or bidi-override character, naming the first one."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            f"内容含有不可见的控制字符或文字方向控制符（U+{ord(found.group()):04X}，第{found.start() + 1}个字符），"
            "请删除后重新提交。", code="control_character")


def strip_controls(value: str) -> str:
    """The text without control and bidi-override characters (for exports of stored text)."""
    return CONTROL_CHARACTERS.sub("", value)


def install_form_text_validator() -> None:
    """Give every django.forms.CharField (and its subclasses without validators of their own: TextInput,
    Textarea, hidden, password, choice-free text, JSON) `validate_text`, so that every form of every app and
    the admin refuses such characters with a Chinese message while keeping what was typed (the bound data).
    Called from rouxing.core.apps at import time, before any form class is defined."""
    from django import forms

    if validate_text not in forms.CharField.default_validators:
        forms.CharField.default_validators = [*forms.CharField.default_validators, validate_text]
