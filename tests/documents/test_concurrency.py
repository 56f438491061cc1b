"""200 documents issued at once, each thread with its own database connection, get 200 distinct,
consecutive numbers (counter row locked in the issuing transaction; IMMEDIATE transactions on SQLite)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from rouxing.documents import services
from rouxing.documents.models import Document, NumberCounter

from .conftest import CASE_VALUES

COUNT = 200


def _issue_in_own_connection(pk: int, user_pk: int) -> str:
    from rouxing.orgs.models import User

    try:
        user = User.objects.select_related("org").get(pk=user_pk)
        doc = Document.objects.get(pk=pk)
        return services.document_issue(user=user, document=doc, issue_date=dt.date(2024, 7, 1),
                                       convert_pdf=False).number
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_consecutive_numbers(demo):
    # given 200 drafts of one bureau
    officer = demo.user("sm_officer1")
    party = demo.party("SM-YJJ")
    drafts = [services.document_draft_create(user=officer, doc_type="warning", fields=CASE_VALUES["warning"],
                                             party=party).pk for _ in range(COUNT)]
    # when they are issued from 16 threads at once
    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(lambda pk: _issue_in_own_connection(pk, officer.pk), drafts))
    # then the numbers are exactly 1..200, each once, and the counter stands at 200
    assert len(set(numbers)) == COUNT
    seqs = sorted(Document.objects.filter(pk__in=drafts).values_list("seq", flat=True))
    assert seqs == list(range(1, COUNT + 1))
    assert set(numbers) == {f"明应急告〔2024〕{n}号" for n in range(1, COUNT + 1)}
    counter = NumberCounter.objects.get(org=officer.org, doc_type="warning", year=2024)
    assert counter.last_seq == COUNT
