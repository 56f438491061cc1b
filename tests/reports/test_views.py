"""Report pages: access by role and bureau, drill-down from a cell, exports, submission, panels."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

PAGES = ["reports:index", "reports:table", "reports:oversight", "plans:plans", "reports:reviews"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login_or_refused(client, demo, name):
    response = client.get(reverse(name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_system_roles_cannot_read_reports(demo, username):
    assert demo.client(username).get(reverse("reports:index")).status_code == 403


@pytest.mark.parametrize("username", ["sm_officer1", "sm_reviewer", "sm_approver", "sm_listadmin", "sm_supervisor"])
@pytest.mark.parametrize("name", PAGES)
def test_work_roles_open_every_report_page(demo, known, username, name):
    assert demo.client(username).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("username,org,status", [
    ("sm_officer1", "SM-YJJ", 200),
    ("sm_officer1", "MX-YJJ", 404),  # officers read only their bureau
    ("sm_approver", "MX-YJJ", 200),  # the city's 负责人 reads the counties below it
    ("mx_approver", "SM-YJJ", 404),  # never the bureau above
    ("sm_supervisor", "JL-YJJ", 200),  # supervised by 三明市司法局
    ("sm_supervisor", "MX-YJJ", 404),  # supervised by 明溪县司法局
    ("cj_officer1", "SM-YJJ", 404),
])
def test_bureau_scoping(demo, known, username, org, status):
    url = reverse("reports:table") + f"?org={demo.org(org).pk}&period=2025"
    assert demo.client(username).get(url).status_code == status
    cell = reverse("reports:cell") + f"?org={demo.org(org).pk}&period=2025&col=persuasion"
    assert demo.client(username).get(cell).status_code == status


def test_table_cell_links_to_exactly_its_records(demo, known):
    client = demo.client("sm_approver")
    org = demo.org("SM-YJJ")
    page = client.get(reverse("reports:table") + f"?org={org.pk}&period=2025&rollup=1").content.decode()
    # the roll-up total cell of 行政指导 links to its drill-down
    link = reverse("reports:cell") + f"?org={org.pk}&amp;period=2025&amp;col=guidance&amp;rollup=1"
    assert link in page
    detail = client.get(link.replace("&amp;", "&")).content.decode()
    expected = known.measures[("SM-YJJ", "guidance")]
    assert detail.count('data-record="measure-') == len(expected) == 2
    for m in expected:
        assert f'data-record="measure-{m.pk}"' in detail and m.content in detail
    assert '<strong id="cell-value">8</strong>' in detail


def test_rollup_of_supervisor_includes_only_supervised_bureaus(demo, known):
    page = demo.client("sm_supervisor").get(
        reverse("reports:table") + f"?org={demo.org('SM-YJJ').pk}&period=2025&rollup=1").content.decode()
    assert "将乐县应急管理局" in page and "明溪县应急管理局" not in page


def test_bad_period_shows_a_chinese_message(demo, known):
    page = demo.client("sm_officer1").get(reverse("reports:table") + "?period=2025-13").content.decode()
    assert "报表期间序号无效" in page


def test_unknown_column_is_404(demo):
    assert demo.client("sm_officer1").get(reverse("reports:cell") + "?col=nope").status_code == 404


def test_xlsx_export_download(demo, known):
    response = demo.client("sm_officer1").get(reverse("reports:export", args=["xlsx"]) + "?period=2025-H1")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(1, 1).value == "2025年上半年柔性执法统计报表"
    assert ws.cell(4, 1 + 7).value == 5  # 行政指导 人次 in H1


def test_approver_submits_through_the_page_and_the_frozen_file_is_served(demo, known):
    from rouxing.reports.models import ReportSubmission

    client = demo.client("sm_approver")
    response = client.post(reverse("reports:table") + "?period=2025", {"contact_phone": "0598-8230110"})
    sub = ReportSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:submission", args=[sub.pk])
    page = client.get(response["Location"]).content.decode()
    assert sub.sha256 in page and '<strong id="intact">一致</strong>' in page
    data = client.get(reverse("reports:submission_file", args=[sub.pk, "xlsx"])).content
    import hashlib

    assert hashlib.sha256(data).hexdigest() == sub.sha256


def test_submit_without_phone_keeps_the_form_and_stores_nothing(demo, known):
    from rouxing.reports.models import ReportSubmission

    response = demo.client("sm_approver").post(reverse("reports:table") + "?period=2025",
                                               {"contact_phone": "", "correction_reason": "草稿理由"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert "草稿理由" in response.content.decode()
    assert not ReportSubmission.objects.exists()


def test_officer_cannot_submit(demo, known):
    from rouxing.reports.models import ReportSubmission

    response = demo.client("sm_officer1").post(reverse("reports:table") + "?period=2025", {"contact_phone": "1"})
    assert response.status_code == 403
    assert not ReportSubmission.objects.exists()


def test_other_bureaus_submission_is_404(demo, known):
    from rouxing.reports import services
    from rouxing.reports.definition import Period

    sub = services.report_submit(user=demo.user("cj_approver"), org=demo.org("CJ-YJJ"), period=Period.parse("2025"),
                                 rollup=False, contact_phone="1")
    assert demo.client("sm_approver").get(reverse("reports:submission", args=[sub.pk])).status_code == 404


def test_dashboard_has_chart_data_and_figures(demo, known):
    import json
    import re

    page = demo.client("sm_approver").get(reverse("reports:index") + "?period=2025&rollup=1").content.decode()
    data = json.loads(re.search(r'<script id="report-charts" type="application/json">(.*?)</script>', page,
                                re.S).group(1))
    assert data["column"]["series"][0]["data"] == [2, 1, 1, 1, 3, 0, 8, 0, 0, 4, 10, 1, 1, 1, 1]
    assert sum(data["month"]["series"][0]["data"]) == 3 + 8 + 4 + 10 + 1 + 1 + 1 + 1
    assert data["bureau"]["labels"][0] == "三明市应急管理局"
    assert "<script>" not in page  # no inline script (CSP)


def test_workbench_panel_reminds_of_the_half_year_report(demo, time_machine):
    from django.test import RequestFactory

    from rouxing.reports.selectors import panels

    time_machine.move_to(dt.datetime(2025, 6, 20, 9, 0))
    request = RequestFactory().get("/")
    request.user = demo.user("sm_approver")
    panel = panels(request)[0]
    assert any(item["label"] == "2025年上半年柔性执法统计报表" and "07月05日前报送" in item["note"]
               for item in panel["items"])


def test_frozen_figure_drills_down_to_the_records_counted_at_submission(demo, known):
    from rouxing.reports import services
    from rouxing.reports.definition import Period
    from tests.reports.conftest import add_measure

    # given 三明's roll-up submitted, then a new 说服教育 record added
    sub = services.report_submit(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), period=Period.parse("2025"),
                                 rollup=True, contact_phone="1")
    late = add_measure(demo, known, "SM-YJJ", "sm_officer1", "persuasion", dt.date(2025, 9, 9))
    client = demo.client("sm_approver")
    # when the frozen 说服教育 total is opened
    page = client.get(reverse("reports:submission_cell", args=[sub.pk]) + "?col=persuasion").content.decode()
    # then it lists exactly the three records counted at submission, not the late one
    counted = [m for code in ("SM-YJJ", "JL-YJJ") for m in known.measures[(code, "persuasion")]
               if m.performed_on.year == 2025 and m.pk != late.pk]
    assert '<strong id="frozen-value">3</strong>' in page
    assert page.count('data-record="measure-') == 3 == len(counted)
    assert f'data-record="measure-{late.pk}"' not in page
    # and one bureau's row narrows the list to that bureau
    jl = demo.org("JL-YJJ").pk
    row = client.get(reverse("reports:submission_cell", args=[sub.pk]) + f"?col=persuasion&org={jl}").content.decode()
    assert row.count('data-record="measure-') == 1 and '<strong id="frozen-value">1</strong>' in row


def test_workbench_shows_the_reports_panel(demo, time_machine):
    time_machine.move_to(dt.datetime(2025, 12, 2, 9, 0))
    page = demo.client("sm_listadmin").get("/").content.decode()
    assert "统计报表报送提醒" in page and "2025年度柔性执法统计报表" in page and "12月30日前报送" in page
    supervisor = demo.client("sm_supervisor").get("/").content.decode()
    assert "五个百分之百与同案异罚预警" in supervisor


def test_decision_drill_down_shows_the_adopted_outcome(demo, known):
    finding = known.findings[("MX-YJJ", "reduced")][0]
    url = reverse("reports:cell") + f"?org={demo.org('MX-YJJ').pk}&period=2025&col=reduced"
    page = demo.client("mx_officer1").get(url).content.decode()
    assert f'data-record="finding-{finding.pk}"' in page and "<td>减轻行政处罚</td>" in page and finding.basis in page
