"""Document numbers: pattern, Chinese numerals and dates, consecutive per bureau/type/year, voided
numbers never reused, a rolled-back issue leaves no gap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from rouxing.documents import services
from rouxing.documents.models import NumberCounter, VoidedNumber
from rouxing.documents.numbering import (
    article_text,
    chinese_date,
    chinese_datetime,
    chinese_numeral,
    format_number,
    next_seq,
    validate_pattern,
)

from .conftest import CASE_VALUES


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (24, "二十四"), (41, "四十一"),
                                     (97, "九十七"), (100, "一百"), (101, "一百零一"), (105, "一百零五"),
                                     (110, "一百一十"), (114, "一百一十四")])
def test_article_numbers_are_written_in_chinese(n, text):
    assert chinese_numeral(n) == text


def test_article_reference_reads_like_the_statute():
    ref = {"law": "中华人民共和国安全生产法", "article": 97, "paragraph": 1, "item": 4}
    assert article_text(ref) == "《中华人民共和国安全生产法》第九十七条第一款第（四）项"


def test_dates_have_full_year_and_no_leading_zeros():
    assert chinese_date(dt.date(2024, 5, 6)) == "2024年5月6日"
    assert chinese_datetime(dt.datetime(2024, 6, 12, 9, 5)) == "2024年6月12日9时5分"


def test_number_follows_the_bureau_pattern():
    assert format_number("{short}告〔{year}〕{seq}号", short="明应急", year=2024, seq=12) == "明应急告〔2024〕12号"


@pytest.mark.parametrize("pattern, message", [("{short}告〔{year}〕号", "必须包含"), ("{org}〔{year}〕{seq}号", "只能使用")])
def test_a_bad_pattern_is_refused_in_chinese(pattern, message):
    with pytest.raises(ValidationError, match=message):
        validate_pattern(pattern)


def _issue(demo, doc_type="warning", on=dt.date(2024, 5, 10), user="sm_officer1"):
    officer = demo.user(user)
    draft = services.document_draft_create(user=officer, doc_type=doc_type, fields=CASE_VALUES[doc_type],
                                           party=demo.party(officer.org.code))
    return services.document_issue(user=officer, document=draft, issue_date=on, convert_pdf=False)


def test_numbers_are_consecutive_per_type_and_year(demo):
    first, second = _issue(demo), _issue(demo)
    other_type = _issue(demo, "suggestion")
    next_year = _issue(demo, on=dt.date(2025, 1, 2))
    assert (first.number, second.number) == ("明应急告〔2024〕1号", "明应急告〔2024〕2号")
    assert other_type.number == "明应急建〔2024〕1号"
    assert next_year.number == "明应急告〔2025〕1号"


def test_each_bureau_has_its_own_sequence(demo):
    sm, mx = _issue(demo), _issue(demo, user="mx_officer1")
    assert sm.number == "明应急告〔2024〕1号" and mx.number == "明溪应急告〔2024〕1号"


def test_a_voided_number_is_recorded_and_never_reused(demo):
    # given an issued 告诫书 voided by the reviewer
    first = _issue(demo)
    services.document_void(user=demo.user("sm_reviewer"), document=first, reason="当事人名称有误")
    # when the next one is issued
    second = _issue(demo)
    # then it takes the next number and the voided one stays on record
    assert second.seq == first.seq + 1
    voided = VoidedNumber.objects.get(document=first)
    assert voided.number == first.number and voided.reason == "当事人名称有误"
    first.refresh_from_db()
    assert first.status == "voided" and first.number == "明应急告〔2024〕1号"


def test_an_officer_cannot_void(demo):
    from django.core.exceptions import PermissionDenied

    doc = _issue(demo)
    with pytest.raises(PermissionDenied):
        services.document_void(user=demo.user("sm_officer1"), document=doc, reason="测试")
    doc.refresh_from_db()
    assert doc.status == "issued" and not VoidedNumber.objects.filter(document=doc).exists()


def test_a_rolled_back_issue_leaves_no_gap(demo):
    org = demo.org("SM-YJJ")
    # given a number taken in a transaction that then fails
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_seq(org_id=org.pk, doc_type="warning", year=2024) == 1
        raise RuntimeError("rendering failed")
    # when the next document is issued, then it still gets number 1
    assert _issue(demo).seq == 1
    assert NumberCounter.objects.get(org=org, doc_type="warning", year=2024).last_seq == 1


def test_the_bureau_pattern_from_settings_is_used(demo):
    org = demo.org("SM-YJJ")
    row = services.bureau_settings_for(org)
    services.bureau_settings_update(
        user=demo.user("sm_listadmin"), org=org, expected_version=row.lock_version,
        data={"display_name": row.display_name, "short_name": "明应急", "number_patterns": {
            "warning": "{short}告诫〔{year}〕{seq}号"}})
    assert _issue(demo).number == "明应急告诫〔2024〕1号"
