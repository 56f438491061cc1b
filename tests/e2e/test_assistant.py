"""Browser: an officer of 三明 opens the 裁量助手, picks a violation, ticks facts and sees the outcome,
basis and explanation change as they tick (seed 000 annex 1 item 2; 行政处罚法 art. 33)."""

from __future__ import annotations

from conftest import login, screenshot
from playwright.sync_api import expect

SM_NP2 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"


def _pick_violation(page, name: str) -> None:
    option = page.locator("#id_violation option", has_text=name).first
    page.select_option("#id_violation", value=option.get_attribute("value"))


def test_outcome_changes_as_the_officer_ticks_facts(page):
    # given an officer of 三明 on the assistant page
    login(page, "sm_officer1")
    page.goto(f"{page.base_url}/lists/assistant/")
    expect(page.locator("h1")).to_have_text("裁量助手")
    # when she picks annex 1 item 2, a first violation corrected within the deadline, without harm
    _pick_violation(page, SM_NP2)
    page.select_option("#id_first_violation", "true")
    page.select_option("#id_corrected", "within_deadline")
    # then the page shows 不予行政处罚 with education and art. 33
    expect(page.locator("#outcome")).to_have_text("不予行政处罚")
    expect(page.locator("#measures")).to_contain_text("说服教育")
    expect(page.locator("#explanation")).to_contain_text("不予行政处罚清单第2项")
    screenshot(page, "assistant-no-penalty")
    # when she ticks 发生生产安全事故
    page.check("input[name=circumstances][value=accident]")
    # then the outcome is no longer 不予, the accident is named and a fine band is shown
    expect(page.locator("#outcome")).to_have_text("一般（依法给予行政处罚）")
    expect(page.locator("#exclusions")).to_contain_text("造成危害后果")
    expect(page.locator("#fine-band")).to_contain_text("元")
    expect(page.locator("#explanation")).to_contain_text("发生生产安全事故")
    screenshot(page, "assistant-accident")
    # when she unticks it and marks the company as a mining company's repeat violation instead
    page.uncheck("input[name=circumstances][value=accident]")
    expect(page.locator("#outcome")).to_have_text("不予行政处罚")
    page.select_option("#id_first_violation", "false")
    expect(page.locator("#outcome")).not_to_have_text("不予行政处罚")
    expect(page.locator("#unmet")).to_contain_text("首次")
