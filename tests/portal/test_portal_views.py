"""Public portal (公示): open without login, only public versions, switches at the effective date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rouxing.lists import services
from rouxing.lists.models import ListVersion
from rouxing.lists.selectors import version_in_force
from rouxing.orgs.models import Org

pytestmark = pytest.mark.django_db
FIRST = {"id": "first", "label": "初次违法", "when": {"fact": "first_violation", "op": "eq", "value": True}}
BASIS = [{"law": "中华人民共和国行政处罚法", "article": 33, "text": "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"}]


def _current(org_code: str = "SM-YJJ") -> ListVersion:
    """The version in force today (demo data, or a published test version)."""
    org = Org.objects.get(code=org_code)
    version = version_in_force(org=org, day=timezone.localdate())
    if version is None:
        version = services.version_import_dict(org=org, data={
            "version": "P-2022", "title": "公示测试清单", "effective_from": "2022-05-01", "filing_no": "明司备〔2022〕1号",
            "note": "说明：本系统不存在不予行政强制事项。",
            "items": [{"list": "no_penalty", "seq": 1, "code": "P-01", "name": "公示测试事项甲", "situation": "首次被发现",
                       "violations": ["AQSC-097-05"], "conditions": [FIRST], "basis": BASIS, "measures": ["说服教育"]}]})
    return version


def _supervisor(admin):
    """The 司法局监督员 who files the bureau's list versions (备案)."""
    from rouxing.orgs.models import Role, User

    return User.objects.get(org=admin.org.justice_bureau, role=Role.SUPERVISOR)


def _new_version(admin, label: str, *, name: str, effective_from: dt.date) -> ListVersion:
    """A new version, adjusted, submitted, filed and published from `effective_from`."""
    draft = services.version_create_draft(org=admin.org, user=admin, label=label, change_reason="内部调整理由XYZ")
    services.item_create(version=draft, user=admin, reason="内部理由ABC", data={
        "list_kind": "lighter", "name": name, "code": f"{label}-1", "situation": "新情形", "basis": BASIS,
        "violations": ["AQSC-097-05"], "conditions": [FIRST]})
    services.version_submit(version=draft, user=admin)
    services.version_file(version=draft, user=_supervisor(admin), filing_no=f"明司备〔2026〕{label}号",
                          filing_date=timezone.localdate())
    return services.version_publish(version=draft, user=admin, effective_from=effective_from)


@pytest.mark.parametrize("name", ["portal:index", "portal:bureau", "portal:version"])
def test_portal_pages_are_open_without_login(demo, name):
    # given the version in force
    version = _current()
    args = {"portal:bureau": [version.org.code], "portal:version": [version.pk]}.get(name, [])
    # when an anonymous visitor opens a portal page
    response = Client().get(reverse(name, args=args))
    # then it is shown
    assert response.status_code == 200


def test_index_lists_bureaus_with_lists_in_force(demo):
    # given 三明's version in force
    version = _current()
    # when the public index is opened
    html = Client().get(reverse("portal:index")).content.decode()
    # then 三明 is listed with its version; a justice bureau is not
    assert version.org.name in html and version.label in html
    assert "三明市司法局" not in html


def test_bureau_page_shows_the_four_lists_in_force(demo):
    # given 三明's version in force
    version = _current()
    # when its public page is opened
    html = Client().get(reverse("portal:bureau", args=[version.org.code])).content.decode()
    # then its items are shown under the four lists
    assert "现行版本" in html and version.label in html
    for item in version.items.all():
        assert item.name in html
    assert "不予行政强制事项清单" in html


@pytest.mark.parametrize("stage", ["draft", "submitted", "filed"])
def test_unpublished_versions_are_never_public(demo, stage):
    # given a version that is not published yet, with an item only it has
    _current()
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=admin.org, user=admin, label=f"U-{stage}", change_reason="x")
    services.item_create(version=draft, user=admin, reason="x", data={
        "list_kind": "reduced", "name": "尚未公布的事项", "situation": "情形", "basis": BASIS,
        "violations": ["AQSC-097-05"], "conditions": [FIRST]})
    if stage != "draft":
        services.version_submit(version=draft, user=admin)
    if stage == "filed":
        services.version_file(version=draft, user=_supervisor(admin), filing_no="F1", filing_date=timezone.localdate())
    client = Client()
    # when the public opens its page or the bureau page
    version_page = client.get(reverse("portal:version", args=[draft.pk]))
    bureau_html = client.get(reverse("portal:bureau", args=["SM-YJJ"])).content.decode()
    # then it does not exist publicly and nothing of it shows
    assert version_page.status_code == 404
    assert "尚未公布的事项" not in bureau_html and draft.label not in bureau_html


def test_public_pages_show_no_internal_notes_or_personal_data(demo):
    # given a published version with internal change reasons and a contact person
    _current()
    admin = demo.user("sm_listadmin")
    new = _new_version(admin, "N1", name="新公布事项", effective_from=timezone.localdate() + dt.timedelta(days=1))
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        client = Client()
        pages = [client.get(reverse("portal:bureau", args=["SM-YJJ"])).content.decode(),
                 client.get(reverse("portal:version", args=[new.pk])).content.decode()]
    # then neither shows the reasons, the contact person or the phone
    for html in pages:
        assert "新公布事项" in html
        assert "内部调整理由XYZ" not in html and "内部理由ABC" not in html
        assert new.contact_person not in html or not new.contact_person
        assert "联系人" not in html and "0598-8230110" not in html


def test_future_version_is_not_in_force_until_its_date_then_replaces_the_old_one(demo):
    # given the version in force and a new one published today with effect in 10 days
    old = _current()
    admin = demo.user("sm_listadmin")
    start = timezone.localdate() + dt.timedelta(days=10)
    new = _new_version(admin, "F1", name="十天后施行的事项", effective_from=start)
    client = Client()
    # when the public page is opened today
    html = client.get(reverse("portal:bureau", args=["SM-YJJ"])).content.decode()
    current = html.split('class="card current-version"')[1].split("</div>")[0]
    # then the old version is in force and the new one is announced, not in force
    assert old.label in current and new.label not in current
    assert "十天后施行的事项" not in html.split('class="card upcoming"')[0]
    assert "已公布、尚未施行" in html and f"将于 {start.year}年{start.month}月{start.day}日 起施行" in html
    assert "尚未施行" in client.get(reverse("portal:version", args=[new.pk])).content.decode()
    # when the date arrives
    with time_machine.travel(dt.datetime.combine(start, dt.time(9, 0), tzinfo=timezone.get_current_timezone())):
        later = Client().get(reverse("portal:bureau", args=["SM-YJJ"])).content.decode()
        old_page = Client().get(reverse("portal:version", args=[old.pk])).content.decode()
    # then the new version is in force and the old one is in the history with its period and filing number
    current = later.split('class="card current-version"')[1].split("</div>")[0]
    history = later.split('class="card history"')[1]
    assert new.label in current and "十天后施行的事项" in later
    assert old.label in history and f"{start.year}年{start.month}月{start.day}日" in history
    if old.filing_no:
        assert old.filing_no in history
    assert "已停止施行（历史版本）" in old_page


def test_day_before_the_effective_date_still_shows_the_old_version(demo):
    # given a new version effective in 5 days
    old = _current()
    admin = demo.user("sm_listadmin")
    start = timezone.localdate() + dt.timedelta(days=5)
    _new_version(admin, "F2", name="五天后施行", effective_from=start)
    # when the page is opened late on the day before
    eve = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(23, 30), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(eve):
        html = Client().get(reverse("portal:bureau", args=["SM-YJJ"])).content.decode()
    # then the old version is still the one in force
    assert old.label in html.split('class="card current-version"')[1].split("</div>")[0]


def test_unknown_bureau_gives_404(demo):
    assert Client().get(reverse("portal:bureau", args=["NO-SUCH"])).status_code == 404


def test_portal_refuses_post(demo):
    version = _current()
    assert Client().post(reverse("portal:version", args=[version.pk])).status_code == 405
