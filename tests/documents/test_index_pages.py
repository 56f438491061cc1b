"""The documents index pages through every document (no 200-row cap) and finds one by 文号, party name,
统一社会信用代码 or issuing officer, keeping the filters across pages."""

from __future__ import annotations

import re

from rouxing.documents import services
from rouxing.documents.models import Document

from .conftest import CASE_VALUES


def _issue(demo, n: int) -> list[Document]:
    officer = demo.user("sm_officer1")
    docs = []
    for _ in range(n):
        draft = services.document_draft_create(user=officer, doc_type="warning", fields=CASE_VALUES["warning"],
                                               party=demo.party("SM-YJJ"))
        docs.append(services.document_issue(user=officer, document=draft, convert_pdf=False))
    return docs


def test_every_document_is_reachable_page_by_page_with_the_filter_kept(demo):
    _issue(demo, 3)
    client = demo.client("sm_officer1")
    total = Document.objects.filter(org=demo.org("SM-YJJ"), doc_type="warning").count()
    first = client.get("/documents/?type=warning").content.decode()
    assert f"共{total}条" in first
    pages = -(-total // 50)
    seen = set()
    for number in range(1, pages + 1):
        text = client.get(f"/documents/?type=warning&page={number}").content.decode()
        seen |= set(re.findall(r'href="/documents/(\d+)/"', text))
        if number < pages:
            assert "type=warning&amp;page=" in text
    assert len(seen) == total


def test_search_by_number_party_credit_code_and_officer(demo):
    [doc] = _issue(demo, 1)
    client = demo.client("sm_officer1")
    party = doc.party
    for term in (doc.number, party.name, party.uscc, demo.user("sm_officer1").full_name):
        if not term:
            continue
        text = client.get("/documents/", {"q": term}).content.decode()
        assert f'href="/documents/{doc.pk}/"' in text, term
    text = client.get("/documents/", {"q": "不存在的文书"}).content.decode()
    assert "共0条" in text
