"""Reports API: the annex-5 table, the drill-down and the frozen submissions over token auth, with the
figures of the known data set (conftest), scoped like the pages."""

from __future__ import annotations

import pytest

from rouxing.api.models import ApiToken
from rouxing.reports.definition import COLUMNS

ZERO = {c.key: 0 for c in COLUMNS}


def _get(client, user, path):
    _, key = ApiToken.issue(user=user, name="测试")
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_table_gives_the_report_figures_and_the_rollup(client, demo, known):
    # given 三明's 负责人 and the known 2025 data
    approver, sm = demo.user("sm_approver"), demo.org("SM-YJJ")
    # when the year's roll-up is asked for
    body = _get(client, approver, f"/api/v1/reports/table?org={sm.pk}&period=2025&rollup=true").json()
    # then the columns are annex 5's, the rows are 三明 first and its counties, and the total matches the page
    assert [c["key"] for c in body["columns"]] == [c.key for c in COLUMNS]
    assert body["columns"][6]["header"] == "行政指导（人次）"
    assert body["title"] == "2025年度柔性执法统计报表" and body["start"] == "2025-01-01"
    assert [r["org"] for r in body["rows"]][0] == "三明市应急管理局"
    assert {r["org"] for r in body["rows"]} == {"三明市应急管理局", "明溪县应急管理局", "将乐县应急管理局"}
    assert body["total"] == {**ZERO, "no_penalty": 2, "reduced": 1, "lighter": 1, "no_coercion": 1,
                             "persuasion": 3, "guidance": 8, "advice": 4, "reminder": 10, "interview": 1,
                             "admonition": 1, "return_visit": 1, "other": 1}
    # and the city alone for March
    march = _get(client, approver, f"/api/v1/reports/table?org={sm.pk}&period=2025-03").json()
    assert march["total"] is None and march["figures"] == {**ZERO, "persuasion": 1, "guidance": 5}


def test_cell_lists_exactly_the_records_counted(client, demo, known):
    officer, sm = demo.user("sm_officer1"), demo.org("SM-YJJ")
    body = _get(client, officer, f"/api/v1/reports/cell?org={sm.pk}&period=2025&col=guidance").json()
    expected = {m.pk for m in known.measures[("SM-YJJ", "guidance")]}
    assert body["value"] == 8 and {r["id"] for r in body["records"]} == expected
    assert sum(r["persons"] for r in body["records"]) == 8
    assert all(r["kind"] == "measure" and r["description"].strip() for r in body["records"])
    decisions = _get(client, officer, f"/api/v1/reports/cell?org={sm.pk}&period=2025&col=no_penalty").json()
    assert decisions["value"] == 1 and decisions["records"][0]["detail"]["outcome"] == "no_penalty"


@pytest.mark.parametrize(("query", "message"), [
    ("period=2025-13&col=guidance", "序号"),
    ("period=twenty&col=guidance", "报表期间格式"),
    ("period=2025&col=nothing", "统计项“nothing”不存在"),
])
def test_bad_period_or_column_is_422_in_chinese(client, demo, query, message):
    officer = demo.user("sm_officer1")
    response = _get(client, officer, f"/api/v1/reports/cell?org={demo.org('SM-YJJ').pk}&{query}")
    assert response.status_code == 422 and message in response.json()["error"]


def test_other_bureau_is_404_and_no_token_is_401(client, demo, known):
    cj = demo.user("cj_officer1")
    sm = demo.org("SM-YJJ")
    assert _get(client, cj, f"/api/v1/reports/table?org={sm.pk}&period=2025").status_code == 404
    assert _get(client, cj, f"/api/v1/reports/cell?org={sm.pk}&period=2025&col=guidance").status_code == 404
    assert client.get(f"/api/v1/reports/table?org={sm.pk}&period=2025").status_code == 401
    # a role without reports (系统管理员) reads nothing
    assert _get(client, demo.user("sysadmin"), f"/api/v1/reports/table?org={sm.pk}").status_code == 404


def test_submissions_list_the_frozen_reports_with_their_digest(client, demo, known):
    from rouxing.reports import services
    from rouxing.reports.definition import Period, PeriodKind

    approver, sm = demo.user("sm_approver"), demo.org("SM-YJJ")
    sub = services.report_submit(user=approver, org=sm, period=Period(PeriodKind.YEAR, 2025, 0), rollup=False,
                                 contact_phone="0598-1234567")
    rows = _get(client, approver, f"/api/v1/reports/submissions?org={sm.pk}").json()
    assert [(r["id"], r["period"], r["sha256"], r["revision"]) for r in rows] == [(sub.pk, "2025", sub.sha256, 1)]
    assert _get(client, demo.user("cj_officer1"), "/api/v1/reports/submissions").json() == []
