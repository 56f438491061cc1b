"""The enforcement pages driven as each role would: a 查封扣押 from proposal to 解除 and return, and a
简易程序 decision; refused posts show the service's message and change nothing."""

from __future__ import annotations

from django.utils import timezone

from rouxing.enforcement.models import CoerciveMeasure, SummaryDecision

from .conftest import rows


def _post(client, url, data):
    return client.post(url, data)


def test_seizure_from_proposal_to_return_through_the_pages(sm, demo):
    finding = sm.real_finding()
    officer, reviewer, approver = (demo.client(u) for u in ("sm_officer1", "sm_reviewer", "sm_approver"))
    page = officer.get(f"/cases/findings/{finding.pk}/")
    assert "提出行政强制措施" in page.content.decode()
    form = officer.get(f"/enforcement/findings/{finding.pk}/measures/new/?kind=seize")
    assert form.status_code == 200
    r = _post(officer, f"/enforcement/findings/{finding.pk}/measures/new/", {
        "kind": "seize", "reason": "压力容器未经检验", "basis": "《安全生产法》第六十五条第一款第四项",
        "place": "车间", "items": "压力容器 2 台 东侧\n安全阀 4 个"})
    m = CoerciveMeasure.objects.get(finding=finding)
    assert r.status_code == 302 and r.url == f"/enforcement/measures/{m.pk}/"
    assert m.items[1] == {"name": "安全阀", "quantity": "4", "unit": "个", "note": ""}
    # the officer cannot approve: the approve link is absent and the approve page is forbidden
    assert "负责人审批" not in officer.get(r.url).content.decode()
    assert officer.get(f"/enforcement/measures/{m.pk}/approve/").status_code == 403
    # approval before 法制审核 is refused with the rule named, nothing changed
    before = rows(CoerciveMeasure)
    bad = _post(approver, f"/enforcement/measures/{m.pk}/approve/", {"lock_version": m.lock_version, "approve": "1"})
    assert bad.status_code == 400 and "法制审核" in bad.content.decode()
    assert rows(CoerciveMeasure) == before
    m.refresh_from_db()
    assert _post(reviewer, f"/enforcement/measures/{m.pk}/review/",
                 {"lock_version": m.lock_version, "passed": "1", "opinion": "合法"}).status_code == 302
    m.refresh_from_db()
    assert _post(approver, f"/enforcement/measures/{m.pk}/approve/",
                 {"lock_version": m.lock_version, "approve": "1", "opinion": "同意"}).status_code == 302
    m.refresh_from_db()
    r = _post(officer, f"/enforcement/measures/{m.pk}/execute/", {
        "lock_version": m.lock_version, "officers": [sm.officer.pk, sm.officer2.pk],
        "executed_at": "2024-10-08T10:00", "party_informed": "on", "scene_record": "现场扣押",
        "party_signed": "on"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "in_force" and str(m.ends_on) == "2024-11-07"
    detail = officer.get(f"/enforcement/measures/{m.pk}/").content.decode()
    assert "查封扣押决定书" in detail and m.number in detail and "2024年11月7日" in detail
    # the seizure appears on the worklist with its deadline
    index = officer.get("/enforcement/").content.decode()
    assert f"/enforcement/measures/{m.pk}/" in index and "2024-11-07" in index
    # extension of 31 days refused on the page; 30 days accepted
    bad = _post(approver, f"/enforcement/measures/{m.pk}/extend/",
                {"lock_version": m.lock_version, "days": "31", "reason": "检验", "notified_on": "2024-10-20"})
    assert bad.status_code == 400 and "三十日" in bad.content.decode()
    m.refresh_from_db()
    extend = {"lock_version": m.lock_version, "days": "30", "reason": "需检验", "notified_on": "2024-10-20"}
    # the period (to 7 November 2024) has run out by today, so the extension is refused (art. 28(1)(四))
    late = _post(approver, f"/enforcement/measures/{m.pk}/extend/", extend)
    assert late.status_code == 400 and "第二十八条" in late.content.decode()
    r = _post(officer, f"/enforcement/measures/{m.pk}/lift/", {
        "lock_version": m.lock_version, "ground": "expired", "note": "期限届满",
        "returned_items": "压力容器 2 台\n安全阀 4 个"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "lifted" and len(m.returned_items) == 2
    assert "退还清单" in officer.get(f"/enforcement/measures/{m.pk}/").content.decode()


def test_summary_decision_on_the_page_and_the_200_01_refusal(sm, demo):
    person = demo.party("SM-YJJ", kind="person")
    officer = demo.client("sm_officer1")
    data = {"party": person.pk, "facts": "未佩戴防护用品", "basis": "《安全生产法》第一百零七条", "penalty": "fine",
            "amount": "200.01", "place": "车间", "officers": [sm.officer.pk, sm.officer2.pk], "party_signed": "on"}
    before = rows(SummaryDecision)
    bad = officer.post("/enforcement/summary/new/", data)
    assert bad.status_code == 400 and "第五十一条" in bad.content.decode() and "一般程序" in bad.content.decode()
    assert rows(SummaryDecision) == before
    r = officer.post("/enforcement/summary/new/", {**data, "amount": "200"})
    d = SummaryDecision.objects.get(party=person, amount=200)
    assert r.status_code == 302 and r.url == f"/enforcement/summary/{d.pk}/"
    page = officer.get(r.url).content.decode()
    assert "当场行政处罚决定书" in page and d.number in page and "200.00" in page and "行政复议" in page
    approver = demo.client("sm_approver")
    assert "登记备案" in approver.get(r.url).content.decode()
    ok = approver.post(f"/enforcement/summary/{d.pk}/file/", {"lock_version": d.lock_version,
                                                             "filed_on": str(timezone.localdate(d.decided_at))})
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.status == "filed"


def test_another_bureaus_measure_is_not_found(sm, demo):
    from rouxing.enforcement import services as svc

    from .conftest import ITEMS

    m = svc.measure_propose(user=sm.officer, finding=sm.real_finding(), kind="seal", reason="r", basis="b",
                            items=ITEMS)
    assert demo.client("mx_officer1").get(f"/enforcement/measures/{m.pk}/").status_code == 404
