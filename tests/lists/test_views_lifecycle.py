"""The list admin's work through the pages: new version, adjust, submit, return, file, publish, claim."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rouxing.core.models import AuditEvent
from rouxing.lists import services
from rouxing.lists.models import ListItem, ListVersion
from rouxing.lists.selectors import version_in_force

try:
    from lists_testdata import advance_to_filed, make_draft, sm_version_in_force
except ImportError:  # tests/lists collected as a package
    from .lists_testdata import advance_to_filed, make_draft, sm_version_in_force  # type: ignore[no-redef]

pytestmark = pytest.mark.django_db
BASIS = "《中华人民共和国行政处罚法》第三十三条　违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"


def _edit_data(item, **changes) -> dict:
    data = {"list_kind": item.list_kind, "seq": item.seq, "name": item.name, "code": item.code,
            "situation": item.situation, "basis": BASIS, "measures": list(item.measures),
            "change_reason": "依据上级裁量基准调整", "lock_version": item.lock_version}
    data.update(changes)
    return data


def test_full_lifecycle_through_the_pages(demo):
    # given the version in force and the list admin
    old = sm_version_in_force()
    client = demo.client("sm_listadmin")
    # when a new version is created from it
    response = client.post(reverse("lists:version_new"), {"label": "2026-调整", "change_reason": "法律修改"})
    draft = ListVersion.objects.get(org=old.org, label="2026-调整")
    assert response.status_code == 302 and draft.based_on_id == old.pk
    assert draft.items.count() == old.items.count()
    # and an item is adjusted with a reason, one added and one deleted
    item = draft.items.order_by("list_kind", "seq").first()
    response = client.post(reverse("lists:item_edit", args=[item.pk]), _edit_data(item, situation="调整后的情形"))
    assert response.status_code == 302
    response = client.post(reverse("lists:item_new", args=[draft.pk]), {
        "list_kind": "lighter", "name": "新增的从轻事项", "code": "AQSC-NEW", "situation": "新增情形",
        "basis": BASIS, "measures": ["行政约谈"], "change_reason": "扩大清单范围"})
    assert response.status_code == 302
    removed = draft.items.exclude(pk=item.pk).order_by("-list_kind", "-seq").first()
    response = client.post(reverse("lists:item_delete", args=[removed.pk]), {"reason": "上位法已废止"})
    assert response.status_code == 302
    # then submitting is refused while the new item has neither conditions nor a catalogue link
    response = client.post(reverse("lists:version_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.DRAFT
    page = response.content.decode()
    assert "未录入结构化适用条件的清单事项不得适用" in page and "清单事项须关联处罚事项目录" in page
    assert "新增的从轻事项" in page
    # when the item gets its conditions and its catalogue violation in the condition editor
    added = draft.items.get(name="新增的从轻事项")
    response = client.post(reverse("lists:item_conditions", args=[added.pk]), {
        "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000",
        "rows-0-fact": "first_violation", "rows-0-op": "eq", "rows-0-value": "是", "mode": "all",
        "violations": ["AQSC-097-05"], "change_reason": "补充结构化条件", "lock_version": str(added.lock_version)})
    assert response.status_code == 302
    # and it is submitted, withdrawn, submitted again, filed by the 司法局 and published from tomorrow
    assert client.post(reverse("lists:version_submit", args=[draft.pk])).status_code == 302
    assert client.post(reverse("lists:version_return", args=[draft.pk]), {"reason": "补充说明"}).status_code == 302
    assert client.post(reverse("lists:version_submit", args=[draft.pk])).status_code == 302
    today = timezone.localdate()
    response = demo.client("sm_supervisor").post(reverse("lists:version_file", args=[draft.pk]),
                                                 {"filing_no": "明司备〔2026〕9号", "filing_date": today.isoformat()})
    assert response.status_code == 302
    tomorrow = today + dt.timedelta(days=1)
    response = client.post(reverse("lists:version_publish", args=[draft.pk]),
                           {"effective_from": tomorrow.isoformat()})
    assert response.status_code == 302
    # then the new version is published from tomorrow, filed with 三明市司法局, and the old one still rules today
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == ListVersion.Status.PUBLISHED and draft.effective_from == tomorrow
    assert draft.filing_no == "明司备〔2026〕9号" and draft.filed_with.code == "SM-SFJ"
    assert version_in_force(org=old.org, day=today).pk == old.pk
    assert version_in_force(org=old.org, day=tomorrow).pk == draft.pk
    assert ListItem.objects.get(pk=item.pk).situation == "调整后的情形"
    assert draft.items.filter(name="新增的从轻事项").exists()
    assert not ListItem.objects.filter(pk=removed.pk).exists()
    events = set(AuditEvent.objects.filter(object_id=str(draft.pk), object_type="lists.ListVersion")
                 .values_list("event", flat=True))
    assert {"list_version.create", "list_version.submit", "list_version.return", "list_version.file",
            "list_version.publish"} <= events


def test_diff_page_shows_changed_fields_added_and_removed_items(demo):
    # given a draft with one changed, one added and one removed item
    admin = demo.user("sm_listadmin")
    draft = make_draft(admin)
    items = list(draft.items.order_by("list_kind", "seq"))
    services.item_update(item=items[0], user=admin, data={"situation": "新的情形文字"}, reason="细化情形",
                         expected_version=items[0].lock_version)
    services.item_create(version=draft, user=admin, reason="新增", data={
        "list_kind": "reduced", "name": "新增减轻事项", "code": "AQSC-D-1", "situation": "情形",
        "basis": [{"law": "中华人民共和国行政处罚法", "article": 32, "text": "从轻或者减轻"}]})
    services.item_delete(item=items[-1], user=admin, reason="删除")
    # when the diff page is opened
    html = demo.client("sm_officer1").get(reverse("lists:version_diff", args=[draft.pk])).content.decode()
    # then each change is listed, field by field, with the reason
    assert "新的情形文字" in html and items[0].situation[:15] in html and "细化情形" in html
    assert "新增减轻事项" in html and "新增" in html
    assert items[-1].name in html and "删除" in html


def test_edit_without_reason_shows_chinese_error_and_keeps_typed_values(demo):
    # given a draft item
    draft = make_draft(demo.user("sm_listadmin"))
    item = draft.items.order_by("list_kind", "seq").first()
    # when it is saved without a reason
    response = demo.client("sm_listadmin").post(
        reverse("lists:item_edit", args=[item.pk]), _edit_data(item, name="我新输入的名称", change_reason=""))
    # then the error is shown next to the field, what was typed is kept and nothing is stored
    html = response.content.decode()
    assert response.status_code == 200
    assert "调整清单事项须填写调整理由" in html.split('id="field-change_reason"')[1]
    assert "我新输入的名称" in html
    item.refresh_from_db()
    assert item.name != "我新输入的名称"


def test_edit_with_malformed_basis_is_refused_next_to_the_field(demo):
    # given a draft item
    draft = make_draft(demo.user("sm_listadmin"))
    item = draft.items.order_by("list_kind", "seq").first()
    # when the basis does not name a law
    response = demo.client("sm_listadmin").post(
        reverse("lists:item_edit", args=[item.pk]), _edit_data(item, basis="第三十三条 没有法律名称"))
    # then the basis field shows the format it needs
    assert "依据格式有误" in response.content.decode().split('id="field-basis"')[1]
    assert ListItem.objects.get(pk=item.pk).lock_version == item.lock_version


def test_concurrent_edit_is_refused_and_typed_values_are_kept(demo):
    # given two admins who loaded the same item
    admin = demo.user("sm_listadmin")
    draft = make_draft(admin)
    item = draft.items.order_by("list_kind", "seq").first()
    stale = _edit_data(item, name="张三输入的名称")
    # and someone else saved it in between
    services.item_update(item=ListItem.objects.get(pk=item.pk), user=admin, data={"name": "李四保存的名称"},
                         reason="先保存", expected_version=item.lock_version)
    # when the first one saves
    response = demo.client("sm_listadmin").post(reverse("lists:item_edit", args=[item.pk]), stale)
    # then the conflict is explained in Chinese, the typed values stay in the form, the other save survives
    html = response.content.decode()
    assert "该记录已被他人修改" in html
    assert 'value="张三输入的名称"' in html
    assert ListItem.objects.get(pk=item.pk).name == "李四保存的名称"


def test_publish_before_filing_date_shows_error_and_changes_nothing(demo):
    # given a filed version (filed 2026-01-05)
    admin = demo.user("sm_listadmin")
    draft = advance_to_filed(make_draft(admin), admin)
    # when it is published with an effective date before the filing date
    response = demo.client("sm_listadmin").post(reverse("lists:version_publish", args=[draft.pk]),
                                                {"effective_from": "2026-01-01"})
    # then the date field shows why, with the typed date kept, and the version stays filed
    html = response.content.decode()
    assert "施行日期不能早于备案日期" in html
    assert 'value="2026-01-01"' in html
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.FILED


def test_file_without_date_shows_error(demo):
    # given a submitted version
    admin = demo.user("sm_listadmin")
    draft = make_draft(admin)
    services.version_submit(version=draft, user=admin)
    # when the 司法局 records 备案 without a date
    response = demo.client("sm_supervisor").post(reverse("lists:version_file", args=[draft.pk]),
                                                 {"filing_no": "明司备〔2026〕3号", "filing_date": ""})
    # then the error is shown and the status is unchanged
    assert "请填写备案日期" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ListVersion.Status.SUBMITTED


def test_duplicate_label_is_refused_next_to_the_field(demo):
    # given an existing version label
    old = sm_version_in_force()
    # when a new version reuses it
    response = demo.client("sm_listadmin").post(reverse("lists:version_new"),
                                                {"label": old.label, "change_reason": "重复"})
    # then the label field says so
    assert "已存在" in response.content.decode().split('id="field-label"')[1]
    assert ListVersion.objects.filter(org=old.org, label=old.label).count() == 1


def test_county_admin_claims_the_city_version(demo):
    # given 三明's published version and 明溪's list admin
    source = sm_version_in_force()
    client = demo.client("mx_listadmin")
    # when 明溪 claims it
    page = client.get(reverse("lists:claim")).content.decode()
    response = client.post(reverse("lists:claim"), {"source": source.pk, "label": "MX-认领-1"})
    # then a 明溪 draft with the same items and their provenance exists
    assert source.label in page
    claimed = ListVersion.objects.get(org__code="MX-YJJ", label="MX-认领-1")
    assert response.status_code == 302 and claimed.claimed_from_id == source.pk
    assert claimed.items.count() == source.items.count()
    item = claimed.items.order_by("list_kind", "seq").first()
    html = client.get(reverse("lists:item", args=[item.pk])).content.decode()
    assert "认领自三明市应急管理局" in html


def test_city_bureau_cannot_claim_a_county_version(demo):
    # given 三明's own published version (三明 has no higher bureau with lists)
    source = sm_version_in_force()
    # when 三明 tries to claim its own version
    response = demo.client("sm_listadmin").post(reverse("lists:claim"), {"source": source.pk, "label": "X"})
    # then the choice is refused in Chinese and nothing is created
    assert "只能认领上级机关已公布的清单版本" in response.content.decode()
    assert not ListVersion.objects.filter(label="X").exists()


def test_lint_report_lists_the_checker_findings(demo):
    # given a draft with an item citing no article and an unknown catalogue violation
    pytest.importorskip("rouxing.lists.linting")
    from rouxing.lists.linting import lint_version

    admin = demo.user("sm_listadmin")
    draft = make_draft(admin)
    services.item_create(version=draft, user=admin, reason="测试", data={
        "list_kind": "no_penalty", "name": "无依据条款的事项", "situation": "情形",
        "basis": [{"law": "某不存在的法", "text": ""}], "violations": ["NO-SUCH-VIOLATION"]})
    findings = lint_version(draft)
    # when the version's lint report is opened
    response = demo.client("sm_officer1").get(reverse("lists:version_lint", args=[draft.pk]))
    # then every finding of the checker is shown
    html = response.content.decode()
    assert response.status_code == 200 and findings
    for finding in findings:
        assert finding.message in html
