"""Records kept true (issue 13): a repeated POST stores nothing new; void with a reason; no new records on a
closed or voided finding; correcting a finding's facts keeps the old decision."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.cases import selectors
from rouxing.cases import services as svc
from rouxing.cases.models import Finding, FindingRevision, FlexibleMeasure
from rouxing.core.models import AuditEvent
from rouxing.lists.models import FlexibleMethod

from .conftest import reload

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 9, 27)


def _measure(sm, finding):
    return svc.measure_record(user=sm.officer, party=sm.party, finding=finding, performed_on=DAY,
                              method=FlexibleMethod.objects.get(code="admonition"), recipient="张三",
                              content="说服教育，讲解培训记录要求")


def test_repeated_post_with_the_same_form_token_stores_one_measure(sm, demo):
    finding = sm.finding()
    client = demo.client("sm_officer1")
    data = {"method": FlexibleMethod.objects.get(code="admonition").pk, "performed_on": "2024-09-27",
            "recipient": "张三", "content": "说服教育", "person_count": 1, "form_token": "a" * 32}
    url = f"/cases/findings/{finding.pk}/measures/new/"
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert "该表单已提交过，本次未重复保存" in second.content.decode()
    assert FlexibleMeasure.objects.filter(finding=finding).count() == 1


def test_voided_measure_is_kept_marked_and_not_counted(sm):
    finding = sm.finding()
    measure = _measure(sm, finding)
    with pytest.raises(ValidationError, match="作废柔性执法措施须填写理由"):
        svc.measure_void(user=sm.officer, measure=measure, reason=" ")
    assert reload(measure).voided_at is None
    svc.measure_void(user=sm.officer, measure=measure, reason="重复录入")
    measure = reload(measure)
    assert measure.is_void and measure.void_reason == "重复录入"
    assert not selectors.measures_for_period([sm.org.pk], DAY, DAY).filter(pk=measure.pk).exists()
    assert AuditEvent.objects.filter(event="cases.measure.void", object_id=str(measure.pk)).exists()


def test_voided_finding_takes_no_new_measure_and_nothing_is_stored(sm):
    finding = sm.finding()
    svc.finding_void(user=sm.officer, finding=finding, reason="录入错误")
    assert reload(finding).status == Finding.Status.VOIDED
    with pytest.raises(ValidationError, match="已作废，不能再登记新的记录"):
        _measure(sm, reload(finding))
    assert not FlexibleMeasure.objects.filter(finding=finding).exists()


def test_closed_finding_takes_no_new_measure(sm):
    finding = sm.finding()
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.CLOSED)
    with pytest.raises(ValidationError, match="已办结，不能再登记新的记录"):
        _measure(sm, reload(finding))
    assert not FlexibleMeasure.objects.filter(finding=finding).exists()


def test_escalated_finding_cannot_be_voided(sm):
    case = sm.case()
    finding = case.findings.get()
    with pytest.raises(ValidationError, match="已立案，不能作废"):
        svc.finding_void(user=sm.officer, finding=finding, reason="错")
    assert reload(finding).voided_at is None


def test_correction_without_reason_is_refused_and_changes_nothing(sm):
    finding = sm.finding()
    with pytest.raises(ValidationError, match="更正事实须填写理由"):
        svc.finding_correct_facts(user=sm.officer, finding=finding, facts={"harm": "minor"}, reason="",
                                  expected_version=finding.lock_version)
    assert reload(finding).facts == finding.facts
    assert not FindingRevision.objects.filter(finding=finding).exists()
