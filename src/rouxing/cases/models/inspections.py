"""Inspection side of a case: 检查, 发现问题 (清单式执法), 柔性措施, 承诺书, 责令限期改正, 复查."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel
from rouxing.core.workdays import add_calendar_days, add_workdays

from ..permissions import OFFICER, role_permission
from .evidence import evidence_relation


class Outcome(models.TextChoices):
    """Outcomes of the decision contract (不予处罚 / 减轻 / 从轻 / 一般 / 从重)."""

    NO_PENALTY = "no_penalty", "不予行政处罚"
    REDUCED = "reduced", "减轻行政处罚"
    LIGHTER = "lighter", "从轻行政处罚"
    STANDARD = "standard", "一般行政处罚"
    HEAVIER = "heavier", "从重行政处罚"


LENIENT_OUTCOMES = (Outcome.NO_PENALTY, Outcome.REDUCED, Outcome.LIGHTER)


class Inspection(FSMModelMixin, VersionedModel):
    """执法检查: one visit to a party by at least two officers holding 执法证 (行政处罚法 art. 42)."""

    class Kind(models.TextChoices):
        PLANNED = "planned", "计划内检查"
        UNPLANNED = "unplanned", "计划外检查"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "检查中"
        COMPLETED = "completed", "检查完毕"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="inspections")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="inspections")
    kind = models.CharField("检查类型", max_length=16, choices=Kind.choices, default=Kind.PLANNED)
    plan_ref = models.CharField("检查计划编号", max_length=60, blank=True)
    inspected_on = models.DateField("检查日期")
    place = models.CharField("检查地点", max_length=200)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="执法人员", related_name="inspections")
    checklist = models.JSONField("检查事项", default=list, blank=True,
                                 help_text="[{item, result: ok|problem|na, note}]")
    note = models.TextField("检查情况", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.IN_PROGRESS, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+")
    evidence = evidence_relation()

    class Meta:
        verbose_name = "执法检查"
        verbose_name_plural = "执法检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.party} 检查"

    @transition(field=status, source=Status.IN_PROGRESS, target=Status.COMPLETED, permission=role_permission(OFFICER),
                custom={"label": "检查完毕"})
    def complete(self) -> None:
        """检查完毕 (counted by the plan-completion statistics)."""


class Voidable(models.Model):
    """作废: a record entered in error is kept, marked void with who, when and why, and left out of the
    statistics (it stays readable and on the timeline)."""

    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.TextField("作废理由", blank=True)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class Finding(FSMModelMixin, Voidable, VersionedModel):
    """发现的问题 (清单式执法): violation, 判定依据, 产生原因, 整改建议, and the engine's decision.

    `facts` is the decision contract's input, `decision` its output (stored whole, with trace). While
    the correction is still pending (`corrected` = not_yet) the engine is also asked what follows if
    the party corrects within the deadline (`prospect`); that is the recommended path, re-evaluated
    with the real result at 复查.
    `chosen_outcome` differing from `recommended_outcome` is a departure: it needs a written
    `departure_reason` and is flagged for legal review (`needs_legal_review`).
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", "已记录"
        RECTIFYING = "rectifying", "限期整改中"
        CORRECTED = "corrected", "已改正"
        ESCALATED = "escalated", "已立案"
        CLOSED = "closed", "已办结"
        VOIDED = "voided", "已作废"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="findings")
    inspection = models.ForeignKey(Inspection, verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="findings")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="findings")
    violation = models.ForeignKey("lists.Violation", verbose_name="违法行为", on_delete=models.PROTECT,
                                  related_name="findings")
    list_item = models.ForeignKey("lists.ListItem", verbose_name="适用清单事项", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="findings")
    found_on = models.DateField("发现日期")
    violation_date = models.DateField("违法行为发生日期", null=True, blank=True)
    description = models.TextField("问题描述")
    facts = models.JSONField("裁量事实", default=dict, blank=True)
    basis = models.TextField("判定依据")
    cause = models.TextField("产生原因")
    suggested_fix = models.TextField("整改建议")
    decision = models.JSONField("裁量结果", default=dict, blank=True)
    prospect = models.JSONField("按期改正时的裁量结果", default=dict, blank=True,
                                help_text="engine output with corrected=within_deadline, while correction is pending")
    engine_version = models.CharField("引擎版本", max_length=40, blank=True)
    list_version = models.CharField("清单版本", max_length=60, blank=True)
    recommended_outcome = models.CharField("建议结果", max_length=16, choices=Outcome.choices, blank=True)
    chosen_outcome = models.CharField("采纳结果", max_length=16, choices=Outcome.choices, blank=True)
    departure_reason = models.TextField("不采纳建议的理由", blank=True)
    needs_legal_review = models.BooleanField("需法制审核", default=False)
    coercion_withheld = models.BooleanField("不予行政强制", default=False)
    decided_on = models.DateField("结果确定日期", null=True, blank=True)
    closing_note = models.TextField("办结说明", blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.RECORDED, protected=True)
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="findings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    evidence = evidence_relation()

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["org", "violation", "found_on"])]

    def __str__(self) -> str:
        return f"{self.party} {self.violation.name}"

    # --- Transitions: services call them after their gates (the Chinese refusals stay there).
    S = Status
    _OPEN = [S.RECORDED, S.RECTIFYING, S.CORRECTED]

    @transition(field=status, source=[S.RECORDED, S.RECTIFYING], target=S.RECTIFYING,
                permission=role_permission(OFFICER),
                custom={"label": "责令限期改正", "url_name": "cases:rectification_new"})
    def order_rectification(self) -> None:
        """责令限期改正 issued (again, for a second order)."""

    @transition(field=status, source=_OPEN, target=S.CORRECTED, permission=role_permission(OFFICER),
                custom={"label": "复查：已按期改正"})
    def mark_corrected(self) -> None:
        """复查 found the order complied with; the engine decided again on the real facts."""

    @transition(field=status, source=[*_OPEN, S.CLOSED], target=S.ESCALATED, permission=role_permission(OFFICER),
                custom={"label": "立案"})
    def escalate(self) -> None:
        """立案: the finding goes into a case."""

    @transition(field=status, source=[S.RECORDED, S.CORRECTED], target=S.CLOSED, permission=role_permission(OFFICER),
                conditions=[lambda f: f.chosen_outcome == Outcome.NO_PENALTY],
                custom={"label": "不予处罚办结", "button": "当场改正，不予处罚办结", "url_name": "cases:finding_close"})
    def close(self) -> None:
        """办结 without penalty: corrected on the spot (当场改正) or at 复查 (免罚不免责)."""

    @transition(field=status, source=S.ESCALATED, target=S.CLOSED, permission=role_permission(OFFICER),
                custom={"label": "随案件结案"})
    def close_with_case(self) -> None:
        """The case of the finding was closed (结案)."""

    @transition(field=status, source=[*_OPEN, S.CLOSED], target=S.VOIDED, permission=role_permission(OFFICER),
                conditions=[lambda f: f.case_id is None],
                custom={"label": "作废", "url_name": "cases:finding_void"})
    def void(self) -> None:
        """作废 (entered in error, before any case)."""

    def clean(self) -> None:
        errors = {}
        for name, label in (("basis", "判定依据"), ("cause", "产生原因"), ("suggested_fix", "整改建议")):
            if not (getattr(self, name) or "").strip():
                errors[name] = f"请填写{label}（清单式执法：每个问题须载明依据、原因和整改建议）。"
        if self.is_departure and not (self.departure_reason or "").strip():
            errors["departure_reason"] = "未采纳系统建议的裁量结果，须书面说明理由。"
        if errors:
            raise ValidationError(errors)

    @property
    def takes_records(self) -> bool:
        """A closed (已办结) or voided (已作废) finding takes no new measure, commitment, order or 复查."""
        return self.status not in (self.Status.CLOSED, self.Status.VOIDED)

    @property
    def is_departure(self) -> bool:
        return bool(self.chosen_outcome and self.recommended_outcome and self.chosen_outcome != self.recommended_outcome)

    @property
    def fine_band(self) -> dict | None:
        return (self.decision or {}).get("fine")

    @property
    def recommendation(self) -> dict:
        """The decision the recommended outcome comes from (the prospect while correction is pending)."""
        return self.prospect or self.decision or {}


class FindingRevision(TimeStampedModel):
    """事实更正记录: the facts and the engine decision a finding had before a correction, with the reason.

    `finding_correct_facts` stores one row per correction (the superseded facts and decision, `seq` 1, 2, …)
    and re-runs the engine on the new facts; the current ones stay on the finding.
    """

    finding = models.ForeignKey(Finding, verbose_name="检查发现问题", on_delete=models.CASCADE, related_name="revisions")
    seq = models.PositiveIntegerField("序号")
    facts = models.JSONField("原裁量事实", default=dict)
    decision = models.JSONField("原裁量结果", default=dict)
    prospect = models.JSONField("原按期改正时的裁量结果", default=dict, blank=True)
    recommended_outcome = models.CharField("原建议结果", max_length=16, choices=Outcome.choices, blank=True)
    chosen_outcome = models.CharField("原采纳结果", max_length=16, choices=Outcome.choices, blank=True)
    new_recommended_outcome = models.CharField("更正后建议结果", max_length=16, choices=Outcome.choices, blank=True)
    reason = models.TextField("更正理由")
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更正人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "事实更正记录"
        verbose_name_plural = "事实更正记录"
        ordering = ["finding", "seq"]
        constraints = [models.UniqueConstraint(fields=["finding", "seq"], name="finding_revision_seq_unique")]

    def __str__(self) -> str:
        return f"{self.finding} 更正{self.seq}"

    @property
    def outcome_changed(self) -> bool:
        return self.recommended_outcome != self.new_recommended_outcome


class FlexibleMeasure(Voidable, TimeStampedModel):
    """柔性执法措施: one use of one of the ten methods (seed 001 annex 6), with its written record.

    Counted in the statistics report (seed 001 annex 5) in 件 (1 per record) or 人次 (`person_count`).
    """

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="measures")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="measures")
    finding = models.ForeignKey(Finding, verbose_name="检查发现问题", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="measures")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="measures")
    method = models.ForeignKey("lists.FlexibleMethod", verbose_name="柔性执法方式", on_delete=models.PROTECT,
                               related_name="measures")
    performed_on = models.DateField("实施日期")
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="实施人", on_delete=models.PROTECT,
                                     related_name="+")
    recipient = models.CharField("实施对象", max_length=200)
    content = models.TextField("文字记录")
    person_count = models.PositiveIntegerField("人次", default=1)
    evidence = evidence_relation()

    class Meta:
        verbose_name = "柔性执法措施"
        verbose_name_plural = "柔性执法措施"
        ordering = ["-performed_on", "-id"]
        indexes = [models.Index(fields=["org", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.performed_on} {self.method} {self.recipient}"


class Commitment(FSMModelMixin, Voidable, VersionedModel):
    """保证承诺书 / 告知承诺 (seed 004): the party's written promise, with a 纠错观察期.

    `legal_study` (以学促管): a first minor violation obliges the party to attend legal study; the
    commitment counts as fulfilled only once `study_done_on` is recorded.
    """

    class Kind(models.TextChoices):
        GUARANTEE = "guarantee", "保证承诺书"
        NOTIFICATION = "notification", "告知承诺"

    class Status(models.TextChoices):
        SIGNED = "signed", "观察期中"
        FULFILLED = "fulfilled", "已履行"
        BREACHED = "breached", "未履行"
        VOIDED = "voided", "已作废"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT,
                            related_name="commitments")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="commitments")
    findings = models.ManyToManyField(Finding, verbose_name="涉及问题", related_name="commitments")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.GUARANTEE)
    content = models.TextField("承诺内容")
    signatory = models.CharField("承诺人", max_length=100)
    deadline = models.DateField("整改完成期限")
    signed_on = models.DateField("签署日期")
    observation_end = models.DateField("纠错观察期届满日")
    legal_study = models.BooleanField("须参加法治学习（以学促管）", default=False)
    study_done_on = models.DateField("完成法治学习日期", null=True, blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.SIGNED, protected=True)
    settled_on = models.DateField("核查日期", null=True, blank=True)
    settle_note = models.TextField("核查情况", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    evidence = evidence_relation()

    class Meta:
        verbose_name = "承诺书"
        verbose_name_plural = "承诺书"
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.party} {self.get_kind_display()} {self.signed_on}"

    @transition(field=status, source=Status.SIGNED, target=Status.FULFILLED, permission=role_permission(OFFICER),
                custom={"label": "核查：已履行承诺"})
    def fulfil(self) -> None:
        """核查: the promise was kept."""

    @transition(field=status, source=Status.SIGNED, target=Status.BREACHED, permission=role_permission(OFFICER),
                custom={"label": "核查：未履行承诺"})
    def breach(self) -> None:
        """核查: not kept by the deadline (its findings are escalated)."""

    @transition(field=status, source=[Status.SIGNED, Status.FULFILLED], target=Status.VOIDED,
                permission=role_permission(OFFICER), custom={"label": "作废", "url_name": "cases:commitment_void"})
    def void(self) -> None:
        """作废 (a breached commitment led to a case and stays)."""

    def clean(self) -> None:
        if self.deadline and self.signed_on and self.deadline < self.signed_on:
            raise ValidationError({"deadline": "整改完成期限不能早于签署日期。"})
        if self.observation_end and self.signed_on and self.observation_end < self.signed_on:
            raise ValidationError({"observation_end": "纠错观察期届满日不能早于签署日期。"})


class RectificationOrder(FSMModelMixin, VersionedModel):
    """责令限期改正: a deadline counted in Chinese working days (调休 included) or calendar days."""

    class DayKind(models.TextChoices):
        WORKDAYS = "workdays", "工作日"
        CALENDAR = "calendar", "自然日"

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        CORRECTED = "corrected", "已改正"
        OVERDUE = "overdue", "逾期未改正"
        REFUSED = "refused", "拒不改正"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT,
                            related_name="rectification_orders")
    finding = models.ForeignKey(Finding, verbose_name="检查发现问题", on_delete=models.PROTECT,
                                related_name="rectification_orders")
    issued_on = models.DateField("责令日期")
    period = models.PositiveIntegerField("整改期限（日）")
    day_kind = models.CharField("期限计算方式", max_length=16, choices=DayKind.choices, default=DayKind.WORKDAYS)
    deadline = models.DateField("整改期限届满日")
    requirements = models.TextField("整改要求")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, protected=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责令人", on_delete=models.PROTECT,
                                  related_name="+")
    evidence = evidence_relation()

    class Meta:
        verbose_name = "责令限期改正"
        verbose_name_plural = "责令限期改正"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.finding} 限{self.deadline}前改正"

    @transition(field=status, source=Status.OPEN, target=Status.CORRECTED, permission=role_permission(OFFICER),
                custom={"label": "复查：已按期改正", "button": "复查", "url_name": "cases:reinspect"})
    def mark_corrected(self) -> None:
        """复查: corrected on time."""

    @transition(field=status, source=Status.OPEN, target=Status.OVERDUE, permission=role_permission(OFFICER),
                custom={"label": "复查：逾期未改正", "button": "复查", "url_name": "cases:reinspect"})
    def mark_overdue(self) -> None:
        """复查: not corrected by the deadline."""

    @transition(field=status, source=Status.OPEN, target=Status.REFUSED, permission=role_permission(OFFICER),
                custom={"label": "复查：拒不改正", "button": "复查", "url_name": "cases:reinspect"})
    def mark_refused(self) -> None:
        """复查: the party refused to correct."""

    @property
    def deadline_warning(self) -> str:
        """暂按周末推算 warning for a working-day period that crossed a year whose 节假日安排 is not known."""
        from rouxing.core.workdays import provisional_message

        return provisional_message(self.issued_on, self.deadline)

    @staticmethod
    def compute_deadline(issued_on: dt.date, period: int, day_kind: str) -> dt.date:
        """Working days skip weekends and holidays and count 调休 working days; calendar days move
        a deadline that ends on a rest day to the next working day."""
        if day_kind == RectificationOrder.DayKind.WORKDAYS:
            return add_workdays(issued_on, period)
        return add_calendar_days(issued_on, period)


class Reinspection(TimeStampedModel):
    """复查: whether the order was complied with (corrected on time, overdue, or refused)."""

    class Result(models.TextChoices):
        CORRECTED = "corrected", "已按期改正"
        NOT_CORRECTED = "overdue", "逾期未改正"
        REFUSED = "refused", "拒不改正"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT,
                            related_name="reinspections")
    order = models.ForeignKey(RectificationOrder, verbose_name="责令限期改正", on_delete=models.PROTECT,
                              related_name="reinspections")
    inspected_on = models.DateField("复查日期")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="复查人员", related_name="reinspections")
    result = models.CharField("复查结论", max_length=16, choices=Result.choices)
    note = models.TextField("复查情况")
    evidence = evidence_relation()

    class Meta:
        verbose_name = "复查"
        verbose_name_plural = "复查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on} 复查 {self.get_result_display()}"

    @property
    def corrected(self) -> bool:
        return self.result == self.Result.CORRECTED
