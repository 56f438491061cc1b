"""Browser: the two paths of a case, as officers, reviewer and approver would click through them.

(a) inspection → finding on a 三明 list item (不予处罚清单 item 4) → no penalty with 行政告诫 and a
    保证承诺书 → reinspection corrected → closed (免罚不免责).
(b) finding → not corrected by the deadline → escalated (立案) → 告知 (告知书 downloaded) → statement with a
    hearing request → legal review returned once, then approved → approval → 听证通知, 听证报告 by the host →
    集体讨论 → statement answered → decision (决定书 downloaded) → delivered → 分期 granted by the 负责人 →
    one instalment paid late with its 加处罚款 → closed → return visit → archive with both documents.
"""

from __future__ import annotations

from conftest import login, screenshot
from playwright.sync_api import expect

SUBMIT = "main form.card button[type=submit]"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"e2e receipt"


def _verify_archive(page) -> None:
    """Download the archive zip and check every digest in its manifest."""
    import hashlib
    import io
    import json
    import zipfile

    href = page.locator("a", has_text="下载归档案卷").get_attribute("href")
    response = page.request.get(f"{page.base_url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.body())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for path, digest in manifest["files"].items():
            assert hashlib.sha256(archive.read(path)).hexdigest() == digest
        names = archive.namelist()
        assert any(name.endswith("缴款凭证.png") for name in names)
        assert any("行政处罚告知书" in name for name in names) and any("行政处罚决定书" in name for name in names)


def _party_and_violation():
    from rouxing.lists.models import Violation
    from rouxing.parties.models import Party

    party = Party.objects.filter(org__code="SM-YJJ", kind="enterprise", industry="general").order_by("pk").first()
    return party, Violation.objects.get(code="AQSC-097-04")


def _officer_pks():
    from rouxing.orgs.models import User

    return [User.objects.get(username=u).pk for u in ("sm_officer1", "sm_officer2")]


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _check_officers(page) -> None:
    for pk in _officer_pks():
        page.check(f"input[name=officers][value='{pk}']")


def _inspection_and_finding(page, party, violation, on: str) -> None:
    page.goto(f"{page.base_url}/cases/")
    expect(page.locator("h1")).to_have_text("案件办理")
    page.click("text=登记执法检查")
    page.select_option("#id_party", str(party.pk))
    page.fill("#id_inspected_on", on)
    page.fill("#id_place", "企业生产车间及培训室")
    _check_officers(page)
    page.click(SUBMIT)
    expect(page.locator("h1")).to_contain_text(party.name)
    expect(page.locator("#inspection-status")).to_have_text("检查中")
    page.click("#complete-form button[type=submit]")
    expect(page.locator("#inspection-status")).to_have_text("检查完毕")
    page.click("text=记录问题")
    page.select_option("#id_violation", str(violation.pk))
    page.fill("#id_description", "2024年三季度安全培训未如实记录")
    page.fill("#id_basis", "《中华人民共和国安全生产法》第二十八条第四款")
    page.fill("#id_cause", "安全员离职后培训档案无人负责")
    page.fill("#id_suggested_fix", "补记培训档案，指定专人负责记录")
    page.check("#id_substantive_compliance")
    page.click("#preview")
    expect(page.locator("#recommended-outcome")).to_have_text("不予行政处罚")
    expect(page.locator("#recommendation")).to_contain_text("第4项")
    page.click("#finding-form button[type=submit]")
    expect(page.locator("#chosen-outcome")).to_have_text("不予行政处罚")


def _order(page, issued_on: str) -> None:
    page.locator(".actions a", has_text="责令限期改正").click()
    page.fill("#id_issued_on", issued_on)
    page.fill("#id_period", "5")
    page.select_option("#id_day_kind", "workdays")
    page.click(SUBMIT)
    # 5 working days from 2024-09-27: 09-29 (调休 Sunday), 09-30, 10-08, 10-09, 10-10
    expect(page.locator("#orders")).to_contain_text("2024年10月10日")


def _reinspect(page, on: str, result: str, note: str) -> None:
    page.locator("#orders a", has_text="复查").click()
    page.fill("#id_inspected_on", on)
    page.select_option("#id_result", result)
    page.fill("#id_note", note)
    _check_officers(page)
    page.click(SUBMIT)


def test_path_a_first_violation_corrected_is_closed_without_penalty(page):
    party, violation = _party_and_violation()
    login(page, "sm_officer1")
    _inspection_and_finding(page, party, violation, "2024-09-27")
    # 行政告诫 (a flexible measure with its written record)
    page.locator(".actions a", has_text="记录柔性措施").click()
    page.select_option("#id_method", label="行政告诫")
    page.fill("#id_performed_on", "2024-09-27")
    page.fill("#id_content", "告诫企业按期补记培训档案，今后如实记录")
    page.click(SUBMIT)
    expect(page.locator("#measures")).to_contain_text("行政告诫")
    expect(page.locator("#measures")).to_contain_text("2024-09-27 行政告诫")
    # 保证承诺书
    page.locator(".actions a", has_text="登记承诺书").click()
    page.fill("#id_content", "保证于2024年10月10日前补记全部培训档案")
    page.fill("#id_signatory", "企业负责人")
    page.fill("#id_signed_on", "2024-09-27")
    page.fill("#id_deadline", "2024-10-10")
    page.click(SUBMIT)
    expect(page.locator("#commitments")).to_contain_text("保证承诺书")
    # 责令限期改正, then 复查: corrected
    _order(page, "2024-09-27")
    _reinspect(page, "2024-10-09", "corrected", "培训档案已补记完整")
    expect(page.locator("#finding-status")).to_have_text("已办结")
    expect(page.locator("#closing-note")).to_contain_text("免罚不免责")
    expect(page.locator("#decision")).to_contain_text("不予行政处罚")
    expect(page.locator("#return-visits")).to_contain_text("待回访")
    expect(page.locator("#documents-panel")).to_contain_text("执法文书")
    screenshot(page, "case_path_a_closed")


def _case_action(page, label: str) -> None:
    page.locator("#actions a", has_text=label).click()


def _legal_review(page, case_url: str, result: str, opinions: str) -> None:
    _as(page, "sm_reviewer")
    page.goto(case_url)
    _case_action(page, "法制审核")
    expect(page.locator("h1")).to_contain_text("法制审核")
    page.select_option("#id_result", result)
    page.fill("#id_opinions", opinions)
    page.click(SUBMIT)


def _docx_text(page, document_pk: int) -> str:
    """Download an issued document as the browser user and read its text."""
    import io

    from docx import Document as open_docx

    response = page.request.get(f"{page.base_url}/documents/{document_pk}/download/docx/")
    assert response.status == 200
    return "".join(p.text for p in open_docx(io.BytesIO(response.body())).paragraphs)


def _case_row():
    from rouxing.cases.models import Case

    return Case.objects.filter(org__code="SM-YJJ").order_by("-pk").first()


def test_path_b_overdue_case_through_review_decision_instalments_and_return_visit(page):
    party, violation = _party_and_violation()
    login(page, "sm_officer1")
    _inspection_and_finding(page, party, violation, "2024-09-27")
    _order(page, "2024-09-27")
    # not corrected by the deadline → 立案
    _reinspect(page, "2024-10-11", "overdue", "逾期仍未补记培训档案")
    expect(page.locator("#finding-status")).to_have_text("已立案")
    page.locator("main a", has_text="应急立〔2024〕").first.click()
    expect(page.locator("#case-status")).to_have_text("调查取证")
    expect(page.locator("#engine")).to_contain_text("逾期")
    case_url = page.url
    # 告知 (fine above the hearing threshold: the hearing right is notified, deadlines in working days)
    _case_action(page, "告知")
    page.fill("#id_notified_on", "2024-10-14")
    page.fill("#id_proposed_fine", "130000")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("已告知")
    expect(page.locator("#engine")).to_contain_text("已告知听证权利")
    expect(page.locator("#deadline-hearing_request")).to_contain_text("2024-10-21")
    expect(page.locator("#deadline-hearing_request")).to_contain_text("第六十四条第一项")
    notice_text = _docx_text(page, _case_row().notice_document_id)
    assert "行政处罚告知书" in notice_text and "罚款人民币130000元" in notice_text
    assert "请于2024年10月21日前提出" in notice_text
    # the party states its case and asks for a hearing within the five working days
    _case_action(page, "登记陈述申辩")
    page.fill("#id_statement", "对罚款数额有异议，要求听证")
    page.check("#id_hearing_requested")
    page.fill("#id_requested_on", "2024-10-16")
    page.click(SUBMIT)
    expect(page.locator("#hearing")).to_contain_text("听证报告作出前不得作出决定")
    _case_action(page, "提请法制审核")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("法制审核中")
    # the reviewer returns it once
    _legal_review(page, case_url, "returned", "询问笔录缺少当事人签字，请补正")
    expect(page.locator("#case-status")).to_have_text("调查取证")
    expect(page.locator("#reviews")).to_contain_text("退回补正")
    # the officer resubmits; the reviewer approves
    _as(page, "sm_officer1")
    page.goto(case_url)
    _case_action(page, "提请法制审核")
    page.fill("#id_note", "已补正询问笔录签字")
    page.click(SUBMIT)
    _legal_review(page, case_url, "approved", "事实清楚，证据确凿，程序合法，裁量适当")
    expect(page.locator("#case-status")).to_have_text("法制审核通过")
    # the 负责人 approves and notifies the hearing, hosted by the reviewer (not an investigator)
    _as(page, "sm_approver")
    page.goto(case_url)
    _case_action(page, "负责人审批")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("负责人已审批")
    from rouxing.orgs.models import User

    _case_action(page, "听证通知")
    page.select_option("#id_host", str(User.objects.get(username="sm_reviewer").pk))
    page.fill("#id_notified_on", "2024-10-16")
    page.fill("#id_held_on", "2024-10-28")
    page.fill("#id_place", "三明市应急管理局听证室")
    page.click(SUBMIT)
    expect(page.locator("#hearing")).to_contain_text("2024-10-28")
    # the 听证主持人 reports after the signed transcript
    _as(page, "sm_reviewer")
    page.goto(case_url)
    _case_action(page, "听证笔录与听证报告")
    page.check("#id_transcript_signed")
    page.fill("#id_report", "当事人未提出新的事实和证据，建议维持拟处罚意见")
    page.fill("#id_report_on", "2024-10-29")
    page.click(SUBMIT)
    expect(page.locator("#hearing")).to_contain_text("听证报告")
    # a fine above 50,000 元: the 负责人 discuss it collectively
    _as(page, "sm_approver")
    page.goto(case_url)
    _case_action(page, "登记集体讨论")
    page.fill("#id_held_on", "2024-10-30")
    page.fill("#id_chair", "局长")
    page.fill("#id_attendees", "局长、分管副局长、法制科科长")
    page.fill("#id_conclusion", "同意维持拟处罚意见")
    page.click(SUBMIT)
    expect(page.locator("#collective-discussions")).to_contain_text("分管副局长")
    # the officer answers the statement, then decides
    _as(page, "sm_officer1")
    page.goto(case_url)
    _case_action(page, "陈述申辩复核")
    page.select_option("#id_answer", "rejected")
    page.fill("#id_reason", "当事人未提出新的事实、理由和证据，听证报告建议维持")
    page.click(SUBMIT)
    _case_action(page, "作出处罚决定")
    page.fill("#id_fine_amount", "130000")
    page.fill("#id_decided_on", "2024-10-31")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("已作出决定")
    expect(page.locator("#fine")).to_have_text("130000")
    expect(page.locator("#deadline-delivery")).to_contain_text("第六十一条")
    decision_text = _docx_text(page, _case_row().decision.document_id)
    for expected in ("行政处罚决定书", f"被处罚人：{party.name}", "罚款人民币130000元", "听证报告意见",
                     "申请行政复议", "提起行政诉讼", "百分之三加处罚款", "2024年10月31日"):
        assert expected in decision_text, expected
    _case_action(page, "登记送达")
    page.select_option("#id_kind", "decision")
    page.select_option("#id_method", "direct")
    page.fill("#id_delivered_on", "2024-11-01")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("已送达")
    # 分期: on the party's written application, granted by the 负责人
    _as(page, "sm_approver")
    page.goto(case_url)
    _case_action(page, "安排执行")
    page.select_option("#id_kind", "instalments")
    page.fill("#id_granted_on", "2024-11-04")
    page.fill("#id_applied_on", "2024-11-01")
    page.fill("#id_reason", "企业资金周转困难，书面申请分两期缴纳")
    page.fill("#id_instalments", "65000,2024-12-04\n65000,2025-01-03")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("执行中")
    expect(page.locator("#execution")).to_contain_text("分期缴纳")
    # the first instalment on time, the second three days late with 65,000 × 3% × 3 = 5,850 元 加处罚款
    _as(page, "sm_officer1")
    page.goto(case_url)
    expect(page.locator("#late-fee")).to_contain_text("第七十二条")
    for due, paid_on, amount in (("2024-12-04", "2024-12-04", "65000"), ("2025-01-03", "2025-01-06", "70850")):
        page.locator("#execution a", has_text="登记缴款").first.click()
        page.fill("#id_paid_on", paid_on)
        page.fill("#id_paid_amount", amount)
        page.fill("#id_receipt_no", f"FJ{due.replace('-', '')}")
        page.click(SUBMIT)
    expect(page.locator("#execution")).to_contain_text("执行完毕")
    expect(page.locator("#late-fee")).to_contain_text("5850")
    _case_action(page, "结案")
    page.fill("#id_closed_on", "2024-12-30")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("已结案")
    # 回访 with the party's opinion of the officers' conduct
    page.locator("#return-visits a", has_text="登记回访").click()
    page.fill("#id_visited_on", "2025-01-20")
    page.fill("#id_execution_status", "罚款已分期缴清，培训档案已补记")
    page.fill("#id_conduct_opinion", "执法人员依法办案，文明廉洁")
    page.fill("#id_suggestions", "希望多开展安全培训指导")
    page.click(SUBMIT)
    expect(page.locator("#return-visits")).to_contain_text("已回访")
    expect(page.locator("#return-visits")).to_contain_text("文明廉洁")
    expect(page.locator("#timeline")).to_contain_text("法制审核结论")
    screenshot(page, "case_path_b_closed")
    # evidence (a PNG photo of the receipt), then 归档 and the archive's manifest
    page.set_input_files("#evidence input[type=file]", files=[
        {"name": "缴款凭证.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("#evidence input[name=step]", "执行")
    page.click("#evidence button[type=submit]")
    expect(page.locator("#evidence")).to_contain_text("缴款凭证.png")
    _case_action(page, "归档")
    page.click(SUBMIT)
    expect(page.locator("#case-status")).to_have_text("已归档")
    expect(page.locator("#actions")).to_have_count(0)
    _verify_archive(page)
