"""The penalty case (立案 … 归档) and its steps: 法制审核, 处罚决定, 送达, 执行 (暂缓/分期), 回访."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel

from ..permissions import APPROVER, CASE_WORKERS, OFFICER, REVIEWER, role_permission
from .evidence import evidence_relation
from .inspections import Outcome


class Case(FSMModelMixin, VersionedModel):
    """行政处罚案件 (立案): its legal status moves only by the transition methods below (django-fsm-2).

    registered → investigating → notified (告知陈述申辩/听证) → under_review (法制审核) → reviewed →
    approved → decided → delivered → executing → closed → archived. A returned legal review sends the
    case back to investigating. The no-penalty path (不予处罚) closes the case from investigating or
    from reviewed/approved with the 免罚不免责 note in `closing_note`. An archived case is frozen.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", "已立案"
        INVESTIGATING = "investigating", "调查取证"
        NOTIFIED = "notified", "已告知"
        UNDER_REVIEW = "under_review", "法制审核中"
        REVIEWED = "reviewed", "法制审核通过"
        APPROVED = "approved", "负责人已审批"
        DECIDED = "decided", "已作出决定"
        DELIVERED = "delivered", "已送达"
        EXECUTING = "executing", "执行中"
        CLOSED = "closed", "已结案"
        ARCHIVED = "archived", "已归档"

    class StatementAnswer(models.TextChoices):
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        REJECTED = "rejected", "不采纳"

    S = Status
    FROZEN = (S.ARCHIVED,)

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="cases")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="cases")
    number = models.CharField("立案编号", max_length=60, blank=True, db_index=True)
    title = models.CharField("案由", max_length=300)
    registered_on = models.DateField("立案日期")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="立案人", on_delete=models.PROTECT,
                                      related_name="+")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="承办人", related_name="cases")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED, protected=True)
    source = models.CharField("案件来源", max_length=100, blank=True, help_text="如：复查逾期未改正")
    engine_decision = models.JSONField("立案时裁量结果", default=dict, blank=True,
                                help_text="engine output re-run at escalation (corrected=overdue/refused)")
    engine_version = models.CharField("引擎版本", max_length=40, blank=True)
    list_version = models.CharField("清单版本", max_length=60, blank=True)
    proposed_outcome = models.CharField("拟处理结果", max_length=16, choices=Outcome.choices, blank=True)
    proposed_fine = models.PositiveIntegerField("拟罚款数额（元）", null=True, blank=True)
    proposed_suspension = models.BooleanField("拟责令停产停业", default=False)
    hearing_threshold = models.PositiveIntegerField("听证告知数额（元）", null=True, blank=True)
    hearing_notified = models.BooleanField("已告知听证权利", default=False)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    statement_deadline = models.DateField("陈述申辩截止日", null=True, blank=True,
                                          help_text="告知后 CASES_STATEMENT_WORKDAYS（默认3）个工作日（行政处罚法第八十五条）")
    hearing_request_deadline = models.DateField("听证申请截止日", null=True, blank=True,
                                                help_text="告知听证权利后5个工作日（行政处罚法第六十四条、第八十五条）")
    notice_document = models.ForeignKey("documents.Document", verbose_name="行政处罚告知书", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    statement = models.TextField("陈述申辩意见", blank=True)
    statement_answer = models.CharField("陈述申辩复核结论", max_length=8, choices=StatementAnswer.choices, blank=True)
    statement_answer_reason = models.TextField("采纳或不采纳的理由", blank=True)
    hearing_requested = models.BooleanField("要求听证", default=False)
    statement_waived_on = models.DateField("书面放弃陈述申辩日期", null=True, blank=True,
                                           help_text="当事人书面表示放弃陈述申辩（和听证）权利的日期")
    statement_waiver_note = models.CharField("放弃陈述申辩的书面材料", max_length=200, blank=True)
    period_extended_until = models.DateField("延长后的决定期限", null=True, blank=True,
                                             help_text="行政处罚法第六十条：法律、法规、规章另有规定的，从其规定")
    period_extension_reason = models.CharField("延长期限的理由和依据", max_length=300, blank=True)
    period_extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="延长期限批准人",
                                                     null=True, blank=True, on_delete=models.PROTECT,
                                                     related_name="+")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("结案说明", blank=True, help_text="不予处罚结案须载明“免罚不免责”")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archive_sha256 = models.CharField("归档包摘要", max_length=64, blank=True)
    evidence = evidence_relation()

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-registered_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], condition=~models.Q(number=""),
                                               name="case_number_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.number or '案件' + str(self.pk)} {self.title}"

    @property
    def statement_deadline_warning(self) -> str:
        """暂按周末推算 warning when the 陈述申辩 deadline ran into a year whose 节假日安排 is not known."""
        from rouxing.core.workdays import provisional_message

        return provisional_message(self.notified_on, self.statement_deadline)

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    @property
    def fine_band(self) -> dict | None:
        return (self.engine_decision or {}).get("fine")

    @property
    def hearing_required(self) -> bool:
        """听证告知 (行政处罚法 art. 63): 较大数额罚款 (at or above `hearing_threshold`) or 责令停产停业."""
        if self.proposed_suspension:
            return True
        return bool(self.hearing_threshold and self.proposed_fine and self.proposed_fine >= self.hearing_threshold)

    # --- Transitions (the legal status machine). Services call them after their gates; a method with
    # `target=None` changes no status but declares a step open in those states (its button).
    _BEFORE_DECISION = [S.NOTIFIED, S.UNDER_REVIEW, S.REVIEWED, S.APPROVED]

    @transition(field=status, source=S.REGISTERED, target=S.INVESTIGATING, permission=role_permission(OFFICER),
                custom={"label": "开始调查取证"})
    def start_investigation(self) -> None:
        """立案 is followed at once by 调查取证."""

    @transition(field=status, source=S.INVESTIGATING, target=S.NOTIFIED, permission=role_permission(OFFICER),
                custom={"label": "告知拟处罚及陈述申辩、听证权利", "url_name": "cases:notify"})
    def notify(self) -> None:
        """告知 (行政处罚法 art. 44)."""

    @transition(field=status, source=S.NOTIFIED, target=None, permission=role_permission(OFFICER),
                custom={"label": "登记陈述申辩", "url_name": "cases:statement"})
    def record_statement(self) -> None:
        """Step: 陈述申辩 is registered while the case is notified."""

    @transition(field=status, source=_BEFORE_DECISION, target=None, permission=role_permission(CASE_WORKERS),
                conditions=[lambda c: bool(c.statement) and not c.statement_answer],
                custom={"label": "陈述申辩复核", "url_name": "cases:statement_answer"})
    def answer_statement(self) -> None:
        """Step: 复核 of the party's 陈述申辩 (art. 45)."""

    @transition(field=status, source=_BEFORE_DECISION, target=None, permission=role_permission(OFFICER),
                conditions=[lambda c: c.statement_waived_on is None],
                custom={"label": "登记书面放弃陈述申辩", "url_name": "cases:statement_waive"})
    def waive_statement(self) -> None:
        """Step: the party waives 陈述申辩 in writing."""

    @transition(field=status, source=S.INVESTIGATING, target=S.UNDER_REVIEW, permission=role_permission(OFFICER),
                conditions=[lambda c: c.notified_on is not None],
                custom={"label": "提请法制审核", "url_name": "cases:review_submit"})
    @transition(field=status, source=S.NOTIFIED, target=S.UNDER_REVIEW, permission=role_permission(OFFICER),
                custom={"label": "提请法制审核", "url_name": "cases:review_submit"})
    def submit_review(self) -> None:
        """提请法制审核 (the case was notified first)."""

    @transition(field=status, source=S.UNDER_REVIEW, target=S.REVIEWED, permission=role_permission(REVIEWER),
                custom={"label": "法制审核通过", "button": "法制审核", "url_name": "cases:review"})
    def pass_review(self) -> None:
        """法制审核 approves the case."""

    @transition(field=status, source=S.UNDER_REVIEW, target=S.INVESTIGATING, permission=role_permission(REVIEWER),
                custom={"label": "法制审核退回补正", "button": "法制审核", "url_name": "cases:review"})
    def return_review(self) -> None:
        """法制审核 returns the case with opinions."""

    @transition(field=status, source=_BEFORE_DECISION, target=None, permission=role_permission(CASE_WORKERS),
                conditions=[lambda c: hasattr(c, "hearing") and c.hearing.report_on is None],
                custom={"label": "听证通知", "url_name": "cases:hearing_schedule"})
    def schedule_hearing(self) -> None:
        """Step: 听证通知 once a hearing was requested."""

    @transition(field=status, source=_BEFORE_DECISION, target=None,
                permission=role_permission(CASE_WORKERS, REVIEWER),
                conditions=[lambda c: hasattr(c, "hearing") and bool(c.hearing.held_on) and c.hearing.report_on is None],
                custom={"label": "听证笔录与听证报告", "url_name": "cases:hearing_report"})
    def report_hearing(self) -> None:
        """Step: 听证笔录 and 听证报告 after the hearing was held."""

    @transition(field=status, source=[S.REVIEWED, S.APPROVED], target=None, permission=role_permission(CASE_WORKERS),
                custom={"label": "登记集体讨论", "url_name": "cases:collective_discussion"})
    def record_discussion(self) -> None:
        """Step: 集体讨论 (art. 57 ¶2)."""

    @transition(field=status, source=[S.REGISTERED, S.INVESTIGATING, *_BEFORE_DECISION], target=None,
                permission=role_permission(APPROVER), custom={"label": "延长办案期限", "url_name": "cases:period_extend"})
    def extend_period(self) -> None:
        """Step: 延长办案期限 (art. 60)."""

    @transition(field=status, source=S.REVIEWED, target=S.APPROVED, permission=role_permission(APPROVER),
                custom={"label": "负责人审批", "url_name": "cases:approve"})
    def approve(self) -> None:
        """负责人审批 after an approved legal review."""

    @transition(field=status, source=S.REVIEWED, target=S.INVESTIGATING, permission=role_permission(APPROVER),
                custom={"label": "负责人退回", "button": "负责人审批", "url_name": "cases:approve"})
    def return_approval(self) -> None:
        """负责人 returns the case with written reasons."""

    @transition(field=status, source=S.APPROVED, target=S.DECIDED, permission=role_permission(CASE_WORKERS),
                custom={"label": "作出处罚决定", "url_name": "cases:decision"})
    def decide(self) -> None:
        """行政处罚决定 (or 不予行政处罚决定) issued."""

    @transition(field=status, source=S.DECIDED, target=S.DELIVERED, permission=role_permission(OFFICER),
                custom={"label": "登记送达", "url_name": "cases:delivery"})
    def deliver(self) -> None:
        """The decision was delivered (送达)."""

    @transition(field=status, source=S.DELIVERED, target=S.EXECUTING, permission=role_permission(CASE_WORKERS),
                custom={"label": "安排执行（一次缴纳/暂缓/分期）", "url_name": "cases:execution"})
    def execute(self) -> None:
        """执行 arranged (one payment, 暂缓 or 分期)."""

    @transition(field=status, source=S.EXECUTING, target=None, permission=role_permission(CASE_WORKERS),
                custom={"label": "登记缴款"})
    def record_payment(self) -> None:
        """Step: payments are registered per instalment while executing (buttons on the instalment rows)."""

    @transition(field=status, source=[S.REGISTERED, S.INVESTIGATING], target=S.CLOSED,
                permission=role_permission(OFFICER), conditions=[lambda c: c.proposed_outcome == "no_penalty"],
                custom={"label": "不予处罚结案", "url_name": "cases:close"})
    @transition(field=status, source=[S.DELIVERED, S.EXECUTING], target=S.CLOSED, permission=role_permission(OFFICER),
                custom={"label": "结案", "url_name": "cases:close"})
    def close(self) -> None:
        """结案 (免罚不免责 on the no-penalty path)."""

    @transition(field=status, source=S.CLOSED, target=S.ARCHIVED, permission=role_permission(OFFICER),
                custom={"label": "归档", "url_name": "cases:archive"})
    def archive(self) -> None:
        """归档: the file is sealed (frozen)."""


class LegalReview(TimeStampedModel):
    """法制审核 (seed 002 item 5, seed 003 三项制度): mandatory before any penalty decision."""

    class Result(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "审核通过"
        RETURNED = "returned", "退回补正"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="legal_reviews")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("提交时间")
    submission_note = models.TextField("提请审核说明", blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    result = models.CharField("审核结论", max_length=16, choices=Result.choices, default=Result.PENDING)
    opinions = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} 法制审核 {self.get_result_display()}"


class PenaltyDecision(VersionedModel):
    """行政处罚决定 (or 不予行政处罚决定): issued only after an approved legal review."""

    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="decision")
    legal_review = models.ForeignKey(LegalReview, verbose_name="法制审核", on_delete=models.PROTECT,
                                     related_name="+")
    number = models.CharField("决定书编号", max_length=60, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name="行政处罚决定书", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices)
    fine_amount = models.PositiveIntegerField("罚款数额（元）", default=0)
    band_min = models.PositiveIntegerField("裁量基准下限（元）", null=True, blank=True)
    band_max = models.PositiveIntegerField("裁量基准上限（元）", null=True, blank=True)
    departure_reason = models.TextField("超出裁量基准的理由", blank=True)
    other_penalties = models.CharField("其他处罚", max_length=200, blank=True, help_text="如：警告")
    suspends_business = models.BooleanField("责令停产停业", default=False)
    reasoning = models.TextField("说理")
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT,
                                   related_name="+")
    payment_days = models.PositiveIntegerField("缴款期限（日）", default=15)
    delivery_deadline = models.DateField("送达期限", null=True, blank=True,
                                         help_text="决定后7个工作日内送达（行政处罚法第六十一条、第八十五条）")
    publicity_deadline = models.DateField("公示期限", null=True, blank=True,
                                          help_text="决定后7个工作日内公示（CASES_DECISION_PUBLICITY_WORKDAYS）")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="公示人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    publicity_withdrawn_at = models.DateTimeField("撤回公示时间", null=True, blank=True)
    publicity_withdrawal_reason = models.CharField("撤回公示理由", max_length=200, blank=True)
    publicity_record = models.ForeignKey("parties.CreditRecord", verbose_name="信用记录（行政处罚信息公示）",
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行政处罚决定"
        verbose_name_plural = "行政处罚决定"
        constraints = [models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""),
                                               name="decision_number_unique")]

    def __str__(self) -> str:
        return f"{self.number or '决定'} {self.get_outcome_display()} {self.fine_amount}元"

    @property
    def publicity_deadline_warning(self) -> str:
        """暂按周末推算 warning when the 公示 deadline crossed a year whose 节假日安排 is not known yet."""
        from rouxing.core.workdays import provisional_message

        if self.published_at is not None:
            return ""
        return provisional_message(self.decided_on, self.publicity_deadline)

    @property
    def publicity_required(self) -> bool:
        """A penalty is published (行政处罚决定公示); a 不予行政处罚 decision is not (no seed asks for it)."""
        return self.outcome != Outcome.NO_PENALTY

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.publicity_withdrawn_at is None

    @property
    def publicity_state(self) -> str:
        if not self.publicity_required:
            return "不予公示（不予行政处罚）"
        if self.publicity_withdrawn_at is not None:
            return "已撤回公示"
        return "公示中" if self.published_at is not None else "待公示"

    @property
    def inside_band(self) -> bool:
        if self.band_min is None or self.band_max is None:
            return True
        return self.band_min <= self.fine_amount <= self.band_max

    def clean(self) -> None:
        if not self.inside_band and not (self.departure_reason or "").strip():
            raise ValidationError({"fine_amount": f"罚款数额超出裁量基准（{self.band_min}–{self.band_max}元），须书面说明理由。"})


class Execution(FSMModelMixin, VersionedModel):
    """执行: payment at once, or 暂缓/分期 granted on the party's application (行政处罚法 art. 66)."""

    class Kind(models.TextChoices):
        FULL = "full", "一次性缴纳"
        DEFERRED = "deferred", "暂缓缴纳"
        INSTALMENTS = "instalments", "分期缴纳"

    class Status(models.TextChoices):
        ONGOING = "ongoing", "执行中"
        COMPLETED = "completed", "执行完毕"

    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="execution")
    kind = models.CharField("执行方式", max_length=16, choices=Kind.choices)
    total_amount = models.PositiveIntegerField("应缴金额（元）")
    reason = models.TextField("申请理由", blank=True)
    applied_on = models.DateField("当事人书面申请日期", null=True, blank=True,
                                  help_text="暂缓或分期缴纳须经当事人书面申请（行政处罚法第六十六条）")
    granted_on = models.DateField("批准日期")
    deferred_until = models.DateField("暂缓至", null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT,
                                   related_name="+")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.ONGOING, protected=True)

    class Meta:
        verbose_name = "执行"
        verbose_name_plural = "执行"

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @transition(field=status, source=Status.ONGOING, target=Status.COMPLETED,
                permission=role_permission(CASE_WORKERS), custom={"label": "执行完毕（各期均已缴纳）"})
    def complete(self) -> None:
        """Every instalment is paid."""

    @property
    def paid_amount(self) -> int:
        return sum(i.paid_amount or 0 for i in self.instalments.all())

    def late_fee(self, as_of: dt.date) -> int:
        """加处罚款 of all instalments as of `as_of` (paid ones as collected), never above the fine (art. 72)."""
        return min(self.total_amount, sum(i.late_fee_on(as_of) for i in self.instalments.all()))


class Instalment(VersionedModel):
    """分期 (or the single payment): amount, due date and payment record."""

    execution = models.ForeignKey(Execution, verbose_name="执行", on_delete=models.PROTECT,
                                  related_name="instalments")
    seq = models.PositiveSmallIntegerField("期次")
    amount = models.PositiveIntegerField("金额（元）")
    due_on = models.DateField("应缴日期")
    paid_on = models.DateField("缴纳日期", null=True, blank=True)
    paid_amount = models.PositiveIntegerField("实缴金额（元）", null=True, blank=True)
    receipt_no = models.CharField("缴款凭证号", max_length=60, blank=True)
    late_fee = models.PositiveIntegerField("加处罚款（元）", default=0,
                                           help_text="逾期缴纳时一并收取（行政处罚法第七十二条）")

    LATE_FEE_PERCENT_PER_DAY = 3

    class Meta:
        verbose_name = "分期缴纳"
        verbose_name_plural = "分期缴纳"
        ordering = ["execution", "seq"]
        constraints = [models.UniqueConstraint(fields=["execution", "seq"], name="instalment_seq_unique")]

    def __str__(self) -> str:
        return f"第{self.seq}期 {self.amount}元 {self.due_on}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    def overdue_days(self, as_of: dt.date) -> int:
        end = self.paid_on or as_of
        return max(0, (end - self.due_on).days)

    def late_fee_on(self, as_of: dt.date) -> int:
        """加处罚款 (行政处罚法 art. 72(一)): 3% of the overdue amount per day after the due date, capped at
        the amount itself; rounded to the yuan (half up). A paid instalment keeps what was collected."""
        if self.paid_on is not None:
            return self.late_fee
        raw = self.amount * self.LATE_FEE_PERCENT_PER_DAY * self.overdue_days(as_of)
        return min(self.amount, (raw + 50) // 100)


class ReturnVisit(FSMModelMixin, VersionedModel):
    """行政执法案件回访登记表 (seed 001 annex 7 item 6), due a configured number of days after closing."""

    class Status(models.TextChoices):
        DUE = "due", "待回访"
        DONE = "done", "已回访"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT,
                            related_name="return_visits")
    case = models.ForeignKey(Case, verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="return_visits")
    finding = models.ForeignKey("cases.Finding", verbose_name="检查发现问题", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="return_visits")
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="return_visits")
    due_on = models.DateField("应回访日期")
    status = FSMField("状态", max_length=8, choices=Status.choices, default=Status.DUE, protected=True)
    visited_on = models.DateField("回访日期", null=True, blank=True)
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    handling_unit = models.CharField("承办机构", max_length=100, blank=True)
    handler = models.CharField("承办人", max_length=100, blank=True)
    responsible_person = models.CharField("负责人姓名", max_length=50, blank=True)
    execution_status = models.TextField("行政执法决定执行情况、违法行为整改情况", blank=True)
    remedial_measures = models.TextField("整改措施（未改正的应采取的改正措施）", blank=True)
    conduct_opinion = models.TextField("案件承办人依照法定程序办案、廉洁执法情况", blank=True)
    suggestions = models.TextField("对执法机关的建议及需要帮助解决的问题", blank=True)
    party_signatory = models.CharField("回访对象签名", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "行政执法案件回访"
        verbose_name_plural = "行政执法案件回访"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.party} 回访 {self.due_on}"

    @transition(field=status, source=Status.DUE, target=Status.DONE, permission=role_permission(OFFICER),
                custom={"label": "登记回访", "url_name": "cases:return_visit"})
    def record(self) -> None:
        """回访登记 (seed 001 annex 7 item 6)."""
