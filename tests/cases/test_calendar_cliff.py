"""The working-day calendar cliff: chinesecalendar knows years up to 2026. On 2026-12-24 every 7-working-day
公示 deadline falls in 2027. A decision is never refused for that: the deadline is counted with weekends
only, shown as provisional (暂按周末推算), and rechecked when the 系统管理员 enters 2027's 节假日安排.
From 1 November the 系统管理员 is alerted until next year's schedule is entered.

The 2027 schedule used here is MADE-UP TEST DATA (plausible shape only), not the State Council notice.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rouxing.cases import services as svc
from rouxing.cases.models import Case
from rouxing.core import workdays
from rouxing.core.holidays import holiday_calendar_import, parse_holiday_csv
from rouxing.core.models import AuditEvent
from rouxing.core.workdays import missing_next_year_alert

from .conftest import reload
from .test_publicity import approved_case


def issue(sm, *, decided_on: dt.date):
    """A penalty decision of December 2026 on a case registered and notified that month."""
    case = approved_case(sm)
    Case.objects.filter(pk=case.pk).update(registered_on=dt.date(2026, 12, 1), notified_on=dt.date(2026, 12, 2),
                                           statement_deadline=dt.date(2026, 12, 7))
    case = reload(case)
    return svc.decision_issue(user=sm.officer, case=case, expected_version=case.lock_version, outcome="standard",
                              fine_amount=20000, reasoning="逾期未改正", decided_on=decided_on)

# MADE-UP TEST DATA: 元旦 2027-01-01 (Fri) and Monday 2027-01-04 as rest days, no 调休.
TEST_2027_CSV = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-01-04,放假,元旦（测试数据）\n"
TEST_NOTICE = "国办发明电〔2026〕测试号（测试数据）"


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    workdays.clear_calendar_cache()
    yield
    workdays.clear_calendar_cache()


def test_on_2026_12_24_a_decision_is_issued_with_a_provisional_deadline_rechecked_when_2027_is_entered(sm, demo, client):
    with time_machine.travel(dt.datetime(2026, 12, 24, 10, 0), tick=False):
        # when a penalty decision is issued on Thursday 2026-12-24 (7 working days run into 2027)
        decision = issue(sm, decided_on=dt.date(2026, 12, 24))
        # then it is not refused: 12-25, 12-28..12-31, Fri 01-01, Mon 01-04 (weekends only)
        assert decision.publicity_deadline == dt.date(2027, 1, 4)
        assert "暂按周末推算" in decision.publicity_deadline_warning
        # and the case page shows the warning to the officer
        client.force_login(sm.officer)
        page = client.get(f"/cases/{decision.case_id}/").content.decode()
        assert "暂按周末推算：2027年的节假日安排尚未录入" in page
        # when the 系统管理员 enters the 2027 schedule (元旦 and Monday 01-04 as rest days) and marks it complete
        holiday_calendar_import(user=demo.user("sysadmin"),
                                rows=parse_holiday_csv(TEST_2027_CSV), complete_notice=TEST_NOTICE)
    # then the provisional deadline was rechecked: 12-25, 12-28..12-31, Tue 01-05, Wed 01-06
    decision = reload(decision)
    assert decision.publicity_deadline == dt.date(2027, 1, 6)
    assert decision.publicity_deadline_warning == ""
    event = AuditEvent.objects.get(event="cases.decision.publicity_deadline_rechecked", object_id=str(decision.pk))
    assert event.detail["before"]["publicity_deadline"] == "2027-01-04"
    assert event.detail["after"]["publicity_deadline"] == "2027-01-06"


def test_a_published_decision_is_not_rechecked(sm, demo):
    with time_machine.travel(dt.datetime(2026, 12, 24, 10, 0), tick=False):
        decision = issue(sm, decided_on=dt.date(2026, 12, 24))
    with time_machine.travel(dt.datetime(2026, 12, 28, 10, 0), tick=False):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    holiday_calendar_import(user=demo.user("sysadmin"), rows=parse_holiday_csv(TEST_2027_CSV), complete_notice=TEST_NOTICE)
    assert reload(decision).publicity_deadline == dt.date(2027, 1, 4)
    assert not AuditEvent.objects.filter(event="cases.decision.publicity_deadline_rechecked").exists()


@pytest.mark.parametrize("today, alerted", [
    (dt.date(2026, 10, 31), False),   # before 1 November: no alert yet
    (dt.date(2026, 11, 1), True),     # from 1 November, 2027 unknown
    (dt.date(2026, 12, 24), True),
])
def test_the_administrator_is_alerted_from_1_november_until_next_year_is_entered(db, today, alerted):
    message = missing_next_year_alert(today)
    assert bool(message) is alerted
    if alerted:
        assert "2027年的节假日安排尚未录入" in message and "系统管理 → 节假日安排" in message


def test_the_alert_ends_once_next_year_is_entered(sm, demo):
    assert missing_next_year_alert(dt.date(2026, 11, 15))
    holiday_calendar_import(user=demo.user("sysadmin"), rows=parse_holiday_csv(TEST_2027_CSV), complete_notice=TEST_NOTICE)
    assert missing_next_year_alert(dt.date(2026, 11, 15)) == ""


def test_only_the_system_administrator_sees_the_alert_on_every_page(demo):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0), tick=False):
        admin_page = demo.client("sysadmin").get("/").content.decode()
        officer_page = demo.client("sm_officer1").get("/").content.decode()
    assert "calendar-alert" in admin_page and "2027年的节假日安排尚未录入" in admin_page
    assert "calendar-alert" not in officer_page
