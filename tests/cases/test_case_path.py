"""The case after the decision: delivery, 暂缓/分期 execution, closing, return visit, archive."""

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rouxing.cases import services as svc
from rouxing.cases.models import Case, Execution, FlexibleMeasure, ReturnVisit
from rouxing.core.models import AuditEvent

from .conftest import reload


def decided_case(sm, fine=20000):
    case = sm.case(status="notified")
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    case = reload(case)
    svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    case = reload(case)
    svc.decision_issue(user=sm.officer, case=case, expected_version=case.lock_version, outcome="standard",
                       fine_amount=fine, reasoning="逾期未改正", decided_on=dt.date(2024, 11, 5))
    return reload(case)


def delivered_case(sm):
    case = decided_case(sm)
    svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision", method="direct",
                        delivered_on=dt.date(2024, 11, 6), recipient="企业负责人")
    return reload(case)


def closed_case(sm):
    case = delivered_case(sm)
    execution = svc.execution_grant(user=sm.approver, case=case, expected_version=case.lock_version,
                                    kind="instalments", granted_on=dt.date(2024, 11, 8), reason="经营困难，申请分期",
                                    applied_on=dt.date(2024, 11, 7),
                                    instalments=[(10000, dt.date(2024, 12, 8)), (10000, dt.date(2025, 1, 8))])
    for inst in execution.instalments.all():
        svc.instalment_pay(user=sm.officer, instalment=inst, expected_version=inst.lock_version,
                           paid_on=inst.due_on, paid_amount=inst.amount, receipt_no=f"R{inst.seq}")
    case = reload(case)
    svc.case_close(user=sm.officer, case=case, expected_version=case.lock_version, closed_on=dt.date(2025, 1, 9))
    return reload(case)


def test_electronic_delivery_without_consent_is_refused(sm):
    case = decided_case(sm)
    with pytest.raises(ValidationError, match="确认书"):
        svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision", method="electronic",
                            delivered_on=dt.date(2024, 11, 6), recipient="企业")
    assert reload(case).status == Case.Status.DECIDED


def test_instalments_must_add_up_to_the_fine(sm):
    case = delivered_case(sm)
    with pytest.raises(ValidationError, match="合计"):
        svc.execution_grant(user=sm.approver, case=case, expected_version=case.lock_version, kind="instalments",
                            granted_on=dt.date(2024, 11, 8), reason="困难", applied_on=dt.date(2024, 11, 7),
                            instalments=[(10000, dt.date(2024, 12, 8)), (5000, dt.date(2025, 1, 8))])
    assert not Execution.objects.filter(case=case).exists()


def test_case_cannot_close_while_an_instalment_is_unpaid(sm):
    case = delivered_case(sm)
    execution = svc.execution_grant(user=sm.approver, case=case, expected_version=case.lock_version,
                                    kind="deferred", granted_on=dt.date(2024, 11, 8), reason="暂时困难",
                                    applied_on=dt.date(2024, 11, 7),
                                    deferred_until=dt.date(2025, 2, 1))
    assert execution.instalments.get().due_on == dt.date(2025, 2, 1)
    case = reload(case)
    with pytest.raises(ValidationError, match="尚未缴清"):
        svc.case_close(user=sm.officer, case=case, expected_version=case.lock_version, closed_on=dt.date(2025, 1, 9))


def test_closing_schedules_a_return_visit_and_recording_it_counts_a_measure(sm, settings):
    # given a closed case and a 20-day return-visit setting
    settings.CASES_RETURN_VISIT_DAYS = 20
    case = closed_case(sm)
    visit = ReturnVisit.objects.get(case=case)
    assert visit.due_on == dt.date(2025, 1, 29)
    # when the visit is recorded with the party's opinion of the officers
    svc.return_visit_record(user=sm.officer, visit=visit, expected_version=visit.lock_version,
                            visited_on=dt.date(2025, 1, 28), execution_status="罚款已分期缴清，问题已整改",
                            conduct_opinion="执法人员依法办案，态度文明，廉洁", suggestions="希望多开展培训")
    # then it is done and counted once as 行政回访
    visit = reload(visit)
    assert visit.status == ReturnVisit.Status.DONE and "廉洁" in visit.conduct_opinion
    assert FlexibleMeasure.objects.filter(case=case, method__code="return_visit").count() == 1


def test_archive_zip_manifest_digests_verify(sm):
    # given a closed case with a piece of evidence
    case = closed_case(sm)
    pdf = b"%PDF-1.4\n% archive test\n"
    svc.evidence_upload(user=sm.officer, org_id=sm.org.pk, upload=SimpleUploadedFile("决定书签收.pdf", pdf),
                        case=case, step="送达")
    case = reload(case)
    # when archived
    svc.case_archive(user=sm.officer, case=case, expected_version=case.lock_version)
    case = reload(case)
    data = svc.archive_read_verified(case)
    # then every file listed in the manifest has the digest it claims
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        for path, digest in manifest["files"].items():
            assert hashlib.sha256(archive.read(path)).hexdigest() == digest
        audit = json.loads(archive.read("audit_log.json"))
    assert {"case.json", "decision_trace.json", "audit_log.json", "manifest.json"} <= names
    assert any(n.startswith("evidence/") and n.endswith("决定书签收.pdf") for n in names)
    assert {"cases.case.decide", "cases.instalment.pay", "cases.case.close"} <= {e["event"] for e in audit}
    assert case.status == Case.Status.ARCHIVED
    assert hashlib.sha256(data).hexdigest() == case.archive_sha256


def test_archived_case_is_frozen(sm):
    case = closed_case(sm)
    svc.case_archive(user=sm.officer, case=case, expected_version=case.lock_version)
    case = reload(case)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="已归档"):
        svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision", method="direct",
                            delivered_on=dt.date(2025, 2, 1), recipient="x")
    with pytest.raises(ValidationError, match="已归档"):
        svc.evidence_upload(user=sm.officer, org_id=sm.org.pk, case=case,
                            upload=SimpleUploadedFile("late.pdf", b"%PDF-1.4\n"))
    assert AuditEvent.objects.count() == events


def test_investigation_stage_case_closes_only_as_no_penalty_with_the_note(sm):
    case = sm.case(status="investigating", notified=False)
    with pytest.raises(ValidationError, match="不予行政处罚"):
        svc.case_close(user=sm.officer, case=case, expected_version=case.lock_version, closed_on=dt.date(2024, 11, 1))
    Case.objects.filter(pk=case.pk).update(proposed_outcome="no_penalty")
    case = reload(case)
    svc.case_close(user=sm.officer, case=case, expected_version=case.lock_version, closed_on=dt.date(2024, 11, 1))
    case = reload(case)
    assert case.status == Case.Status.CLOSED and case.closing_note.startswith("免罚不免责")
    assert case.findings.get().status == "closed"
