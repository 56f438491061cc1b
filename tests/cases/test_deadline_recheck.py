"""期限复核: after the 系统管理员 enters or corrects a day of the 节假日安排, stored deadlines that the calendar
now counts differently are listed; the bureau's own 公示 deadline can be updated (audited), deadlines
served on the party in a document are only flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rouxing.cases import selectors
from rouxing.cases import services as svc
from rouxing.core.models import AuditEvent, HolidayCalendarDay

from .conftest import reload
from .test_publicity import issue


def rows_of(user, kind):
    return [r for r in selectors.deadline_recheck(user) if r["kind"] == kind]


def test_a_corrected_holiday_flags_the_open_order_it_moves_without_changing_it(sm):
    # given a 5-working-day order of Friday 2024-09-27, due 2024-10-10 under the published schedule
    order = svc.rectification_order(user=sm.officer, finding=sm.finding(), issued_on=dt.date(2024, 9, 27), period=5)
    assert order.deadline == dt.date(2024, 10, 10)
    assert not [r for r in rows_of(sm.officer, "rectification") if r["obj"].pk == order.pk]
    # when the administrator enters 2024-10-09 as a rest day
    HolidayCalendarDay.objects.create(date=dt.date(2024, 10, 9), is_workday=False, name="更正")
    # then the order is listed with the date the calendar now gives, and nothing is changed by itself
    [row] = [r for r in rows_of(sm.officer, "rectification") if r["obj"].pk == order.pk]
    assert (row["stored"], row["recomputed"], row["action"]) == (dt.date(2024, 10, 10), dt.date(2024, 10, 11), None)
    assert "送达" in row["note"]
    assert reload(order).deadline == dt.date(2024, 10, 10)


def test_a_deadline_into_a_year_without_schedule_is_listed_as_provisional(sm):
    # given an open 10-working-day order of Monday 2026-12-28, running into 2027, a year nobody has entered yet
    finding = sm.finding()
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2026, 12, 28), period=10)
    # then it was counted with weekends only (not refused) and the recheck lists it as provisional
    assert order.deadline == dt.date(2027, 1, 11)
    [row] = [r for r in rows_of(sm.officer, "rectification") if r["obj"].pk == order.pk]
    assert row["recomputed"] == dt.date(2027, 1, 11) and row["error"] == "" and row["action"] is None
    assert "暂按周末推算" in row["provisional"] and "2027年的节假日安排尚未录入" in row["provisional"]
    assert "2027年的节假日安排尚未录入" in reload(order).deadline_warning


def test_the_publicity_deadline_is_recounted_on_request_and_audited(sm):
    # given a decision of 2024-09-27 whose 7-working-day publicity deadline is 2024-10-12 (a 调休 Saturday)
    decision = issue(sm, decided_on=dt.date(2024, 9, 27))
    assert decision.publicity_deadline == dt.date(2024, 10, 12)
    # when 2024-10-12 is corrected to a rest day
    HolidayCalendarDay.objects.create(date=dt.date(2024, 10, 12), is_workday=False, name="更正")
    [row] = [r for r in rows_of(sm.officer, "publicity") if r["obj"].pk == decision.pk]
    assert row["recomputed"] == dt.date(2024, 10, 14)
    assert row["action"] == reverse("cases:decision_publicity_deadline", args=[decision.case_id])
    # then a reviewer may not update it, an officer may, and the audit log keeps both dates
    with pytest.raises(PermissionDenied):
        svc.publicity_deadline_recompute(user=sm.reviewer, decision=decision, expected_version=decision.lock_version)
    svc.publicity_deadline_recompute(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    decision = reload(decision)
    assert decision.publicity_deadline == dt.date(2024, 10, 14)
    event = AuditEvent.objects.get(event="cases.decision.publicity_deadline_recomputed", object_id=str(decision.pk))
    assert event.detail["before"]["publicity_deadline"] == "2024-10-12"
    assert event.detail["after"]["publicity_deadline"] == "2024-10-14"
    assert not [r for r in rows_of(sm.officer, "publicity") if r["obj"].pk == decision.pk]
    # and a second update finds nothing to change
    with pytest.raises(ValidationError, match="无需更新"):
        svc.publicity_deadline_recompute(user=sm.officer, decision=decision, expected_version=decision.lock_version)


def test_a_stale_form_does_not_overwrite_the_deadline(sm):
    from rouxing.core.locking import EditConflict

    decision = issue(sm, decided_on=dt.date(2024, 9, 27))
    HolidayCalendarDay.objects.create(date=dt.date(2024, 10, 12), is_workday=False, name="更正")
    with pytest.raises(EditConflict):
        svc.publicity_deadline_recompute(user=sm.officer, decision=decision,
                                         expected_version=decision.lock_version - 1)
    assert reload(decision).publicity_deadline == dt.date(2024, 10, 12)


def test_the_statement_deadline_is_flagged(sm):
    # given a case notified on 2024-10-21 (3 calendar days: 2024-10-24, a Thursday)
    case = sm.case(status="notified")
    case.statement_deadline = dt.date(2024, 10, 24)
    case.save(update_fields=["statement_deadline"])
    # when 2024-10-24 becomes a rest day, then the case is listed with the next working day
    HolidayCalendarDay.objects.create(date=dt.date(2024, 10, 24), is_workday=False, name="更正")
    [row] = [r for r in rows_of(sm.officer, "statement") if r["obj"].pk == case.pk]
    assert (row["recomputed"], row["action"]) == (dt.date(2024, 10, 25), None)


def test_worklist_page_shows_the_recheck_and_the_update_page_updates(demo, sm):
    decision = issue(sm, decided_on=dt.date(2024, 9, 27))
    client = demo.client("sm_officer1")
    assert 'id="recheck"' not in client.get(reverse("cases:worklist")).content.decode()
    HolidayCalendarDay.objects.create(date=dt.date(2024, 10, 12), is_workday=False, name="更正")
    body = client.get(reverse("cases:worklist")).content.decode()
    section = body.split('id="recheck"')[1].split("</section>")[0]
    assert "2024-10-12" in section and "2024-10-14" in section and "按现行日历更新" in section
    url = reverse("cases:decision_publicity_deadline", args=[decision.case_id])
    page = client.get(url).content.decode()
    assert "2024年10月12日" in page and "2024年10月14日" in page
    response = client.post(url, {"lock_version": decision.lock_version})
    assert response.status_code == 302
    assert reload(decision).publicity_deadline == dt.date(2024, 10, 14)
    # a supervisor reads but cannot update
    assert demo.client("sm_supervisor").post(url, {"lock_version": reload(decision).lock_version}).status_code == 403
