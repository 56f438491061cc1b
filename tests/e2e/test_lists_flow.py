"""Browser: an officer reads the 三明 lists; the list admin adjusts, files and publishes a new version;
the public page switches to it on its effective date and keeps the old one in the history."""

from __future__ import annotations

import datetime as dt
import re

from conftest import login, screenshot
from django.utils import timezone
from playwright.sync_api import expect

BASIS = [{"law": "中华人民共和国行政处罚法", "article": 33, "text": "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"}]


def _sm_in_force():
    """三明's version in force (the demo data's, or a published test version if the demo has none)."""
    from rouxing.lists import services
    from rouxing.lists.selectors import version_in_force
    from rouxing.orgs.models import Org

    org = Org.objects.get(code="SM-YJJ")
    version = version_in_force(org=org, day=timezone.localdate())
    if version is None:
        version = services.version_import_dict(org=org, data={
            "version": "E2E-2022", "title": "三明市应急管理局四张清单", "effective_from": "2022-05-01",
            "filing_no": "明司备〔2022〕3号", "note": "说明：本系统不存在不予行政强制事项。",
            "items": [{"list": "no_penalty", "seq": 1, "code": "E2E-01",
                       "name": "生产经营单位未向从业人员通报事故隐患排查治理情况的",
                       "situation": "一般生产经营单位有证据证明开展了隐患排查治理工作，但未向从业人员通报，属于首次被发现的。",
                       "violations": ["AQSC-097-05"],
                       "conditions": [{"id": "first", "label": "初次违法",
                                       "when": {"fact": "first_violation", "op": "eq", "value": True}}],
                       "basis": BASIS, "measures": ["说服教育", "行政建议"]}]})
    return version


def _switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _adjust_file_and_publish(page, label: str, effective_from: dt.date) -> str:
    """As the list admin: new version, adjust the first item with a reason, submit (报送备案); as the
    司法局监督员: file it (予以备案); as the list admin again: publish."""
    page.goto(f"{page.base_url}/lists/versions/new/")
    page.fill("#id_label", label)
    page.fill("#id_change_reason", "根据上级裁量基准动态调整")
    page.click("button[type=submit].btn")
    expect(page.locator("h1")).to_contain_text(label)
    expect(page.locator("h1")).to_contain_text("草稿")
    page.locator(".card li a", has_text="修改").first.click()
    new_situation = f"{label}：经调整的情形，属于首次被发现、及时纠正、没有造成危害后果的。"
    page.fill("#id_situation", new_situation)
    page.fill("#id_change_reason", "细化情形表述")
    page.click("button[type=submit].btn")
    expect(page.locator(".messages")).to_contain_text("已保存事项")
    expect(page.locator(".situation")).to_contain_text(new_situation)
    page.click(f"text={label}")
    page.click("#submit-version")
    expect(page.locator("h1")).to_contain_text("已提交审核")
    expect(page.locator("main")).to_contain_text("等待司法局审查")
    expect(page.locator("#file-form")).to_have_count(0)
    version_url = page.url
    _switch_user(page, "sm_supervisor")
    page.goto(version_url)
    page.fill("#id_filing_no", f"明司备〔2026〕{label}号")
    page.fill("#id_filing_date", timezone.localdate().isoformat())
    page.locator("#file-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("已备案")
    expect(page.locator("#filing-history")).to_contain_text("予以备案")
    _switch_user(page, "sm_listadmin")
    page.goto(version_url)
    page.fill("#id_effective_from", effective_from.isoformat())
    page.locator("#publish-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("已公布")
    expect(page.locator(".messages")).to_contain_text(
        f"自{effective_from.year}年{effective_from.month}月{effective_from.day}日起施行")
    return new_situation


def test_filing_date_in_the_future_is_refused_in_the_browser(page):
    # given a version the bureau has submitted for 备案
    from rouxing.lists import services
    from rouxing.lists.models import ListVersion
    from rouxing.orgs.models import User

    base = _sm_in_force()
    admin = User.objects.get(username="sm_listadmin")
    draft = services.version_create_draft(org=base.org, user=admin, label="E2E-备案", based_on=base,
                                          change_reason="动态调整")
    services.version_submit(version=draft, user=admin)
    # when the 司法局 supervisor finds it on the workbench and enters a 备案日期 a year ahead
    login(page, "sm_supervisor")
    expect(page.locator("main")).to_contain_text("待备案审查的清单")
    page.locator("main a", has_text="E2E-备案").first.click()
    ahead = timezone.localdate() + dt.timedelta(days=365)
    page.fill("#id_filing_date", ahead.isoformat())
    page.locator("#file-form button[type=submit]").click()
    # then it is refused in Chinese and the version is still waiting
    expect(page.locator("main")).to_contain_text("备案日期不能晚于今天")
    assert ListVersion.objects.get(pk=draft.pk).status == ListVersion.Status.SUBMITTED
    # and a return with reasons sends it back to the bureau
    page.fill("#id_filing-reason", "第1项缺少依据条款")
    page.locator("#filing-return-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("草稿")
    expect(page.locator("#filing-history")).to_contain_text("第1项缺少依据条款")
    screenshot(page, "lists-filing-returned")


def test_officer_browses_the_lists_and_an_item(page):
    # given 三明's lists in force and an officer
    version = _sm_in_force()
    item = version.items.order_by("list_kind", "seq").first()
    login(page, "sm_officer1")
    # when the officer opens the lists and then an item
    page.goto(f"{page.base_url}/lists/")
    expect(page.locator("#list-no_penalty h2")).to_have_text("不予行政处罚事项清单")
    expect(page.locator("body")).to_contain_text(version.label)
    page.locator(f"#list-{item.list_kind} a", has_text=item.name).first.click()
    # then the item page shows its name, situation and basis
    expect(page.locator("h1")).to_have_text(item.name)
    expect(page.locator(".situation")).to_contain_text(item.situation[:30])
    expect(page.locator(".basis")).to_contain_text(item.basis[0]["law"])
    screenshot(page, "lists-item")


def test_future_version_is_announced_but_not_in_force(page):
    # given the version in force and the list admin
    old = _sm_in_force()
    _switch_user(page, "sm_listadmin")
    start = timezone.localdate() + dt.timedelta(days=7)
    # when a new version is adjusted, filed and published with an effective date a week ahead
    new_situation = _adjust_file_and_publish(page, "E2E-未来", start)
    # then the public page (anonymous) still shows the old version in force and announces the new one
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/public/bureaus/SM-YJJ/")
    current = page.locator(".current-version")
    expect(current).to_contain_text(old.label)
    expect(current).not_to_contain_text("E2E-未来")
    expect(page.locator(".upcoming")).to_contain_text(
        f"将于 {start.year}年{start.month}月{start.day}日 起施行")
    expect(page.locator("main")).not_to_contain_text(new_situation)
    screenshot(page, "portal-upcoming")


def test_version_effective_today_replaces_the_old_one_publicly(page):
    # given the version in force and the list admin
    old = _sm_in_force()
    _switch_user(page, "sm_listadmin")
    today = timezone.localdate()
    # when a new version is adjusted, filed and published with today's effective date
    new_situation = _adjust_file_and_publish(page, "E2E-今日", today)
    # then the public page shows the new version in force with the adjusted item
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/public/bureaus/SM-YJJ/")
    expect(page.locator(".current-version")).to_contain_text("E2E-今日")
    expect(page.locator("main")).to_contain_text(new_situation)
    # and the old version stays in the history, with its period ending today
    history = page.locator(".history")
    expect(history).to_contain_text(old.label)
    expect(history).to_contain_text(f"至 {today.year}年{today.month}月{today.day}日")
    page.locator(".history a", has_text=old.label).click()
    expect(page.locator(".version-state")).to_have_text(re.compile("已停止施行"))
    screenshot(page, "portal-switched")
