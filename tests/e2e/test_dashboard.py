"""Browser: the 三明市司法局 supervisor opens the statistics dashboard, sees the charts drawn, and
drills from a report cell to the records behind it."""

from __future__ import annotations

import datetime as dt

from conftest import login, screenshot
from playwright.sync_api import expect

from tests.reports.conftest import Known, add_finding, add_measure


def _data(demo) -> Known:
    known = Known()
    add_measure(demo, known, "SM-YJJ", "sm_officer1", "persuasion", dt.date(2025, 3, 10))
    add_measure(demo, known, "SM-YJJ", "sm_officer2", "persuasion", dt.date(2025, 8, 1))
    add_measure(demo, known, "SM-YJJ", "sm_officer1", "guidance", dt.date(2025, 3, 15), persons=5)
    add_measure(demo, known, "JL-YJJ", "jl_officer1", "admonition", dt.date(2025, 6, 1))
    add_finding(demo, known, "SM-YJJ", "sm_officer1", dt.date(2025, 4, 1), "no_penalty")
    return known


def _canvas_has_ink(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => {
        const c = el.querySelector('canvas');
        if (!c || c.width === 0 || c.height === 0) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
        return false;
    }""")


def test_supervisor_sees_charts_and_drills_down_to_records(page, demo):
    known = _data(demo)
    login(page, "sm_supervisor")
    page.click("header nav >> text=统计监督")
    page.goto(f"{page.base_url}/reports/?period=2025&rollup=1")
    expect(page.locator("h1")).to_contain_text("三明市应急管理局")
    for chart in ("month", "column", "bureau", "industry"):
        expect(page.locator(f"#chart-{chart}[data-rendered='1'] canvas")).to_have_count(1)
        assert _canvas_has_ink(page, f"#chart-{chart}"), chart
    # the roll-up covers the supervised bureaus only: 三明 and 将乐
    expect(page.locator("#report-figures a[data-col='persuasion']")).to_have_text("2")
    expect(page.locator("#report-figures a[data-col='admonition']")).to_have_text("1")
    screenshot(page, "reports-dashboard")
    page.click("#report-figures a[data-col='persuasion']")
    expect(page.locator("#cell-value")).to_have_text("2")
    rows = page.locator("#cell-records tbody tr")
    expect(rows).to_have_count(2)
    for measure in known.measures[("SM-YJJ", "persuasion")]:
        expect(page.locator(f"tr[data-record='measure-{measure.pk}']")).to_contain_text(measure.content)
    screenshot(page, "reports-drilldown")
