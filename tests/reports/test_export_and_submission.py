"""The .xlsx export in the annex layout, the PDF, and the frozen submission."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from rouxing.reports import services
from rouxing.reports.definition import COLUMNS, Period, PeriodKind
from rouxing.reports.export import FIRST_DATA_ROW, HEADER_ROW, build_xlsx, to_pdf
from rouxing.reports.selectors import build_snapshot

ANNEX_HEADERS = ["不予行政处罚（件）", "减轻行政处罚（件）", "从轻行政处罚（件）", "不予行政强制（件）", "说服教育（件）",
                 "劝导示范（件）", "行政指导（人次）", "行政奖励（人次）", "行政和解（件）", "行政建议（人次）",
                 "行政提示（人次）", "行政约谈（件）", "行政告诫（件）", "行政回访（件）", "其他（件）"]


def rollup_snapshot(demo, period):
    return build_snapshot(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), period=period, rollup=True,
                          contact_phone="0598-8230110", filled_on=dt.date(2025, 12, 20))


def test_xlsx_has_the_annex_title_headers_and_cells(demo, known, period_2025):
    # given the roll-up of 三明 for 2025
    snap = rollup_snapshot(demo, period_2025)
    # when exported and read back
    ws = load_workbook(io.BytesIO(build_xlsx(snap))).active
    # then title, 填报单位/时间/电话, the fifteen headers and every figure are as computed
    assert ws.cell(1, 1).value == "2025年度柔性执法统计报表"
    assert "A1:P1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(2, 1).value == "填报单位：三明市应急管理局"
    info = [c.value for c in ws[2] if c.value]
    assert info == ["填报单位：三明市应急管理局", "填报时间：2025-12-20", "联系电话：0598-8230110"]
    assert [ws.cell(HEADER_ROW, 2 + i).value for i in range(15)] == ANNEX_HEADERS
    for offset, row in enumerate(snap["rows"]):
        assert ws.cell(FIRST_DATA_ROW + offset, 1).value == row["label"]
        assert [ws.cell(FIRST_DATA_ROW + offset, 2 + i).value for i in range(15)] == [
            row["values"][c.key] for c in COLUMNS]
    total_row = FIRST_DATA_ROW + len(snap["rows"])
    assert ws.cell(total_row, 1).value == "合计"
    assert [ws.cell(total_row, 2 + i).value for i in range(15)] == [2, 1, 1, 1, 3, 0, 8, 0, 0, 4, 10, 1, 1, 1, 1]
    notes = [ws.cell(r, 1).value for r in range(total_row + 1, total_row + 4)]
    assert notes[0] == "填表说明：" and notes[1].startswith("1. 所有事项的统计数量都应当具有实施该类柔性执法行为的文字记录")


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_pdf_is_produced_by_libreoffice(demo, known, period_2025):
    pdf = to_pdf(rollup_snapshot(demo, period_2025))
    assert pdf is not None and pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())
        assert "2025年度柔性执法统计报表" in flat
        assert "填报单位：三明市应急管理局" in flat and "行政指导" in flat


def test_submitted_report_stays_frozen_after_new_records(demo, known, period_2025):
    from tests.reports.conftest import add_measure

    # given 三明's annual report submitted by its 负责人
    sub = services.report_submit(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), period=period_2025,
                                 rollup=False, contact_phone="0598-8230110")
    frozen = sub.snapshot["figures"]["persuasion"]
    digest = sub.sha256
    # when a new 说服教育 record of 2025 is added
    add_measure(demo, known, "SM-YJJ", "sm_officer1", "persuasion", dt.date(2025, 9, 9))
    # then the live figure changes but the submission (snapshot, file, digest) does not
    live = build_snapshot(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), period=period_2025, rollup=False)
    assert live["figures"]["persuasion"] == frozen + 1
    sub.refresh_from_db()
    assert sub.snapshot["figures"]["persuasion"] == frozen == 2
    assert sub.sha256 == digest and services.submission_verify(submission=sub)
    ws = load_workbook(sub.xlsx.open("rb")).active
    assert ws.cell(FIRST_DATA_ROW, 2 + 4).value == 2


def test_second_submission_needs_a_correction_reason(demo, known, period_2025):
    org, user = demo.org("SM-YJJ"), demo.user("sm_approver")
    services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1")
    with pytest.raises(ValidationError) as exc:
        services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1")
    assert "更正理由" in str(exc.value)
    second = services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1",
                                    correction_reason="补录9月记录")
    assert second.revision == 2


def test_officer_cannot_submit_and_nothing_is_stored(demo, known, period_2025):
    from rouxing.reports.models import ReportSubmission

    with pytest.raises(PermissionDenied):
        services.report_submit(user=demo.user("sm_officer1"), org=demo.org("SM-YJJ"), period=period_2025,
                               rollup=False, contact_phone="1")
    with pytest.raises(PermissionDenied):
        services.report_submit(user=demo.user("mx_approver"), org=demo.org("SM-YJJ"), period=period_2025,
                               rollup=False, contact_phone="1")
    assert not ReportSubmission.objects.exists()


def test_tampered_file_is_detected(demo, known):
    sub = services.report_submit(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"),
                                 period=Period(PeriodKind.MONTH, 2025, 3), rollup=False, contact_phone="1")
    with open(sub.xlsx.path, "ab") as fh:
        fh.write(b"x")
    assert services.submission_verify(submission=sub) is False
