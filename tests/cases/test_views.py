"""Pages: role and bureau access (other bureau → 404, supervisors read only), forms keep what was typed,
the engine's recommendation via htmx, evidence upload/download, edit conflicts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rouxing.cases import services as svc
from rouxing.cases.models import Case, EvidenceFile
from rouxing.cases.urls import urlpatterns

from .conftest import reload

PK_ROUTES = [p.name for p in urlpatterns if "<int:pk>" in str(p.pattern) and "<str:kind>" not in str(p.pattern)]


@pytest.fixture
def objects(sm):
    """One object of 三明 for every route that takes a pk."""
    case = sm.case(status="notified")
    finding = case.findings.get()
    order = svc.rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 9, 27), period=5)
    evidence = svc.evidence_upload(user=sm.officer, org_id=sm.org.pk, case=case,
                                   upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n% views\n"))
    from rouxing.cases.models import ReturnVisit

    from .test_case_path import delivered_case

    paying = delivered_case(sm)
    execution = svc.execution_grant(user=sm.approver, case=paying, expected_version=paying.lock_version, kind="full",
                                    granted_on=dt.date(2024, 11, 8))

    commitment = svc.commitment_sign(user=sm.officer, party=sm.party, findings=[sm.finding()], content="按期整改",
                                     signatory="张三", deadline=dt.date(2024, 10, 30), signed_on=dt.date(2024, 10, 1))
    visit = ReturnVisit.objects.create(org=sm.org, party=sm.party, case=case, due_on=dt.date(2025, 1, 1))
    by_name = {"inspection": finding.inspection_id, "finding_new": finding.inspection_id,
               "finding_preview": finding.inspection_id, "commitment": commitment.pk, "reinspect": order.pk,
               "return_visit": visit.pk, "evidence_download": evidence.pk,
               "pay": execution.instalments.get().pk}
    for name in ("finding", "finding_edit", "measure_new", "commitment_new", "rectification_new", "finding_close"):
        by_name[name] = finding.pk
    return {"case": case, "ids": by_name}


@pytest.mark.parametrize("name", PK_ROUTES)
def test_other_bureau_gets_404_on_every_route(demo, objects, name):
    # given an officer of 明溪 and a 三明 record
    pk = objects["ids"].get(name, objects["case"].pk)
    # when they open it
    response = demo.client("mx_officer1").get(reverse(f"cases:{name}", args=[pk]))
    # then it does not exist for them
    assert response.status_code == 404


@pytest.mark.parametrize("name", [p.name for p in urlpatterns])
def test_anonymous_is_sent_to_login_everywhere(client, objects, name):
    from django.urls import NoReverseMatch

    try:
        url = reverse(f"cases:{name}", args=[objects["ids"].get(name, objects["case"].pk)])
    except NoReverseMatch:
        url = reverse(f"cases:{name}", args=["case", objects["case"].pk]) if "evidence" in name else reverse(
            f"cases:{name}")
    response = client.get(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username,status", [
    ("sm_officer1", 200), ("sm_reviewer", 200), ("sm_approver", 200), ("sm_supervisor", 200),
    ("sm_listadmin", 403), ("sysadmin", 403), ("auditadmin", 403),
])
def test_worklist_by_role(demo, username, status):
    assert demo.client(username).get(reverse("cases:worklist")).status_code == status


def test_supervisor_reads_the_case_but_cannot_act(demo, sm, objects):
    case = objects["case"]
    client = demo.client("sm_supervisor")
    page = client.get(reverse("cases:case", args=[case.pk]))
    assert page.status_code == 200 and case.number in page.content.decode()
    assert 'id="actions"' not in page.content.decode()
    response = client.post(reverse("cases:statement", args=[case.pk]),
                           {"lock_version": case.lock_version, "statement": "监督员不能写"})
    assert response.status_code == 403
    assert reload(case).statement == ""


def test_officer_cannot_open_the_legal_review_page_but_reviewer_can(demo, sm):
    case = sm.case(status="notified")
    svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    assert demo.client("sm_officer1").get(reverse("cases:review", args=[case.pk])).status_code == 403
    page = demo.client("sm_reviewer").get(reverse("cases:review", args=[case.pk]))
    assert page.status_code == 200 and "法制审核" in page.content.decode()


def test_decision_page_refuses_without_approved_review_and_says_why(demo, sm):
    case = sm.case(status="approved")
    response = demo.client("sm_officer1").post(reverse("cases:decision", args=[case.pk]), {
        "lock_version": case.lock_version, "outcome": "standard", "fine_amount": 20000, "reasoning": "理由",
        "decided_on": "2024-11-05"})
    assert response.status_code == 403
    assert "未经法制审核" in response.content.decode()
    assert reload(case).status == Case.Status.APPROVED


def test_finding_without_basis_shows_the_error_and_keeps_what_was_typed(demo, sm):
    from rouxing.lists.models import Violation

    inspection = sm.inspection()
    violation = Violation.objects.get(code="AQSC-097-04")
    response = demo.client("sm_officer1").post(reverse("cases:finding_new", args=[inspection.pk]), {
        "violation": violation.pk, "description": "培训记录缺失的独特描述", "basis": "", "cause": "疏忽",
        "suggested_fix": "补记", "corrected": "not_yet", "harm": "none"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "培训记录缺失的独特描述" in body and "errorlist" in body
    assert not inspection.findings.exists()


def test_htmx_preview_shows_the_engine_recommendation(demo, sm):
    from rouxing.lists.models import Violation

    party = demo.party("SM-YJJ", kind="enterprise", industry="general")
    inspection = svc.inspection_create(user=sm.officer, party=party, inspected_on=dt.date(2024, 9, 27), place="车间",
                                       officers=[sm.officer, sm.officer2])
    response = demo.client("sm_officer1").post(
        reverse("cases:finding_preview", args=[inspection.pk]),
        {"violation": Violation.objects.get(code="AQSC-097-04").pk, "corrected": "not_yet", "harm": "none",
         "substantive_compliance": "on"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "不予行政处罚" in body and "第4项" in body


def test_edit_conflict_on_the_page_is_refused_and_keeps_the_typed_text(demo, sm):
    finding = sm.finding()
    url = reverse("cases:finding_edit", args=[finding.pk])
    data = {"lock_version": finding.lock_version, "description": finding.description, "basis": finding.basis,
            "suggested_fix": finding.suggested_fix}
    assert demo.client("sm_officer1").post(url, {**data, "cause": "第一位的修改"}).status_code == 302
    response = demo.client("sm_officer2").post(url, {**data, "cause": "第二位的修改"})
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode() and "第二位的修改" in response.content.decode()
    assert reload(finding).cause == "第一位的修改"


def test_upload_with_mismatched_content_is_refused_on_the_page(demo, sm):
    case = sm.case()
    response = demo.client("sm_officer1").post(
        reverse("cases:evidence_upload", args=["case", case.pk]),
        {"file": SimpleUploadedFile("照片.jpg", b"%PDF-1.4\nnot a jpeg\n", "image/jpeg")}, follow=True)
    assert "文件内容与类型不符" in response.content.decode()
    assert not EvidenceFile.objects.filter(case=case).exists()


def test_download_is_an_attachment_with_nosniff_and_digest(demo, sm):
    case = sm.case()
    evidence = svc.evidence_upload(user=sm.officer, org_id=sm.org.pk, case=case,
                                   upload=SimpleUploadedFile("笔录.pdf", b"%PDF-1.4\n% download\n"))
    response = demo.client("sm_reviewer").get(reverse("cases:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Digest"] == f"sha-256={evidence.sha256}"
    assert response.content == b"%PDF-1.4\n% download\n"


def test_workbench_shows_the_cases_panel(demo, sm):
    svc.rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 9, 27), period=5)
    body = demo.client("sm_officer1").get("/").content.decode()
    assert "案件办理待办" in body and "复查" in body


def test_officer_marks_the_inspection_completed_supervisor_cannot(demo, sm):
    inspection = sm.inspection()
    url = reverse("cases:inspection", args=[inspection.pk])
    refused = demo.client("sm_supervisor").post(url, {"lock_version": inspection.lock_version})
    assert refused.status_code == 403 and reload(inspection).status == "in_progress"
    done = demo.client("sm_officer1").post(url, {"lock_version": inspection.lock_version, "note": "检查结束"})
    assert done.status_code == 302 and reload(inspection).status == "completed"


def test_other_bureau_post_is_404_and_changes_nothing(demo, sm):
    case = sm.case(status="investigating", notified=False)
    response = demo.client("mx_officer1").post(reverse("cases:notify", args=[case.pk]), {
        "lock_version": case.lock_version, "notified_on": "2024-10-21", "proposed_outcome": "standard",
        "proposed_fine": 20000})
    assert response.status_code == 404
    assert reload(case).status == "investigating" and reload(case).notified_on is None


def test_worklist_page_on_a_frozen_day_lists_overdue_and_due_orders(demo, sm):
    import time_machine

    late = svc.rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 9, 27), period=5)
    soon = svc.rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 10, 14), period=3)
    with time_machine.travel(dt.datetime(2024, 10, 14, 9, 0, tzinfo=dt.UTC), tick=False):
        body = demo.client("sm_officer1").get(reverse("cases:worklist")).content.decode()
    overdue, due = body.split('id="overdue"')[1].split('id="due"')
    assert late.deadline.isoformat() in overdue
    assert soon.deadline.isoformat() in due.split('id="waiting"')[0]
