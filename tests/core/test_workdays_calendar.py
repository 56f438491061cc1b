"""节假日安排 entered by the 系统管理员: entered days beat chinesecalendar, a complete year follows the
weekday rule, an unknown year is counted with weekends only and marked provisional (never refused); CSV import is all-or-nothing; only the
系统管理员 edits the admin pages, and every change is audited.

The 2027 schedule below is MADE-UP TEST DATA (plausible shape only), not the State Council notice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rouxing.cases.models import RectificationOrder
from rouxing.cases.services.publicity import publicity_deadline_for
from rouxing.core import workdays
from rouxing.core.models import AuditEvent, HolidayCalendarDay, HolidayCalendarYear
from rouxing.core.workdays import add_workdays, is_provisional, is_workday, provisional_message, year_is_known

pytestmark = pytest.mark.django_db

TEST_NOTICE = "国办发明电〔2026〕测试号（测试数据）"
# MADE-UP TEST DATA: 2027-01-01 (Fri) 元旦 放假, Sunday 2027-01-03 调休上班, a short 春节 block.
TEST_2027_CSV = """日期,类型,名称
2027-01-01,放假,元旦
2027-01-03,上班,调休上班
2027-02-05,放假,春节
2027-02-08,放假,春节
2027-02-09,放假,春节
2027-02-20,上班,调休上班
"""


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts and ends with an empty cache (a rolled-back test must not leak entered days)."""
    workdays.clear_calendar_cache()
    yield
    workdays.clear_calendar_cache()


def _enter_2027(tmp_path, demo, *, complete: bool = True):
    path = tmp_path / "2027.csv"
    path.write_text(TEST_2027_CSV, encoding="utf-8")
    extra = ["--complete", TEST_NOTICE] if complete else []
    call_command("holidays_import", str(path), *extra)
    return path


def test_a_year_nobody_entered_is_counted_with_weekends_only_and_marked_provisional(demo):
    # given no 2027 schedule in chinesecalendar nor entered
    assert year_is_known(2026) and not year_is_known(2027)
    # when a 3-working-day deadline runs from Wednesday 2026-12-30 into 2027
    deadline = add_workdays(dt.date(2026, 12, 30), 3)
    # then it is counted with weekends only (12-31, Fri 01-01, Mon 01-04) instead of being refused
    assert deadline == dt.date(2027, 1, 4)
    # and it is provisional, with a Chinese warning naming the year and who enters it
    assert is_provisional(dt.date(2026, 12, 30), deadline)
    message = provisional_message(dt.date(2026, 12, 30), deadline)
    assert "暂按周末推算" in message and "2027年的节假日安排尚未录入" in message and "系统管理员" in message
    # a deadline inside a known year is not provisional
    assert not is_provisional(dt.date(2026, 12, 1), add_workdays(dt.date(2026, 12, 1), 3))
    assert provisional_message(dt.date(2026, 12, 1), dt.date(2026, 12, 4)) == ""


def test_publicity_deadline_into_an_unknown_year_is_computed_not_refused(demo):
    # given a decision on Friday 2026-12-25 (7 working days run into 2027) and no 2027 schedule
    # then 12-28..12-31, Fri 01-01, Mon 01-04, Tue 01-05 (weekends only; 元旦 not known yet)
    assert publicity_deadline_for(dt.date(2026, 12, 25)) == dt.date(2027, 1, 5)
    assert is_provisional(dt.date(2026, 12, 25), dt.date(2027, 1, 5))


def test_entered_2027_schedule_skips_the_holiday_and_counts_the_working_sunday(demo, tmp_path):
    # given the (made-up) 2027 schedule entered and the year marked complete
    _enter_2027(tmp_path, demo)
    # when a 3-working-day order is issued Wednesday 2026-12-30
    deadline = RectificationOrder.compute_deadline(dt.date(2026, 12, 30), 3, "workdays")
    # then 12-31, Sunday 01-03 (调休上班) and Monday 01-04 count; 01-01 (元旦) and Saturday 01-02 do not
    assert deadline == dt.date(2027, 1, 4)


def test_publicity_deadline_runs_through_the_entered_2027_days(demo, tmp_path):
    # given the (made-up) 2027 schedule
    _enter_2027(tmp_path, demo)
    # when a decision is made Friday 2026-12-25 (7 working days)
    # then 12-28..12-31, 01-03 (调休), 01-04, 01-05
    assert publicity_deadline_for(dt.date(2026, 12, 25)) == dt.date(2027, 1, 5)


def test_complete_year_days_without_entry_follow_the_weekday_rule(demo, tmp_path):
    _enter_2027(tmp_path, demo)
    assert is_workday(dt.date(2027, 3, 15)) is True  # an ordinary Monday
    assert is_workday(dt.date(2027, 3, 13)) is False  # an ordinary Saturday


def test_incomplete_year_uses_entered_days_and_stays_provisional(demo, tmp_path):
    # given the 2027 days entered without marking the year complete
    _enter_2027(tmp_path, demo, complete=False)
    # then the entered days count, other 2027 days follow the weekday rule, and the year is still provisional
    assert is_workday(dt.date(2027, 1, 3)) is True
    assert is_workday(dt.date(2027, 1, 1)) is False
    assert is_workday(dt.date(2027, 3, 15)) is True
    assert not HolidayCalendarYear.objects.filter(year=2027).exists()
    assert not year_is_known(2027)
    assert is_provisional(dt.date(2026, 12, 30), dt.date(2027, 1, 4))


def test_entered_override_for_2026_beats_chinesecalendar(demo, sysadmin_user):
    # given Monday 2026-11-30 is a working day in chinesecalendar and 2026-10-01 a holiday
    assert is_workday(dt.date(2026, 11, 30)) is True
    # when the 系统管理员 enters corrections for both
    HolidayCalendarDay.objects.create(date=dt.date(2026, 11, 30), is_workday=False, name="临时放假（测试数据）",
                                      created_by=sysadmin_user)
    HolidayCalendarDay.objects.create(date=dt.date(2026, 10, 1), is_workday=True, name="调休上班（测试数据）",
                                      created_by=sysadmin_user)
    # then the entered days win, at once (the cache was cleared by the save)
    assert is_workday(dt.date(2026, 11, 30)) is False
    assert is_workday(dt.date(2026, 10, 1)) is True
    # and a day without an entry still follows chinesecalendar
    assert is_workday(dt.date(2026, 10, 2)) is False


def test_deleting_an_entered_day_clears_the_cache(demo, sysadmin_user):
    day = HolidayCalendarDay.objects.create(date=dt.date(2026, 11, 30), is_workday=False, name="临时放假（测试数据）",
                                            created_by=sysadmin_user)
    assert is_workday(dt.date(2026, 11, 30)) is False
    day.delete()
    assert is_workday(dt.date(2026, 11, 30)) is True


def test_import_marks_the_year_complete_and_is_audited(demo, tmp_path, capsys):
    _enter_2027(tmp_path, demo)
    assert HolidayCalendarDay.objects.filter(date__year=2027).count() == 6
    marker = HolidayCalendarYear.objects.get(year=2027)
    assert marker.complete and marker.published_by_notice == TEST_NOTICE
    assert HolidayCalendarDay.objects.get(date=dt.date(2027, 1, 1)).created_by.username == "sysadmin"
    assert "新增6条" in capsys.readouterr().out
    event = AuditEvent.objects.filter(event="holiday_calendar.import").latest("id")
    assert event.detail["years"] == [2027] and event.detail["created"] == 6
    assert AuditEvent.objects.filter(event="holiday_year.complete", object_id=str(marker.pk)).exists()


def test_import_with_a_bad_row_writes_nothing_and_names_each_bad_row(demo, tmp_path):
    # given a file whose third and fourth rows are wrong
    path = tmp_path / "bad.csv"
    path.write_text("日期,类型,名称\n2027-01-01,放假,元旦\n2027-13-01,放假,春节\n2027-02-06,休息,春节\n",
                    encoding="utf-8")
    events_before = AuditEvent.objects.count()
    # when imported with --complete
    with pytest.raises(CommandError) as info:
        call_command("holidays_import", str(path), "--complete", TEST_NOTICE)
    # then both bad rows are reported in Chinese and nothing at all is written
    message = str(info.value)
    assert "未写入任何数据" in message
    assert "第3行" in message and "2027-13-01" in message
    assert "第4行" in message and "放假" in message
    assert not HolidayCalendarDay.objects.filter(date__year=2027).exists()
    assert not HolidayCalendarYear.objects.filter(year=2027).exists()
    assert AuditEvent.objects.count() == events_before


def test_import_refuses_a_file_without_the_expected_columns(demo, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("date,kind\n2027-01-01,放假\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列"):
        call_command("holidays_import", str(path))


def test_export_writes_the_import_format_and_round_trips(demo, tmp_path):
    _enter_2027(tmp_path, demo)
    out = tmp_path / "out.csv"
    call_command("holidays_import", str(out), "--export", "--year", "2027")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "日期,类型,名称"
    assert "2027-01-03,上班,调休上班" in text.splitlines()
    # re-importing the export changes nothing
    HolidayCalendarDay.objects.filter(date__year=2027).delete()
    call_command("holidays_import", str(out))
    assert HolidayCalendarDay.objects.filter(date__year=2027).count() == 6


@pytest.fixture
def sysadmin_user(demo):
    return demo.user("sysadmin")


def _day_form(**overrides):
    form = {"date": "2027-01-01", "is_workday": "", "name": "元旦", "source": TEST_NOTICE}
    form.update(overrides)
    return form


def test_sysadmin_enters_a_day_in_the_admin_and_it_is_audited_and_effective(demo):
    # given no 2027 schedule: the Sunday follows the weekday rule (a rest day)
    assert is_workday(dt.date(2027, 1, 3)) is False
    # when the 系统管理员 enters the 调休 Sunday 2027-01-03 (test data)
    client = demo.client("sysadmin")
    response = client.post("/admin/core/holidaycalendarday/add/",
                           _day_form(date="2027-01-03", is_workday="on", name="调休上班"))
    # then it is saved with the entering user, audited, and counts at once
    assert response.status_code == 302
    day = HolidayCalendarDay.objects.get(date=dt.date(2027, 1, 3))
    assert day.is_workday and day.created_by.username == "sysadmin"
    assert AuditEvent.objects.filter(event="holiday_calendar.create", object_id=str(day.pk)).exists()
    assert is_workday(dt.date(2027, 1, 3)) is True
    # and the administrator is told where affected deadlines show up
    page = client.get(response["Location"]).content.decode()
    assert "期限复核" in page


def test_sysadmin_marks_a_year_complete_in_the_admin(demo):
    response = demo.client("sysadmin").post("/admin/core/holidaycalendaryear/add/",
                                            {"year": "2027", "published_by_notice": TEST_NOTICE, "complete": "on"})
    assert response.status_code == 302
    marker = HolidayCalendarYear.objects.get(year=2027)
    assert AuditEvent.objects.filter(event="holiday_year.create", object_id=str(marker.pk)).exists()
    assert is_workday(dt.date(2027, 3, 15)) is True


def test_sysadmin_deletes_a_day_in_the_admin_audited(demo, sysadmin_user):
    day = HolidayCalendarDay.objects.create(date=dt.date(2026, 11, 30), is_workday=False, name="临时放假（测试数据）")
    assert is_workday(dt.date(2026, 11, 30)) is False
    response = demo.client("sysadmin").post("/admin/core/holidaycalendarday/", {
        "action": "delete_selected", "_selected_action": [day.pk], "post": "yes"})
    assert response.status_code == 302
    assert not HolidayCalendarDay.objects.filter(pk=day.pk).exists()
    assert AuditEvent.objects.filter(event="holiday_calendar.delete", object_id=str(day.pk)).exists()
    assert is_workday(dt.date(2026, 11, 30)) is True


@pytest.mark.parametrize("username", ["secadmin", "auditadmin"])
def test_other_admins_get_403_on_the_calendar_pages(demo, username):
    client = demo.client(username)
    assert client.get("/admin/core/holidaycalendarday/").status_code == 403
    assert client.get("/admin/core/holidaycalendaryear/add/").status_code == 403
    response = client.post("/admin/core/holidaycalendarday/add/", _day_form())
    assert response.status_code == 403
    assert not HolidayCalendarDay.objects.exists()


def test_an_officer_cannot_reach_the_calendar_admin(demo):
    response = demo.client("sm_officer1").post("/admin/core/holidaycalendarday/add/", _day_form())
    assert response.status_code in (302, 403)
    assert not HolidayCalendarDay.objects.exists()


def test_sysadmin_sees_the_calendar_pages(demo):
    client = demo.client("sysadmin")
    assert client.get("/admin/core/holidaycalendarday/").status_code == 200
    assert client.get("/admin/core/holidaycalendarday/add/").status_code == 200
    assert "节假日安排" in client.get("/admin/").content.decode()
