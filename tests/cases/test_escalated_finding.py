"""A finding already escalated to a case (已立案): no new 承诺书 or 复查 (services refuse, pages hide
them), while flexible measures such as 行政指导 may still be recorded and go into the case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rouxing.cases import services as svc
from rouxing.cases.models import Commitment, FlexibleMeasure, Reinspection
from rouxing.lists.models import FlexibleMethod

from .conftest import reload


@pytest.fixture
def escalated(sm):
    """An order issued on a finding, then the finding escalated to a case (e.g. a breached commitment)."""
    finding = sm.finding()
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2024, 9, 27), period=5)
    case = sm.case()
    # fixture state: the finding put into the case directly (the status field is protected)
    type(finding).objects.filter(pk=finding.pk).update(case=case, status="escalated")
    finding = reload(finding)
    return {"finding": finding, "order": order, "case": case}


def test_commitment_on_an_escalated_finding_is_refused_in_chinese(sm, escalated):
    # when an officer signs a commitment for a finding already in a case
    with pytest.raises(ValidationError) as exc:
        svc.commitment_sign(user=sm.officer, party=sm.party, findings=[escalated["finding"]], content="按期整改",
                            signatory="张三", deadline=dt.date(2024, 10, 30), signed_on=dt.date(2024, 10, 1))
    # then it is refused with the reason, and nothing is stored
    assert "已立案" in exc.value.messages[0]
    assert not Commitment.objects.filter(findings=escalated["finding"]).exists()


def test_reinspection_of_an_escalated_finding_is_refused(sm, escalated):
    # when an officer records a 复查 on the order of an escalated finding
    with pytest.raises(ValidationError) as exc:
        svc.reinspection_record(user=sm.officer, order=escalated["order"], inspected_on=dt.date(2024, 10, 9),
                                result="corrected", note="已改正", officers=[sm.officer, sm.officer2])
    # then it is refused and the order stays open
    assert "已立案" in exc.value.messages[0]
    assert not Reinspection.objects.filter(order=escalated["order"]).exists()
    assert reload(escalated["order"]).status == "open"


def test_administrative_guidance_on_an_escalated_finding_is_still_recorded(sm, escalated):
    # given a flexible method (行政指导 is allowed throughout a penalty case)
    method = FlexibleMethod.objects.order_by("pk").first()
    # when the officer records it on the escalated finding
    measure = svc.measure_record(user=sm.officer, party=sm.party, method=method, performed_on=dt.date(2024, 10, 22),
                                 recipient="企业负责人", content="指导企业完善培训台账", finding=escalated["finding"],
                                 case=escalated["case"])
    # then it is stored with the case
    assert FlexibleMeasure.objects.get(pk=measure.pk).case_id == escalated["case"].pk


def test_escalated_finding_page_hides_commitment_and_reinspection(demo, escalated):
    # when the officer opens the escalated finding
    page = demo.client("sm_officer1").get(reverse("cases:finding", args=[escalated["finding"].pk])).content.decode()
    # then only the measure action is offered, labelled as going into the case
    assert reverse("cases:measure_new", args=[escalated["finding"].pk]) in page
    assert "记录柔性措施（记入案件）" in page
    assert reverse("cases:commitment_new", args=[escalated["finding"].pk]) not in page
    assert reverse("cases:reinspect", args=[escalated["order"].pk]) not in page
    assert 'id="escalated-note"' in page


def test_open_finding_page_still_offers_commitment_and_reinspection(demo, sm):
    # given a finding under rectification
    finding = sm.finding()
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2024, 9, 27), period=5)
    # when the officer opens it
    page = demo.client("sm_officer1").get(reverse("cases:finding", args=[finding.pk])).content.decode()
    # then commitment and 复查 are offered
    assert reverse("cases:commitment_new", args=[finding.pk]) in page
    assert reverse("cases:reinspect", args=[order.pk]) in page


@pytest.mark.parametrize("route", ["commitment_new", "reinspect"])
def test_escalated_finding_step_pages_send_the_officer_back(demo, escalated, route):
    # when the officer opens the commitment or 复查 page of the escalated finding by its address
    pk = escalated["order"].pk if route == "reinspect" else escalated["finding"].pk
    client = demo.client("sm_officer1")
    response = client.get(reverse(f"cases:{route}", args=[pk]))
    # then they are sent back to the finding with the reason
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:finding", args=[escalated["finding"].pk])
    assert "不能再" in client.get(response["Location"]).content.decode()
