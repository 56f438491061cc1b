"""The legal gates of the general procedure (一般程序, 行政处罚法 chapter 5 sections 1 and 3).

Each `ensure_*` function raises a `ValidationError` whose Chinese message names the rule that refuses
the step; the calling service runs it before it writes anything, so a refused step stores nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from rouxing.core.workdays import add_workdays, is_workday

from ..models import (
    Case,
    CaseNumberCounter,
    CollectiveDiscussion,
    Hearing,
    Outcome,
    PenaltyDecision,
    ProcedureRules,
)
from ._common import (
    APPROVER,
    CASE_WORKERS,
    OFFICER,
    REVIEWER,
    audit,
    ensure_not_frozen,
    ensure_role,
    locked,
    save_locked,
    snapshot,
)


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
    if case.pk and case.registered_on:
        extended = case.period_extended_until and case.period_extended_until == decision_period_end(case)
        rows.append({"key": "decision", "label": "作出处罚决定期限", "date": decision_period_end(case),
                     "basis": (f"经负责人批准延长：{case.period_extension_reason}" if extended else
                               f"自立案之日起{rules_for(case.org_id).decision_days}日（《中华人民共和国行政处罚法》第六十条）")})
    hearing = getattr(case, "hearing", None) if case.pk else None
    if hearing is not None and hearing.held_on:
        rows.append({"key": "hearing_notice", "label": "听证通知最迟日期", "date": latest_hearing_notice_day(hearing.held_on),
                     "basis": f"举行听证（{hearing.held_on:%Y-%m-%d}）的{HEARING_NOTICE_WORKDAYS}个工作日前"
                              f"（《中华人民共和国行政处罚法》第六十四条第二项、第八十五条）"})
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


# ---------------------------------------------------------------- bureau rules, 听证, 集体讨论, 期限
def rules_for(org_id: int) -> ProcedureRules:
    """The bureau's procedure rules; the statutory defaults when it has not set its own."""
    return ProcedureRules.objects.filter(org_id=org_id).first() or ProcedureRules(org_id=org_id)


def hearing_threshold_for(case: Case) -> int:
    """较大数额罚款 for this party (个人 / 生产经营单位), as the bureau set it (行政处罚法 art. 63)."""
    return rules_for(case.org_id).hearing_fine_for(case.party.kind)


def investigators(case: Case) -> set[int]:
    """The case's investigating officers (承办人) and the officer who registered it."""
    return {*case.officers.values_list("pk", flat=True), case.registered_by_id}


def ensure_not_investigator(case: Case, user, *, role: str, rule: str) -> None:
    if user.pk in investigators(case):
        raise ValidationError(f"{role}不得由本案调查人员担任（{rule}）。")


def decision_period_end(case: Case) -> dt.date:
    """Last day for the decision: 90 days from 立案 (art. 60) or the recorded, approved extension."""
    end = case.registered_on + dt.timedelta(days=rules_for(case.org_id).decision_days)
    if case.period_extended_until and case.period_extended_until > end:
        return case.period_extended_until
    return end


def collective_discussion_reasons(case: Case, *, fine_amount: int, suspends_business: bool,
                                  outside_band: bool) -> list[str]:
    """Why the bureau's rules class the decision as 重大违法行为/情节复杂 needing 集体讨论 (art. 57)."""
    rules = rules_for(case.org_id)
    reasons = []
    if fine_amount > rules.collective_discussion_fine:
        reasons.append(f"罚款超过{rules.collective_discussion_fine}元")
    if suspends_business:
        reasons.append("责令停产停业")
    if outside_band and rules.collective_discussion_on_departure:
        reasons.append("超出裁量基准")
    return reasons


def ensure_decision_gates(case: Case, *, decided_on: dt.date, fine_amount: int, suspends_business: bool,
                          outside_band: bool) -> None:
    """听证报告, 集体讨论 and the decision period, checked before a decision is written."""
    if case.statement and not case.statement_answer:
        raise ValidationError("当事人提出的陈述、申辩尚未复核（采纳或不采纳及理由），不得作出行政处罚决定"
                              "（《中华人民共和国行政处罚法》第四十五条）。")
    if case.hearing_requested:
        hearing = Hearing.objects.filter(case=case).first()
        if hearing is None or hearing.report_on is None or hearing.report_on > decided_on:
            raise ValidationError("当事人要求听证，听证结束并形成听证报告前不得作出行政处罚决定"
                                  "（《中华人民共和国行政处罚法》第六十四条、第六十五条）。")
    reasons = collective_discussion_reasons(case, fine_amount=fine_amount, suspends_business=suspends_business,
                                            outside_band=outside_band)
    if reasons and not case.collective_discussions.filter(held_on__lte=decided_on).exists():
        raise ValidationError(f"本案{'、'.join(reasons)}，属本机关规定的重大违法行为，须经行政机关负责人集体讨论"
                              f"后作出决定（《中华人民共和国行政处罚法》第五十七条第二款）；请先登记集体讨论记录。")
    end = decision_period_end(case)
    if decided_on > end:
        raise ValidationError({"decided_on": (
            f"自立案之日（{cn_date(case.registered_on)}）起作出行政处罚决定的期限至{cn_date(end)}届满，"
            f"逾期未作决定且未经批准延长（《中华人民共和国行政处罚法》第六十条）。")})


@transaction.atomic
def hearing_request(*, user, case: Case, requested_on: dt.date) -> Hearing:
    """当事人要求听证: only where the right was notified and within 5 working days (arts. 63, 64(一), 85)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if not case.hearing_notified:
        raise ValidationError("本案拟作出的处罚不属于较大数额罚款或责令停产停业等情形，未告知听证权利"
                              "（《中华人民共和国行政处罚法》第六十三条）。")
    if Hearing.objects.filter(case=case).exists():
        raise ValidationError("当事人已要求听证。")
    if case.notified_on and requested_on < case.notified_on:
        raise ValidationError({"requested_on": "申请听证日期不得早于告知日期。"})
    if case.hearing_request_deadline and requested_on > case.hearing_request_deadline:
        raise ValidationError({"requested_on": (
            f"听证申请期限已于{cn_date(case.hearing_request_deadline)}届满，当事人逾期未提出，视为放弃听证"
            f"（《中华人民共和国行政处罚法》第六十四条第一项）。")})
    hearing = Hearing.objects.create(case=case, requested_on=requested_on, recorded_by=user)
    audit("cases.hearing.request", user=user, obj=hearing, org_id=case.org_id)
    before = snapshot(case)
    case.hearing_requested = True
    save_locked(case, expected_version=None, fields=["hearing_requested"])
    audit("cases.case.hearing_requested", user=user, obj=case, before=before)
    return hearing


@transaction.atomic
def hearing_schedule(*, user, hearing: Hearing, expected_version: int, host, notified_on: dt.date,
                     held_on: dt.date, place: str) -> Hearing:
    """听证通知: the 主持人 is not an investigator (art. 64(四)); the notice goes out 7 working days before."""
    hearing = locked(Hearing, hearing.pk)
    case = locked(Case, hearing.case_id)
    ensure_role(user, case.org_id, CASE_WORKERS)
    ensure_not_frozen(case)
    if hearing.reported:
        raise ValidationError("听证报告已作出，不能再变更听证安排。")
    ensure_not_investigator(case, host, role="听证主持人", rule="《中华人民共和国行政处罚法》第六十四条第四项")
    if getattr(host, "org_id", case.org_id) != case.org_id:
        raise ValidationError({"host": "听证主持人须为本机关人员。"})
    if notified_on < hearing.requested_on:
        raise ValidationError({"notified_on": "听证通知日期不得早于当事人申请听证的日期。"})
    latest = latest_hearing_notice_day(held_on)
    if notified_on > latest:
        raise ValidationError({"held_on": (
            f"应当在举行听证的七日（工作日）前通知当事人：{cn_date(held_on)}举行听证，最迟于{cn_date(latest)}通知"
            f"（《中华人民共和国行政处罚法》第六十四条第二项、第八十五条）。")})
    if not place.strip():
        raise ValidationError({"place": "请填写听证地点。"})
    before = snapshot(hearing)
    hearing.host, hearing.notified_on, hearing.held_on, hearing.place = host, notified_on, held_on, place.strip()
    save_locked(hearing, expected_version=expected_version, fields=["host", "notified_on", "held_on", "place"])
    audit("cases.hearing.schedule", user=user, obj=hearing, before=before, org_id=case.org_id)
    return hearing


@transaction.atomic
def hearing_report(*, user, hearing: Hearing, expected_version: int, transcript_signed: bool, report: str,
                   report_on: dt.date) -> Hearing:
    """听证笔录 signed and 听证报告 by the 主持人 (arts. 64(八), 65): only then may the decision follow."""
    hearing = locked(Hearing, hearing.pk)
    case = locked(Case, hearing.case_id)
    ensure_role(user, case.org_id, CASE_WORKERS | REVIEWER)
    ensure_not_frozen(case)
    if hearing.held_on is None or hearing.host_id is None:
        raise ValidationError("听证尚未安排（主持人、时间、地点），不能作出听证报告。")
    if user.pk != hearing.host_id:
        raise ValidationError("听证报告由听证主持人作出（《中华人民共和国行政处罚法》第六十五条）。")
    if not transcript_signed:
        raise ValidationError({"transcript_signed": "听证笔录应当交当事人或者其代理人核对无误后签字或者盖章"
                                                    "（《中华人民共和国行政处罚法》第六十四条第八项）。"})
    if report_on < hearing.held_on:
        raise ValidationError({"report_on": "听证报告日期不得早于举行听证的日期。"})
    if not report.strip():
        raise ValidationError({"report": "请填写听证报告（事实、证据、适用依据和处理意见）。"})
    before = snapshot(hearing)
    hearing.transcript_signed, hearing.report, hearing.report_on = True, report.strip(), report_on
    save_locked(hearing, expected_version=expected_version, fields=["transcript_signed", "report", "report_on"])
    audit("cases.hearing.report", user=user, obj=hearing, before=before, org_id=case.org_id)
    return hearing


@transaction.atomic
def collective_discussion_record(*, user, case: Case, held_on: dt.date, chair: str, attendees: str,
                                 conclusion: str, opinions: str = "") -> CollectiveDiscussion:
    """集体讨论记录 (art. 57 ¶2): chair, at least three attendees and the conclusion, after the 法制审核."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, CASE_WORKERS)
    ensure_not_frozen(case)
    if case.status not in (Case.Status.REVIEWED, Case.Status.APPROVED):
        raise ValidationError("集体讨论在法制审核通过后、作出决定前进行。")
    record = CollectiveDiscussion(case=case, held_on=held_on, chair=chair.strip(), attendees=attendees.strip(),
                                  opinions=opinions.strip(), conclusion=conclusion.strip(), recorded_by=user)
    if not record.chair:
        raise ValidationError({"chair": "请填写主持集体讨论的行政机关负责人。"})
    if len(record.attendee_names) < 3:
        raise ValidationError({"attendees": "集体讨论须由行政机关负责人集体进行，请列明至少三名参加人员。"})
    if not record.conclusion:
        raise ValidationError({"conclusion": "请填写集体讨论结论。"})
    if held_on < case.registered_on:
        raise ValidationError({"held_on": "讨论日期不得早于立案日期。"})
    record.save()
    audit("cases.collective_discussion.record", user=user, obj=record, org_id=case.org_id)
    return record


@transaction.atomic
def case_period_extend(*, user, case: Case, expected_version: int, until: dt.date, reason: str) -> Case:
    """延长办案期限: approved by the 负责人 with its reason and basis (art. 60: 另有规定的，从其规定)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, APPROVER)
    ensure_not_frozen(case)
    if PenaltyDecision.objects.filter(case=case).exists():
        raise ValidationError("本案已作出决定，无需延长办案期限。")
    if until <= decision_period_end(case):
        raise ValidationError({"until": f"延长后的期限须晚于现有期限（{cn_date(decision_period_end(case))}）。"})
    if not reason.strip():
        raise ValidationError({"reason": "请载明延长办案期限的理由和依据。"})
    before = snapshot(case)
    case.period_extended_until, case.period_extension_reason = until, reason.strip()[:300]
    case.period_extension_approved_by = user
    save_locked(case, expected_version=expected_version,
                fields=["period_extended_until", "period_extension_reason", "period_extension_approved_by"])
    audit("cases.case.period_extend", user=user, obj=case, before=before)
    return case


def ensure_payment_relief_lawful(*, user, applied_on: dt.date | None, granted_on: dt.date, reason: str) -> None:
    """暂缓/分期缴纳 (行政处罚法 art. 66 ¶2): the party's written application, approved by the 负责人."""
    if user.role not in APPROVER:
        raise PermissionDenied("暂缓或分期缴纳罚款须经行政机关负责人批准（《中华人民共和国行政处罚法》第六十六条）。")
    if applied_on is None or not reason.strip():
        raise ValidationError({"applied_on": "暂缓或分期缴纳罚款须由当事人书面申请，请填写申请日期和申请理由"
                                             "（《中华人民共和国行政处罚法》第六十六条）。"})
    if applied_on > granted_on:
        raise ValidationError({"applied_on": "批准日期不得早于当事人申请日期。"})


# ---------------------------------------------------------------- numbers (立案编号, 不予处罚决定书编号)
def next_number(*, org, kind: str, year: int) -> str:
    """The next number of `kind` for the bureau and year, from its `CaseNumberCounter` row locked with
    `select_for_update()` in the caller's transaction (no count()+1: concurrent registrations never share
    a number, a rolled-back one leaves no gap); formatted with the bureau's pattern. The unique
    constraints on `Case.number` and `PenaltyDecision.number` are the last line of defence."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the registering transaction")
    if not CaseNumberCounter.objects.filter(org=org, kind=kind, year=year).exists():
        try:
            with transaction.atomic():  # savepoint: a concurrent creator wins, we then lock its row
                CaseNumberCounter.objects.create(org=org, kind=kind, year=year, last_seq=0)
        except IntegrityError:
            pass
    counter = CaseNumberCounter.objects.select_for_update().get(org=org, kind=kind, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    rules = rules_for(org.pk)
    pattern = rules.case_number_pattern if kind == CaseNumberCounter.Kind.CASE else rules.no_penalty_number_pattern
    return pattern.format(short=org.short_name or org.name, year=year, seq=counter.last_seq)


RULE_FIELDS = ("hearing_fine_person", "hearing_fine_unit", "collective_discussion_fine",
               "collective_discussion_on_departure", "decision_days", "case_number_pattern",
               "no_penalty_number_pattern")


@transaction.atomic
def procedure_rules_update(*, user, org_id: int, expected_version: int | None, **values) -> ProcedureRules:
    """本机关办案程序规则 set by the 负责人: 较大数额 per party kind, 集体讨论 threshold, decision period, numbers."""
    ensure_role(user, org_id, APPROVER)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(f"未知的规则字段：{'、'.join(sorted(unknown))}")
    rules = ProcedureRules.objects.select_for_update().filter(org_id=org_id).first()
    created = rules is None
    if rules is None:
        rules = ProcedureRules(org_id=org_id)
    for name in ("case_number_pattern", "no_penalty_number_pattern"):
        if name in values:
            pattern = str(values[name]).strip()
            try:
                sample = pattern.format(short="某应急", year=2024, seq=1)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValidationError({name: "编号格式只能使用 {short}、{year}、{seq} 三个占位符。"}) from exc
            if "{year}" not in pattern or "{seq}" not in pattern or not sample.strip():
                raise ValidationError({name: "编号格式必须包含 {year} 和 {seq}，以保证每年每号唯一。"})
            values[name] = pattern
    if "decision_days" in values and not 1 <= int(values["decision_days"]) <= 90:
        raise ValidationError({"decision_days": "作出决定的期限不得超过立案之日起九十日（《中华人民共和国行政处罚法》第六十条）；"
                                                "延长须逐案经负责人批准。"})
    before = None if created else snapshot(rules)
    for name, value in values.items():
        setattr(rules, name, value)
    if created:
        rules.save()
    else:
        save_locked(rules, expected_version=expected_version, fields=list(values))
    audit("cases.procedure_rules.update", user=user, obj=rules, before=before, org_id=org_id)
    return rules


def decision_flags(decision: PenaltyDecision) -> list[str]:
    """The gates a stored decision does not meet (read only; for oversight: a decision issued before the
    gates existed, or imported, is a red flag). Empty when every gate held."""
    case = decision.case
    outside = (decision.band_min is not None and decision.band_max is not None
               and not decision.band_min <= decision.fine_amount <= decision.band_max)
    checks = [
        lambda: ensure_statutory_range(case, outcome=decision.outcome, fine_amount=decision.fine_amount,
                                       departure_reason=decision.departure_reason),
        lambda: ensure_not_heavier_than_notified(case, outcome=decision.outcome, fine_amount=decision.fine_amount),
        lambda: ensure_statement_period_over(case, decided_on=decision.decided_on),
        lambda: ensure_decision_gates(case, decided_on=decision.decided_on, fine_amount=decision.fine_amount,
                                      suspends_business=decision.suspends_business, outside_band=outside),
    ]
    flags = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            flags.extend(exc.messages)
    return flags
