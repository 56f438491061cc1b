"""备案 by the supervising 司法局 (issue 13): the bureau submits, only the 司法局监督员 accepts (备案号 and a
date never in the future) or returns with reasons, and corrects a wrong 备案号/date with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from rouxing.core.models import AuditEvent
from rouxing.lists import filing, services
from rouxing.lists.models import ListFiling, ListVersion

try:
    from lists_testdata import make_draft
except ImportError:  # tests/lists collected as a package
    from .lists_testdata import make_draft  # type: ignore[no-redef]

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(demo):
    admin = demo.user("sm_listadmin")
    draft = make_draft(admin)
    return services.version_submit(version=draft, user=admin)


def _state(version):
    version = ListVersion.objects.get(pk=version.pk)
    return version.status, version.filing_no, version.filing_date, version.filed_with_id, version.filings.count()


@pytest.mark.parametrize("username", ["sm_listadmin", "sm_approver", "mx_supervisor"])
def test_only_the_supervising_justice_bureau_files_and_nothing_changes_otherwise(demo, submitted, username):
    before = _state(submitted)
    with pytest.raises(PermissionDenied, match="司法局监督员"):
        filing.version_file(version=submitted, user=demo.user(username), filing_no="明司备〔2026〕7号",
                            filing_date=timezone.localdate())
    assert _state(submitted) == before


def test_bureau_admin_posting_file_gets_403_and_nothing_changes(demo, submitted):
    before = _state(submitted)
    response = demo.client("sm_listadmin").post(reverse("lists:version_file", args=[submitted.pk]),
                                                {"filing_no": "自拟备案号", "filing_date": "2026-01-01"})
    assert response.status_code == 403
    assert _state(submitted) == before


def test_supervisor_accepts_with_an_assigned_number_and_today(demo, submitted):
    today = timezone.localdate()
    version = filing.version_file(version=submitted, user=demo.user("sm_supervisor"), filing_date=today)
    version.refresh_from_db()
    assert version.status == ListVersion.Status.FILED
    assert version.filing_no == f"三明市司法局备〔{today.year}〕1号" or version.filing_no.endswith(f"〔{today.year}〕1号")
    assert version.filing_date == today and version.filed_with.code == "SM-SFJ"
    assert list(version.filings.values_list("action", flat=True)) == ["submit", "accept"]
    assert AuditEvent.objects.filter(event="list_version.file", object_id=str(version.pk)).exists()


def test_filing_date_in_the_future_is_refused_and_nothing_changes(demo, submitted):
    before = _state(submitted)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="备案日期不能晚于今天"):
        filing.version_file(version=submitted, user=demo.user("sm_supervisor"), filing_no="明司备〔2027〕1号",
                            filing_date=tomorrow)
    assert _state(submitted) == before


def test_future_date_on_the_page_shows_the_message_and_keeps_the_version_submitted(demo, submitted):
    next_year = timezone.localdate() + dt.timedelta(days=365)
    response = demo.client("sm_supervisor").post(reverse("lists:version_file", args=[submitted.pk]),
                                                 {"filing_no": "明司备〔2027〕1号", "filing_date": next_year.isoformat()})
    assert response.status_code == 400
    assert "备案日期不能晚于今天" in response.content.decode()
    assert ListVersion.objects.get(pk=submitted.pk).status == ListVersion.Status.SUBMITTED


def test_a_filing_number_used_by_another_version_is_refused(demo, submitted):
    supervisor, admin = demo.user("sm_supervisor"), demo.user("sm_listadmin")
    filing.version_file(version=submitted, user=supervisor, filing_no="明司备〔2026〕5号",
                        filing_date=timezone.localdate())
    other = services.version_submit(version=make_draft(admin, label="T-other"), user=admin)
    with pytest.raises(ValidationError, match="已用于"):
        filing.version_file(version=other, user=supervisor, filing_no="明司备〔2026〕5号",
                            filing_date=timezone.localdate())
    assert ListVersion.objects.get(pk=other.pk).status == ListVersion.Status.SUBMITTED


def test_supervisor_returns_with_reasons_and_the_bureau_sees_them(demo, submitted):
    # when the 司法局 returns the submitted version
    response = demo.client("sm_supervisor").post(reverse("lists:version_filing_return", args=[submitted.pk]),
                                                 {"filing-reason": "第3项依据条款引用错误"})
    assert response.status_code == 302
    # then it is a draft again, and the reason is on the version page and on the bureau's workbench
    assert ListVersion.objects.get(pk=submitted.pk).status == ListVersion.Status.DRAFT
    admin = demo.client("sm_listadmin")
    assert "第3项依据条款引用错误" in admin.get(reverse("lists:version", args=[submitted.pk])).content.decode()
    assert "司法局退回：第3项依据条款引用错误" in admin.get("/").content.decode()


def test_return_without_reason_is_refused(demo, submitted):
    before = _state(submitted)
    with pytest.raises(ValidationError, match="退回理由"):
        filing.version_filing_return(version=submitted, user=demo.user("sm_supervisor"), reason="  ")
    assert _state(submitted) == before


def test_submitted_version_is_on_the_supervisors_workbench_with_the_forms(demo, submitted):
    client = demo.client("sm_supervisor")
    home = client.get("/").content.decode()
    assert "待备案审查的清单" in home and reverse("lists:version", args=[submitted.pk]) in home
    page = client.get(reverse("lists:version", args=[submitted.pk])).content.decode()
    assert 'id="file-form"' in page and 'id="filing-return-form"' in page
    # and the bureau's page has no 备案 form, only the withdrawal
    own = demo.client("sm_listadmin").get(reverse("lists:version", args=[submitted.pk])).content.decode()
    assert 'id="file-form"' not in own and "等待司法局审查" in own
    # another justice bureau's supervisor does not see it
    request = RequestFactory().get("/")
    request.user = demo.user("mx_supervisor")
    pending = filing.panels(request)[0]
    assert pending["items"] == []


def test_supervisor_corrects_a_wrong_filing_date_with_a_reason(demo, submitted):
    supervisor = demo.user("sm_supervisor")
    today = timezone.localdate()
    version = filing.version_file(version=submitted, user=supervisor, filing_no="明司备〔2026〕8号",
                                  filing_date=today)
    with pytest.raises(ValidationError, match="更正理由"):
        filing.version_filing_correct(version=version, user=supervisor, filing_no="明司备〔2026〕8号",
                                      filing_date=today - dt.timedelta(days=2), reason="")
    filing.version_filing_correct(version=version, user=supervisor, filing_no="明司备〔2026〕8号",
                                  filing_date=today - dt.timedelta(days=2), reason="登记时日期录入错误")
    version.refresh_from_db()
    assert version.filing_date == today - dt.timedelta(days=2)
    event = AuditEvent.objects.get(event="list_version.filing_correct", object_id=str(version.pk))
    assert event.detail["before"]["filing_date"] == today.isoformat()
    assert version.filings.filter(action=ListFiling.Action.CORRECT, reason="登记时日期录入错误").exists()


def test_correction_cannot_move_the_filing_date_into_the_future(demo, submitted):
    supervisor = demo.user("sm_supervisor")
    version = filing.version_file(version=submitted, user=supervisor, filing_no="明司备〔2026〕8号",
                                  filing_date=timezone.localdate())
    with pytest.raises(ValidationError, match="不能晚于今天"):
        filing.version_filing_correct(version=version, user=supervisor, filing_no="明司备〔2026〕8号",
                                      filing_date=timezone.localdate() + dt.timedelta(days=300), reason="改")
    assert ListVersion.objects.get(pk=version.pk).filing_date == timezone.localdate()
