"""行政处罚告知书 and 行政处罚决定书 made, numbered and archived through the documents app (issue 16)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as open_docx

from rouxing.cases import services as svc
from rouxing.cases.selectors import case_deliveries
from rouxing.documents.models import DeliveryRecord, Document

from .conftest import reload
from .test_procedure_gates import WIDE


def text_of(doc) -> str:
    with doc.docx_file.open("rb") as fh:
        return "".join(p.text for p in open_docx(io.BytesIO(fh.read())).paragraphs)


def test_notice_and_decision_documents_follow_the_case_to_the_archive(sm):
    # given a case notified at 100,000 元 (hearing right: above 30,000 元 for a unit)
    case = sm.case(status="investigating", notified=False)
    type(case).objects.filter(pk=case.pk).update(engine_decision=WIDE)
    case = svc.case_notify(user=sm.officer, case=reload(case), expected_version=reload(case).lock_version,
                           notified_on=dt.date(2024, 10, 21), proposed_outcome="standard", proposed_fine=100000)
    case = reload(case)
    notice = case.notice_document
    # then the 告知书 is issued, numbered from the bureau's counter, and states the rights with their deadlines
    assert notice.status == Document.Status.ISSUED and notice.doc_type == "penalty_notice"
    assert notice.number.endswith("号") and "罚告〔2024〕" in notice.number
    text = text_of(notice)
    for expected in ("行政处罚告知书", sm.party.name, "罚款人民币100000元", "《安全生产法》第二十八条第四款",
                     "请于2024年10月24日前向本机关提出", "有权要求举行听证，请于2024年10月28日前提出", notice.number):
        assert expected in text, expected
    # when the case is reviewed, approved, discussed and decided after the period
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version,
                                     submitted_on=dt.date(2024, 10, 29))
    svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意",
                            reviewed_on=dt.date(2024, 10, 30))
    case = reload(case)
    svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    svc.collective_discussion_record(user=sm.approver, case=case, held_on=dt.date(2024, 10, 31), chair="局长",
                                     attendees="局长、副局长、法制科长", conclusion="同意")
    case = reload(case)
    decision = svc.decision_issue(user=sm.approver, case=case, expected_version=case.lock_version,
                                  outcome="standard", fine_amount=90000, reasoning="逾期未改正",
                                  decided_on=dt.date(2024, 11, 1))
    # then the 决定书 carries every element of art. 59 and its number is the decision's number
    doc = decision.document
    assert doc.doc_type == "penalty_decision" and decision.number == doc.number and "罚〔2024〕" in doc.number
    text = text_of(doc)
    for expected in (f"被处罚人：{sm.party.name}", "违法事实和证据", "罚款人民币90000元", "15日内",
                     "当事人在法定期限内未提出陈述、申辩", "六十日内依法向三明市人民政府申请行政复议", "六个月内",
                     "提起行政诉讼", "每日按罚款数额的百分之三加处罚款", "2024年11月1日", "三明市应急管理局"):
        assert expected in text, expected
    # when it is delivered, the delivery is the documents app's record of that issued document
    case = reload(case)
    svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision",
                        method="post", delivered_on=dt.date(2024, 11, 4), recipient="法定代表人",
                        address="三明市三元区工业路1号")
    record = DeliveryRecord.objects.get(document=doc)
    assert record.method == "post" and record.recipient == "法定代表人" and record.address == "三明市三元区工业路1号"
    assert list(case_deliveries(case)) == [record] and record.delivered_on == dt.date(2024, 11, 4)
    # and the closed case's archive holds both documents
    case = reload(case)
    execution = svc.execution_grant(user=sm.approver, case=case, expected_version=case.lock_version, kind="full",
                                    granted_on=dt.date(2024, 11, 5))
    inst = execution.instalments.get()
    svc.instalment_pay(user=sm.officer, instalment=inst, expected_version=inst.lock_version,
                       paid_on=dt.date(2024, 11, 10), paid_amount=90000)
    case = reload(case)
    svc.case_close(user=sm.officer, case=case, expected_version=case.lock_version, closed_on=dt.date(2024, 11, 12))
    case = reload(case)
    svc.case_archive(user=sm.officer, case=case, expected_version=case.lock_version)
    with zipfile.ZipFile(io.BytesIO(svc.archive_read_verified(reload(case)))) as archive:
        names = archive.namelist()
    assert any("行政处罚告知书" in n and notice.number in n for n in names)
    assert any("行政处罚决定书" in n and doc.number in n for n in names)
