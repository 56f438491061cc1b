"""Document numbers (文号) and Chinese dates for official documents.

A number is `pattern.format(short=…, year=…, seq=…)`, e.g. `{short}告〔{year}〕{seq}号` →
`明应急告〔2024〕12号` (GB/T 9704 7.2.5: full year in 〔〕, sequence without 第 and without leading
zeros). The sequence comes from the `NumberCounter` row of (bureau, type, year), locked with
`select_for_update()` inside the caller's transaction, so a rolled-back issue leaves no gap and two
issues never share a number. On SQLite the transaction is IMMEDIATE, so writers serialise at BEGIN.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import NumberCounter

PATTERN_KEYS = ("short", "year", "seq")


def validate_pattern(pattern: str) -> None:
    """A pattern must contain {year} and {seq}, and nothing but {short}, {year}, {seq}."""
    try:
        sample = pattern.format(short="某应急", year=2024, seq=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(f"文号格式“{pattern}”无效：只能使用 {{short}}、{{year}}、{{seq}} 三个占位符。") from exc
    if "{year}" not in pattern or "{seq}" not in pattern:
        raise ValidationError(f"文号格式“{pattern}”必须包含 {{year}} 和 {{seq}}。")
    if not sample.strip():
        raise ValidationError("文号格式不能为空。")


def format_number(pattern: str, *, short: str, year: int, seq: int) -> str:
    return pattern.format(short=short, year=year, seq=seq)


def next_seq(*, org_id: int, doc_type: str, year: int) -> int:
    """Take the next sequence number. Must run inside the transaction that saves the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_seq must run inside the document's transaction")
    if not NumberCounter.objects.filter(org_id=org_id, doc_type=doc_type, year=year).exists():
        try:
            with transaction.atomic():  # savepoint: a concurrent creator wins, we then lock its row
                NumberCounter.objects.create(org_id=org_id, doc_type=doc_type, year=year, last_seq=0)
        except IntegrityError:
            pass
    counter = NumberCounter.objects.select_for_update().get(org_id=org_id, doc_type=doc_type, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def chinese_date(value: dt.date | dt.datetime | None) -> str:
    """`2024年5月6日` (arabic numerals, full year, no leading zeros: GB/T 9704 成文日期)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: dt.datetime | None, *, minutes: bool = True) -> str:
    """`2024年5月10日9时30分` as printed in the 约谈通知书 blanks."""
    if value is None:
        return ""
    text = f"{chinese_date(value)}{value.hour}时"
    return text + (f"{value.minute}分" if minutes else "")


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 24 → 二十四, 101 → 一百零一 (article numbers, up to 999)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if (tens == 1 and not hundreds) else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def article_text(ref: dict) -> str:
    """`{"law": "中华人民共和国安全生产法", "article": 28, "paragraph": 1}` → 《…》第二十八条第一款."""
    text = f"《{ref.get('law', '')}》"
    if ref.get("article"):
        text += f"第{chinese_numeral(int(ref['article']))}条"
    if ref.get("paragraph"):
        text += f"第{chinese_numeral(int(ref['paragraph']))}款"
    if ref.get("item"):
        text += f"第（{chinese_numeral(int(ref['item']))}）项"
    return text
