"""The legal gates of the general procedure (一般程序, 行政处罚法 chapter 5 sections 1 and 3).

Each `ensure_*` function raises a `ValidationError` whose Chinese message names the rule that refuses
the step; the calling service runs it before it writes anything, so a refused step stores nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError

from rouxing.core.workdays import add_workdays, is_workday

from ..models import Case, Outcome


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- deadlines (行政处罚法 art. 85: 工作日)
ART85 = "按《中华人民共和国行政处罚法》第八十五条，“二日”“三日”“五日”“七日”是指工作日，不含法定节假日"
HEARING_REQUEST_WORKDAYS = 5  # art. 64(一): 告知后五日内提出
HEARING_NOTICE_WORKDAYS = 7  # art. 64(二): 举行听证的七日前通知
DELIVERY_WORKDAYS = 7  # art. 61: 当事人不在场的，七日内送达


def statement_workdays() -> int:
    """陈述申辩 period the bureau writes in its 告知书 (default 三日, working days by art. 85)."""
    return int(getattr(settings, "CASES_STATEMENT_WORKDAYS", 3))


def statement_deadline_for(notified_on: dt.date) -> dt.date:
    return add_workdays(notified_on, statement_workdays())


def hearing_request_deadline_for(notified_on: dt.date) -> dt.date:
    return add_workdays(notified_on, HEARING_REQUEST_WORKDAYS)


def delivery_deadline_for(decided_on: dt.date) -> dt.date:
    return add_workdays(decided_on, DELIVERY_WORKDAYS)


def latest_hearing_notice_day(held_on: dt.date) -> dt.date:
    """The last day the 听证通知 may reach the party: seven working days before the hearing (art. 64(二), 85)."""
    day, counted = held_on, 0
    while counted < HEARING_NOTICE_WORKDAYS:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def case_deadlines(case: Case) -> list[dict]:
    """Every legal deadline of the case with its basis, for the case page (label, date, basis, met)."""
    rows: list[dict] = []
    if case.notified_on and case.statement_deadline:
        rows.append({"key": "statement", "label": "陈述申辩截止", "date": case.statement_deadline,
                     "basis": f"告知之日起{statement_workdays()}个工作日（{ART85}）"})
    if case.notified_on and case.hearing_request_deadline:
        rows.append({"key": "hearing_request", "label": "听证申请截止", "date": case.hearing_request_deadline,
                     "basis": f"告知后{HEARING_REQUEST_WORKDAYS}个工作日内提出（《中华人民共和国行政处罚法》第六十四条第一项、"
                              f"第八十五条）"})
    decision = getattr(case, "decision", None) if case.pk else None
    if decision is not None and decision.delivery_deadline:
        rows.append({"key": "delivery", "label": "决定书送达期限", "date": decision.delivery_deadline,
                     "basis": f"决定之日起{DELIVERY_WORKDAYS}个工作日内（《中华人民共和国行政处罚法》第六十一条、第八十五条）"})
    return rows


# 不予处罚 < 减轻 < 从轻 < 一般 < 从重: a decision further right than the notice is heavier (art. 45).
SEVERITY: dict[str, int] = {Outcome.NO_PENALTY: 0, Outcome.REDUCED: 1, Outcome.LIGHTER: 2, Outcome.STANDARD: 3,
            Outcome.HEAVIER: 4}


def statutory_range(case: Case) -> tuple[int | None, int | None]:
    """法定处罚幅度 of the case: the engine's statutory range, else the violations' catalogue range."""
    band = case.fine_band or {}
    low, high = band.get("statutory_min"), band.get("statutory_max")
    if low is not None and high is not None:
        return int(low), int(high)
    violations = [f.violation for f in case.findings.select_related("violation") if f.violation_id]
    maxima = [v.fine_max for v in violations if v.fine_max]
    if not maxima:
        return None, None
    return min(v.fine_min for v in violations), max(maxima)


def ensure_statutory_range(case: Case, *, outcome: str, fine_amount: int, departure_reason: str) -> None:
    """Fine inside the statutory range (行政处罚法 art. 4, 5); below the minimum only as 减轻处罚 with its
    grounds (art. 32): the engine's 减轻 finding stored on the case, or a written reason."""
    if outcome == Outcome.NO_PENALTY or not fine_amount:
        return
    low, high = statutory_range(case)
    if high is not None and fine_amount > high:
        raise ValidationError({"fine_amount": (
            f"罚款数额{fine_amount}元超出法定处罚幅度（{low}–{high}元）的上限。行政处罚须依照法律规定的种类和幅度"
            f"作出（《中华人民共和国行政处罚法》第四条、第五条），不得作出该决定。")})
    if low is not None and fine_amount < low:
        # the grounds: found by the engine (its recorded outcome is 减轻) or written down by the bureau
        grounds = departure_reason.strip() or (case.engine_decision or {}).get("outcome") == Outcome.REDUCED
        if outcome != Outcome.REDUCED or not grounds:
            raise ValidationError({"fine_amount": (
                f"罚款数额{fine_amount}元低于法定处罚幅度（{low}–{high}元）的下限。低于下限只能是依法减轻行政处罚，"
                f"须选择“减轻行政处罚”并书面载明减轻的法定情节（《中华人民共和国行政处罚法》第三十二条）。")})


def ensure_not_heavier_than_notified(case: Case, *, outcome: str, fine_amount: int) -> None:
    """The decision may not exceed the notified penalty without a new 告知 (行政处罚法 art. 44, 45)."""
    if case.notified_on is None:
        raise ValidationError("作出行政处罚决定前，须告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩权利"
                              "（《中华人民共和国行政处罚法》第四十四条）。")
    notified_fine = case.proposed_fine or 0
    if fine_amount > notified_fine:
        raise ValidationError({"fine_amount": (
            f"决定罚款数额{fine_amount}元高于告知的拟罚款数额{notified_fine}元。不得因当事人陈述、申辩而给予更重的处罚，"
            f"加重处罚须重新告知（《中华人民共和国行政处罚法》第四十四条、第四十五条）。")})
    notified = case.proposed_outcome
    if notified in SEVERITY and outcome in SEVERITY and SEVERITY[outcome] > SEVERITY[notified]:
        raise ValidationError({"outcome": (
            f"决定的处理结果“{Outcome(outcome).label}”重于告知的“{Outcome(notified).label}”，须重新告知"
            f"（《中华人民共和国行政处罚法》第四十四条、第四十五条）。")})


def statement_period_end(case: Case) -> dt.date | None:
    """The last day of the 陈述申辩 (and 听证申请) period the party was given."""
    ends = [d for d in (case.statement_deadline, getattr(case, "hearing_request_deadline", None)) if d]
    return max(ends) if ends else None


def ensure_statement_period_over(case: Case, *, decided_on: dt.date) -> None:
    """No decision while the 陈述申辩 period runs, unless the party waived it in writing (行政处罚法 art. 44, 45, 62)."""
    end = statement_period_end(case)
    if end is None or decided_on > end:
        return
    if case.statement_waived_on is not None and case.statement_waived_on <= decided_on:
        return
    raise ValidationError({"decided_on": (
        f"陈述申辩期限至{cn_date(end)}届满，{cn_date(decided_on)}不得作出行政处罚决定；当事人书面放弃"
        f"陈述申辩权利的除外（《中华人民共和国行政处罚法》第四十五条、第六十二条）。")})
