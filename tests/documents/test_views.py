"""Pages of the documents app as officers, reviewers, administrators and supervisors use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rouxing.core.models import AuditEvent
from rouxing.documents import services
from rouxing.documents.models import DeliveryRecord, Document

from .conftest import CASE_VALUES, draft_from_case


def _png(width: int = 40, height: int = 40) -> bytes:
    """A valid red square PNG (what a scanner or a seal export produces, in small)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PNG = _png()


def issued(demo_case, doc_type="warning"):
    draft = draft_from_case(demo_case, doc_type, CASE_VALUES[doc_type])
    return services.document_issue(user=demo_case.issuer(doc_type), document=draft, issue_date=dt.date(2024, 5, 10),
                                   convert_pdf=False)


def test_index_lists_issued_documents_with_numbers_and_filters_by_type(demo_case, demo):
    warning, suggestion = issued(demo_case, "warning"), issued(demo_case, "suggestion")
    client = demo.client("sm_officer2")
    page = client.get("/documents/").content.decode()
    assert warning.number in page and suggestion.number in page
    filtered = client.get("/documents/?type=warning").content.decode()
    assert warning.number in filtered and suggestion.number not in filtered


def test_header_links_the_documents_index(demo):
    page = demo.client("sm_officer1").get("/documents/").content.decode()
    assert 'href="/documents/"' in page and "执法文书" in page


def test_new_document_page_is_filled_from_the_case(demo_case, demo):
    order = demo_case.order
    url = f"/documents/new/?type=rectification&source_type=cases.RectificationOrder&source_id={order.pk}"
    page = demo.client("sm_officer1").get(url).content.decode()
    assert demo_case.finding.description in page
    assert order.deadline.isoformat() in page
    assert "35040021002" in page


def test_live_preview_shows_the_filled_document_without_saving(demo_case, demo):
    before = Document.objects.count()
    order = demo_case.order
    response = demo.client("sm_officer1").post("/documents/new/", {
        "type": "warning", "source_type": "cases.RectificationOrder", "source_id": order.pk,
        "facts": "安全出口被货物堵塞", "legal_basis": "《中华人民共和国安全生产法》第四十二条第二款",
        "deadline": "2024-06-20"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="preview"' in html and "<html" not in html
    assert "安全出口被货物堵塞" in html and "2024年6月20日前" in html and demo_case.party.name in html
    assert Document.objects.count() == before


def test_save_then_issue_from_the_pages(demo_case, demo):
    client = demo.client("sm_officer1")
    response = client.post("/documents/new/", {
        "type": "warning", "source_type": "cases.Finding", "source_id": demo_case.finding.pk, "action": "save",
        "facts": "未通报隐患排查治理情况", "legal_basis": "《中华人民共和国安全生产法》第四十一条第二款",
        "deadline": "2024-06-20"})
    doc = Document.objects.filter(source_type="cases.Finding", source_id=str(demo_case.finding.pk)).get()
    assert response.status_code == 302 and doc.status == "draft" and doc.party_id == demo_case.party.pk
    assert "未通报隐患排查治理情况" in client.get(f"/documents/{doc.pk}/").content.decode()
    client.post(f"/documents/{doc.pk}/issue/")
    doc.refresh_from_db()
    assert doc.status == "issued" and doc.number.startswith("明应急告〔")
    assert doc.number in client.get(f"/documents/{doc.pk}/").content.decode()


def test_form_keeps_what_was_typed_when_a_blank_is_missing(demo_case, demo):
    response = demo.client("sm_officer1").post("/documents/new/", {
        "type": "warning", "source_type": "cases.Finding", "source_id": demo_case.finding.pk, "action": "save",
        "facts": "我输入的事实", "legal_basis": "", "deadline": "2024-06-20"})
    html = response.content.decode()
    assert response.status_code == 400 and "请填写“法律法规名称、条款”" in html and "我输入的事实" in html


@pytest.mark.parametrize("path", ["/documents/{pk}/", "/documents/{pk}/download/docx/"])
def test_another_bureau_gets_404(demo_case, demo, path):
    doc = issued(demo_case)
    assert demo.client("mx_officer1").get(path.format(pk=doc.pk)).status_code == 404


def test_other_bureau_case_cannot_be_a_source(demo_case, demo):
    url = f"/documents/new/?type=warning&source_type=cases.Finding&source_id={demo_case.finding.pk}"
    assert demo.client("mx_officer1").get(url).status_code == 404


def test_supervisor_reads_and_downloads_but_cannot_issue_or_void(demo_case, demo):
    doc = issued(demo_case)
    draft = draft_from_case(demo_case, "suggestion", CASE_VALUES["suggestion"])
    client = demo.client("sm_supervisor")
    assert client.get(f"/documents/{doc.pk}/").status_code == 200
    assert client.get(f"/documents/{doc.pk}/download/docx/").status_code == 200
    assert client.post(f"/documents/{draft.pk}/issue/").status_code == 403
    assert client.post(f"/documents/{doc.pk}/void/", {"reason": "x"}).status_code == 403
    draft.refresh_from_db()
    doc.refresh_from_db()
    assert draft.status == "draft" and doc.status == "issued"


def test_download_is_an_attachment_with_nosniff_and_is_audited(demo_case, demo):
    doc = issued(demo_case)
    response = demo.client("sm_officer2").get(f"/documents/{doc.pk}/download/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert response.content.startswith(b"PK")
    event = AuditEvent.objects.filter(event="documents.download", object_id=str(doc.pk)).get()
    assert event.actor.username == "sm_officer2" and event.detail["number"] == doc.number


def test_a_tampered_file_is_not_served(demo_case, demo):
    doc = issued(demo_case)
    with open(doc.docx_file.path, "ab") as fh:
        fh.write(b"tampered")
    response = demo.client("sm_officer1").get(f"/documents/{doc.pk}/download/docx/", follow=True)
    assert "摘要与签发时不符" in response.content.decode()
    assert not AuditEvent.objects.filter(event="documents.download", object_id=str(doc.pk)).exists()


def test_reviewer_voids_with_a_reason(demo_case, demo):
    doc = issued(demo_case)
    demo.client("sm_reviewer").post(f"/documents/{doc.pk}/void/", {"reason": "送达对象有误"})
    doc.refresh_from_db()
    assert doc.status == "voided" and doc.void_reason == "送达对象有误"
    assert AuditEvent.objects.filter(event="documents.void", object_id=str(doc.pk)).exists()


def test_delivery_with_a_signed_scan_is_recorded_with_its_digest(demo_case, demo):
    import hashlib

    doc = issued(demo_case)
    response = demo.client("sm_officer1").post(f"/documents/{doc.pk}/delivery/", {
        "deliverer": "林建平、郑晓燕", "recipient": "许志强", "delivered_at": "2024-05-10T15:30",
        "method": "direct", "scan": SimpleUploadedFile("签收.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    row = DeliveryRecord.objects.get(document=doc)
    assert row.scan_content_type == "image/png" and row.scan_sha256 == hashlib.sha256(PNG).hexdigest()
    assert row.copies == 2 and row.recipient == "许志强"
    assert AuditEvent.objects.filter(event="documents.delivery", object_id=str(doc.pk)).exists()


def test_a_scan_that_is_not_an_image_or_pdf_is_refused(demo_case, demo):
    doc = issued(demo_case)
    response = demo.client("sm_officer1").post(f"/documents/{doc.pk}/delivery/", {
        "deliverer": "林建平", "recipient": "许志强", "delivered_at": "2024-05-10T15:30", "method": "direct",
        "scan": SimpleUploadedFile("签收.png", b"<html>not an image</html>", content_type="image/png")})
    assert response.status_code == 400
    assert "须为 PDF、PNG 或 JPEG 文件" in response.content.decode()
    assert not DeliveryRecord.objects.filter(document=doc).exists()


def test_list_admin_changes_settings_and_an_officer_cannot(demo):
    admin = demo.client("sm_listadmin")
    row = services.bureau_settings_for(demo.org("SM-YJJ"))
    response = admin.post("/documents/settings/", {
        "display_name": "三明市应急管理局", "short_name": "明应急", "contact_person": "许文静",
        "contact_phone": "0598-8230112", "address": "三明市三元区", "lock_version": row.lock_version,
        "pattern_warning": "{short}告〔{year}〕{seq}号"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.contact_person == "许文静" and row.number_patterns == {"warning": "{short}告〔{year}〕{seq}号"}
    assert demo.client("sm_officer1").get("/documents/settings/").status_code == 403


def test_settings_refuse_a_bad_pattern_and_keep_the_input(demo):
    row = services.bureau_settings_for(demo.org("SM-YJJ"))
    response = demo.client("sm_approver").post("/documents/settings/", {
        "display_name": "三明市应急管理局", "short_name": "明应急", "lock_version": row.lock_version,
        "contact_person": "新联系人", "pattern_warning": "告〔{year}〕号"})
    html = response.content.decode()
    assert response.status_code == 400 and "必须包含" in html and "新联系人" in html


def test_case_archive_receives_the_case_documents(demo_case):
    from rouxing.documents.selectors import case_documents

    case = _escalated_case(demo_case)
    doc = issued(demo_case, "rectification")  # from the order of the case's finding
    services.delivery_record(user=demo_case.officer, document=doc, deliverer="林建平", recipient="许志强",
                             delivered_at=dt.datetime(2024, 5, 10, 15, 30, tzinfo=dt.UTC), method="direct", scan=PNG)
    files = dict(case_documents(case))
    assert any(doc.number in name and name.endswith(".docx") for name in files)
    assert PNG in files.values()


def _escalated_case(demo_case):
    from rouxing.cases.models import Case

    case = Case.objects.create(org=demo_case.org, party=demo_case.party, number="明应急立〔2024〕1号", title="测试",
                               registered_on=dt.date(2024, 5, 25), registered_by=demo_case.officer)
    demo_case.finding.case = case
    demo_case.finding.save(update_fields=["case"])
    return case


def test_delivery_scan_downloads_as_attachment_and_is_audited(demo_case, demo):
    doc = issued(demo_case)
    row = services.delivery_record(user=demo_case.officer, document=doc, deliverer="林建平", recipient="许志强",
                                   delivered_at=dt.datetime(2024, 5, 10, 15, 30, tzinfo=dt.UTC), method="direct",
                                   scan=PNG)
    response = demo.client("sm_supervisor").get(f"/documents/{doc.pk}/delivery/{row.pk}/scan/")
    assert response.status_code == 200 and response.content == PNG
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(event="documents.delivery.scan_download", object_id=str(doc.pk)).exists()


def test_seal_image_from_settings_is_printed_on_issued_documents(demo_case, demo):
    import io

    from docx import Document as open_docx

    org = demo.org("SM-YJJ")
    row = services.bureau_settings_for(org)
    services.bureau_settings_update(user=demo.user("sm_approver"), org=org, expected_version=row.lock_version,
                                    data={"display_name": row.display_name, "short_name": row.short_name},
                                    seal_png=PNG)
    doc = issued(demo_case)
    with doc.docx_file.open("rb") as fh:
        data = open_docx(io.BytesIO(fh.read()))
    assert len(data.inline_shapes) == 1
    assert "（印章）" not in "\n".join(p.text for p in data.paragraphs)


def test_seal_that_is_not_a_png_is_refused(demo):
    from django.core.exceptions import ValidationError

    org = demo.org("SM-YJJ")
    row = services.bureau_settings_for(org)
    with pytest.raises(ValidationError, match="PNG"):
        services.bureau_settings_update(user=demo.user("sm_approver"), org=org, expected_version=row.lock_version,
                                        data={"display_name": row.display_name, "short_name": row.short_name},
                                        seal_png=b"GIF89a....")
    with pytest.raises(ValidationError, match="已损坏"):
        services.bureau_settings_update(user=demo.user("sm_approver"), org=org, expected_version=row.lock_version,
                                        data={"display_name": row.display_name, "short_name": row.short_name},
                                        seal_png=PNG[:30])


def test_case_page_panel_lists_the_documents_and_offers_the_types_of_the_step(demo_case, demo, rf):
    from django.template import Context, Template

    doc = issued(demo_case, "rectification")  # made from the rectification order
    request = rf.get("/")
    request.user = demo.user("sm_officer2")
    html = Template("{% load documents %}{% document_panel order %}").render(
        Context({"request": request, "order": demo_case.order}))
    assert doc.number in html
    assert "制作责令限期整改指令书" in html and "source_type=cases.RectificationOrder" in html
    request.user = demo.user("sm_supervisor")  # reads, makes nothing
    html = Template("{% load documents %}{% document_panel order %}").render(
        Context({"request": request, "order": demo_case.order}))
    assert doc.number in html and "制作" not in html


def test_workbench_shows_documents_awaiting_delivery(demo_case, demo):
    doc = issued(demo_case)
    page = demo.client("sm_officer1").get("/").content.decode()
    assert "执法文书待办" in page and doc.number in page


def test_draft_edit_saves_and_a_stale_edit_is_refused_keeping_the_input(demo_case, demo):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    client = demo.client("sm_officer1")
    data = {**CASE_VALUES["warning"], "facts": "改写后的事实", "lock_version": draft.lock_version}
    assert client.post(f"/documents/{draft.pk}/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.fields["facts"] == "改写后的事实" and draft.fields["party_name"] == demo_case.party.name
    # a second editor still holding the old version is told, and nothing is overwritten
    stale = client.post(f"/documents/{draft.pk}/edit/", {**data, "facts": "过期的修改"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    assert "过期的修改" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.fields["facts"] == "改写后的事实"


def test_list_publication_without_a_chosen_version_uses_the_lists_in_force(demo):
    page = demo.client("sm_listadmin").get("/documents/new/?type=list_publication").content.decode()
    assert "2022-1" in page and "2022-05-01" in page


def test_supervisors_see_the_documents_of_the_bureaus_they_supervise_only(demo_case, demo):
    doc = issued(demo_case)
    assert doc.number in demo.client("sm_supervisor").get("/documents/").content.decode()
    assert doc.number not in demo.client("mx_supervisor").get("/documents/").content.decode()


def test_case_archive_zip_holds_the_issued_documents(demo_case):
    import io
    import zipfile

    from rouxing.cases.services import build_archive

    case = _escalated_case(demo_case)
    doc = issued(demo_case, "warning")  # from the rectification order of the case's finding
    with zipfile.ZipFile(io.BytesIO(build_archive(case))) as archive:
        names = archive.namelist()
        stored = next(n for n in names if n.startswith("documents/") and doc.number in n)
        with doc.docx_file.open("rb") as fh:
            assert archive.read(stored) == fh.read()
