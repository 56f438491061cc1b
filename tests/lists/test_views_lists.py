"""Four lists pages: the access matrix (anonymous, other bureau, supervisor, officer, list admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rouxing.lists.models import ListItem, ListVersion

try:
    from lists_testdata import make_draft, sm_version_in_force
except ImportError:  # tests/lists collected as a package
    from .lists_testdata import make_draft, sm_version_in_force  # type: ignore[no-redef]

pytestmark = pytest.mark.django_db

READ_PAGES = ["index", "history", "version", "item", "diff", "export"]


def _read_url(name: str, version, item) -> str:
    if name in ("index", "history"):
        return reverse(f"lists:{name}") + f"?org={version.org_id}"
    if name == "item":
        return reverse("lists:item", args=[item.pk])
    return reverse({"version": "lists:version", "diff": "lists:version_diff",
                    "export": "lists:version_export"}[name], args=[version.pk])


def _write_requests(draft, item, published) -> list[tuple[str, dict]]:
    """Every write action with valid data (each would succeed for the list admin)."""
    return [
        (reverse("lists:version_new"), {"label": "W-1", "change_reason": "调整"}),
        (reverse("lists:item_edit", args=[item.pk]), {
            "list_kind": item.list_kind, "seq": item.seq, "name": "改名", "code": item.code,
            "situation": item.situation, "basis": "《中华人民共和国行政处罚法》第33条　违法行为轻微",
            "change_reason": "调整", "lock_version": item.lock_version}),
        (reverse("lists:item_new", args=[draft.pk]), {
            "list_kind": "reduced", "name": "新事项", "situation": "情形", "change_reason": "新增",
            "basis": "《中华人民共和国行政处罚法》第32条　从轻或者减轻"}),
        (reverse("lists:item_delete", args=[item.pk]), {"reason": "删除"}),
        (reverse("lists:version_submit", args=[draft.pk]), {}),
        (reverse("lists:version_return", args=[draft.pk]), {"reason": "退回"}),
        (reverse("lists:version_file", args=[draft.pk]), {"filing_no": "X1", "filing_date": "2026-01-01"}),
        (reverse("lists:version_publish", args=[published.pk]), {"effective_from": "2030-01-01"}),
        (reverse("lists:version_import", args=[draft.pk]), {"reason": "导入"}),
    ]


def _snapshot():
    return (
        list(ListVersion.objects.order_by("pk").values_list("pk", "status", "label", "effective_from", "filing_no")),
        list(ListItem.objects.order_by("pk").values_list("pk", "name", "seq", "lock_version")),
    )


@pytest.fixture
def setup(demo):
    published = sm_version_in_force()
    draft = make_draft(demo.user("sm_listadmin"))
    item = draft.items.order_by("list_kind", "seq").first()
    return published, draft, item


@pytest.mark.parametrize("page", READ_PAGES)
def test_anonymous_is_sent_to_login(client, setup, page):
    # given an anonymous visitor
    published, _draft, _item = setup
    item = published.items.first()
    # when they open a lists page
    response = client.get(_read_url(page, published, item))
    # then they are redirected to the login page
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("username", ["cj_officer1", "cj_listadmin", "mx_supervisor"])
@pytest.mark.parametrize("page", ["version", "item", "diff", "export"])
def test_other_bureau_gets_404_on_reads(demo, setup, username, page):
    # given a user of another bureau (or a justice bureau that does not supervise 三明)
    published, _draft, _item = setup
    # when they open a 三明 version or item by id
    response = demo.client(username).get(_read_url(page, published, published.items.first()))
    # then the record does not exist for them
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["cj_listadmin", "mx_listadmin", "mx_supervisor", "sm_supervisor", "sm_officer1"])
@pytest.mark.parametrize("page", ["version", "item"])
def test_draft_is_visible_only_to_the_bureau_and_its_supervisor(demo, setup, username, page):
    # given a draft of 三明
    _published, draft, item = setup
    # when someone opens it
    response = demo.client(username).get(_read_url(page, draft, item))
    # then only 三明's staff and its supervising 司法局 see it; for anyone else it does not exist
    assert response.status_code == (200 if username in ("sm_officer1", "sm_supervisor") else 404)


def test_other_bureau_index_does_not_show_sm_lists(demo, setup):
    # given 三明's version in force
    published, _draft, _item = setup
    # when a 昌吉 officer asks for 三明's lists via the org parameter
    response = demo.client("cj_officer1").get(reverse("lists:index") + f"?org={published.org_id}")
    # then they get their own bureau instead, never 三明's items
    assert response.status_code == 200
    assert "三明市应急管理局" not in response.content.decode().split("<main>")[1].split("</h1>")[0]
    assert published.items.first().name not in response.content.decode()


@pytest.mark.parametrize("username", ["sm_supervisor", "sm_officer1", "sm_listadmin"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_bureau_staff_and_supervisor_can_read(demo, setup, username, page):
    # given 三明's published version
    published, _draft, _item = setup
    # when its staff or its supervising 司法局 opens a page
    response = demo.client(username).get(_read_url(page, published, published.items.first()))
    # then it is shown
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["sm_supervisor", "sm_officer1", "sm_reviewer"])
def test_read_only_roles_get_403_on_every_write_and_nothing_changes(demo, setup, username):
    # given a draft, an item and the published version, and a read-only user of the bureau or its supervisor
    published, draft, item = setup
    client = demo.client(username)
    before = _snapshot()
    # when they attempt every write action
    requests = _write_requests(draft, item, published)
    statuses = [client.post(url, data).status_code for url, data in requests]
    # then every one is refused and nothing changed (备案 is the supervisor's task: refused on a draft as
    # out of order, 400)
    expected = [400 if username == "sm_supervisor" and "/file/" in url else 403 for url, _ in requests]
    assert statuses == expected
    assert _snapshot() == before


@pytest.mark.parametrize("page", ["item_edit", "item_delete", "item_new", "version_import", "version_new", "claim"])
def test_supervisor_gets_403_on_write_forms(demo, setup, page):
    # given 三明's draft
    _published, draft, item = setup
    args = {"item_edit": [item.pk], "item_delete": [item.pk], "item_new": [draft.pk],
            "version_import": [draft.pk]}.get(page, [])
    # when the supervisor opens a write form
    response = demo.client("sm_supervisor").get(reverse(f"lists:{page}", args=args))
    # then it is forbidden
    assert response.status_code == 403


@pytest.mark.parametrize("username", ["cj_listadmin", "mx_listadmin"])
def test_other_bureau_admin_gets_404_on_writes_and_nothing_changes(demo, setup, username):
    # given 三明's draft and a list admin of another bureau
    published, draft, item = setup
    client = demo.client(username)
    before = _snapshot()
    # when they post to the draft's actions (all but 新建, which works on their own bureau)
    statuses = [client.post(url, data).status_code for url, data in _write_requests(draft, item, published)[1:]]
    # then the records are not found for them and nothing changed
    assert set(statuses) == {404}
    assert _snapshot() == before


@pytest.mark.parametrize("action", ["version_submit", "version_return", "version_file", "version_publish"])
def test_actions_refuse_get(demo, setup, action):
    # given the list admin
    _published, draft, _item = setup
    # when an action URL is fetched with GET
    response = demo.client("sm_listadmin").get(reverse(f"lists:{action}", args=[draft.pk]))
    # then it is refused (POST only)
    assert response.status_code == 405


def test_actions_require_csrf(demo, setup):
    # given a list admin whose client enforces CSRF checks
    from django.test import Client

    _published, draft, _item = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.user("sm_listadmin"))
    # when they submit without a token
    response = client.post(reverse("lists:version_submit", args=[draft.pk]))
    # then the request is refused and the draft stays a draft
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.DRAFT


def test_index_shows_the_four_lists_in_force(demo, setup):
    # given 三明's version in force
    published, _draft, _item = setup
    # when an officer opens the lists page
    html = demo.client("sm_officer1").get(reverse("lists:index")).content.decode()
    # then the four lists are shown with their items and columns
    for title in ("不予行政处罚事项清单", "减轻行政处罚事项清单", "从轻行政处罚事项清单", "不予行政强制事项清单"):
        assert title in html
    for column in ("序号", "事项编码", "配套监管措施"):
        assert column in html
    for item in published.items.all():
        assert item.name in html


def test_empty_no_coercion_list_shows_the_version_note(demo, setup):
    # given a version whose 不予行政强制 list is empty and which carries a note
    published, _draft, _item = setup
    assert not published.items.filter(list_kind="no_coercion").exists()
    # when the version page is opened
    html = demo.client("sm_officer1").get(reverse("lists:version", args=[published.pk])).content.decode()
    # then the note is shown where the list would be
    section = html.split('id="list-no_coercion"')[1].split("</section>")[0]
    assert published.note.strip()[:10] in section


def test_item_page_shows_text_conditions_in_chinese_and_basis(demo, setup):
    # given an item with structured conditions
    published, _draft, _item = setup
    item = published.items.exclude(conditions=[]).order_by("list_kind", "seq").first()
    # when the item page is opened
    html = demo.client("sm_officer1").get(reverse("lists:item", args=[item.pk])).content.decode()
    # then the name, situation, conditions (as Chinese labels) and basis with article text are shown
    assert item.name in html
    assert item.situation[:20] in html
    assert item.conditions[0]["label"] in html
    assert "first_violation" not in html and "party.industry" not in html
    assert item.basis[0]["law"] in html
    assert item.basis[0]["text"][:15] in html


def test_version_page_lists_all_versions_in_history(demo, setup):
    # given a published version and a draft of 三明
    published, draft, _item = setup
    # when the list admin opens the history
    html = demo.client("sm_listadmin").get(reverse("lists:history")).content.decode()
    # then both appear with their status
    assert published.label in html and draft.label in html
    assert "草稿" in html
