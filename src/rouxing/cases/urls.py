"""URLs of the cases app (mounted at /cases/)."""

from django.urls import path

from .views import cases, evidence, inspections, integrity, publicity

app_name = "cases"
urlpatterns = [
    path("", inspections.worklist, name="worklist"),
    path("inspections/new/", inspections.inspection_create, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/findings/new/", inspections.finding_create, name="finding_new"),
    path("inspections/<int:pk>/findings/preview/", inspections.finding_preview, name="finding_preview"),
    path("findings/<int:pk>/", inspections.finding_detail, name="finding"),
    path("findings/<int:pk>/edit/", inspections.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/measures/new/", inspections.measure_create, name="measure_new"),
    path("findings/<int:pk>/commitments/new/", inspections.commitment_create, name="commitment_new"),
    path("findings/<int:pk>/rectification/new/", inspections.rectification_create, name="rectification_new"),
    path("findings/<int:pk>/close/", inspections.finding_close, name="finding_close"),
    path("commitments/<int:pk>/", inspections.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/void/", integrity.commitment_void, name="commitment_void"),
    path("measures/<int:pk>/void/", integrity.measure_void, name="measure_void"),
    path("findings/<int:pk>/void/", integrity.finding_void, name="finding_void"),
    path("findings/<int:pk>/correct/", integrity.finding_correct, name="finding_correct"),
    path("orders/<int:pk>/reinspect/", inspections.reinspection_create, name="reinspect"),
    path("<int:pk>/", cases.case_detail, name="case"),
    path("<int:pk>/notify/", cases.case_notify, name="notify"),
    path("<int:pk>/statement/", cases.case_statement, name="statement"),
    path("<int:pk>/review/submit/", cases.review_submit, name="review_submit"),
    path("<int:pk>/review/", cases.review_decide, name="review"),
    path("<int:pk>/approve/", cases.case_approve, name="approve"),
    path("<int:pk>/decision/", cases.decision_issue, name="decision"),
    path("<int:pk>/decision/publish/", publicity.decision_publish, name="decision_publish"),
    path("<int:pk>/decision/withdraw/", publicity.decision_publicity_withdraw, name="decision_withdraw"),
    path("<int:pk>/decision/publicity-deadline/", publicity.decision_publicity_deadline,
         name="decision_publicity_deadline"),
    path("<int:pk>/delivery/", cases.delivery_record, name="delivery"),
    path("<int:pk>/execution/", cases.execution_grant, name="execution"),
    path("<int:pk>/close/", cases.case_close, name="close"),
    path("<int:pk>/archive/", cases.case_archive, name="archive"),
    path("<int:pk>/archive.zip", evidence.archive_download, name="archive_download"),
    path("instalments/<int:pk>/pay/", cases.instalment_pay, name="pay"),
    path("return-visits/<int:pk>/", cases.return_visit, name="return_visit"),
    path("evidence/<str:kind>/<int:pk>/upload/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/download/", evidence.evidence_download, name="evidence_download"),
]
