"""Records of the enforcement paths beside the penalty case (see README.md for the state diagrams).

- `CoerciveMeasure` 行政强制措施 (行政强制法 ch. 3; 安全生产法 arts. 65, 70): 查封、扣押, 暂时停产停业,
  停止使用相关设施、设备, 停止供电 — proposed from a finding, 法制审核, 负责人 approval, execution, 解除.
- `CoercionWithheld` 不予行政强制: a 不予实施行政强制措施清单 item applied to a finding.
- `BureauPrincipal` 本部门主要负责人, whose approval 停止供电 needs (安全生产法 art. 70).
- `SummaryDecision` 当场处罚决定 under 简易程序 (行政处罚法 arts. 51–53).
- `CrimeTransfer` 涉嫌犯罪案件移送 (行刑衔接, 行政处罚法 art. 27).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition

from rouxing.cases.permissions import APPROVER, CASE_WORKERS, OFFICER, REVIEWER, role_permission
from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel

SEAL_PERIOD_DAYS = 30  # 行政强制法 art. 25: 查封、扣押的期限不得超过三十日 (calendar days)
SEAL_EXTENSION_MAX_DAYS = 30  # 延长期限不得超过三十日, once
EMERGENCY_APPROVAL_HOURS = 24  # art. 19: 二十四小时内向行政机关负责人报告，并补办批准手续
POWER_CUT_NOTICE_HOURS = 24  # 安全生产法 art. 70(2): 提前二十四小时通知生产经营单位


class MeasureKind(models.TextChoices):
    SEAL = "seal", "查封"
    SEIZE = "seize", "扣押"
    SUSPENSION = "temporary_suspension", "暂时停产停业"
    EQUIPMENT_STOP = "equipment_stop", "停止使用相关设施、设备"
    POWER_CUT = "power_cut", "停止供电"


# The decision contract's `coercive_measure` for each kind (查封 and 扣押 are one measure there).
ENGINE_MEASURE = {
    MeasureKind.SEAL: "seal_or_seize", MeasureKind.SEIZE: "seal_or_seize",
    MeasureKind.SUSPENSION: "temporary_suspension", MeasureKind.EQUIPMENT_STOP: "equipment_stop",
    MeasureKind.POWER_CUT: "power_cut",
}
SEAL_KINDS = (MeasureKind.SEAL, MeasureKind.SEIZE)
SUSPENSION_KINDS = (MeasureKind.SUSPENSION, MeasureKind.EQUIPMENT_STOP)


class BureauPrincipal(TimeStampedModel):
    """本部门主要负责人: the one account whose approval a 停止供电 needs (安全生产法 art. 70)."""

    org = models.OneToOneField("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="主要负责人", on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = "本部门主要负责人"
        verbose_name_plural = "本部门主要负责人"

    def __str__(self) -> str:
        return f"{self.org}：{self.user}"


class CoerciveMeasure(FSMModelMixin, VersionedModel):
    """行政强制措施: one measure on one finding, moving only by its transition methods (django-fsm-2).

    Ordinary path (art. 18): proposed → reviewed (法制审核) → approved (负责人) → in_force (executed by two
    officers, party told reasons/basis/remedies, 现场笔录) → lifted. Emergency path (art. 19): proposed →
    in_force (executed on the spot) → reviewed and approved within 24 hours of execution, or lifted at
    once when the 负责人 does not approve. A returned legal review or a refused approval ends the proposal.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待法制审核"
        REVIEWED = "reviewed", "法制审核通过，待负责人批准"
        APPROVED = "approved", "负责人已批准，待实施"
        IN_FORCE = "in_force", "实施中"
        RETURNED = "returned", "法制审核退回"
        REJECTED = "rejected", "负责人不予批准"
        LIFTED = "lifted", "已解除"

    class LiftGround(models.TextChoices):
        NO_VIOLATION = "no_violation", "当事人没有违法行为（第二十八条第一款第一项）"
        UNRELATED = "unrelated", "场所、设施或者财物与违法行为无关（第二十八条第一款第二项）"
        DECIDED = "decided", "已作出处理决定，不再需要查封、扣押（第二十八条第一款第三项）"
        EXPIRED = "expired", "查封、扣押期限已经届满（第二十八条第一款第四项）"
        NOT_NEEDED = "not_needed", "其他不再需要采取查封、扣押措施的情形（第二十八条第一款第五项）"
        DANGER_REMOVED = "danger_removed", "经复查，重大事故隐患已排除（安全生产法第六十五条第一款第三项）"
        COMPLIED = "complied", "当事人已履行决定、消除事故隐患（安全生产法第七十条第二款）"
        NOT_APPROVED = "not_approved", "负责人认为不应当采取，立即解除（行政强制法第十九条）"

    S = Status
    OPEN = (S.PROPOSED, S.REVIEWED, S.APPROVED, S.IN_FORCE)

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT,
                            related_name="coercive_measures")
    finding = models.ForeignKey("cases.Finding", verbose_name="检查发现问题", on_delete=models.PROTECT,
                                related_name="coercive_measures")
    party = models.ForeignKey("parties.Party", verbose_name="当事人", on_delete=models.PROTECT,
                              related_name="coercive_measures")
    kind = models.CharField("强制措施", max_length=24, choices=MeasureKind.choices)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True)
    number = models.CharField("决定书文号", max_length=60, blank=True, db_index=True)
    emergency = models.BooleanField("情况紧急，当场实施（行政强制法第十九条）", default=False)
    reason = models.TextField("采取强制措施的理由")
    basis = models.TextField("法律依据")
    place = models.CharField("场所、设施或者财物所在地", max_length=200, blank=True)
    items = models.JSONField("查封、扣押清单", default=list, blank=True, help_text="[{name, quantity, unit, note}]")
    engine_answer = models.JSONField("裁量助手意见", default=dict, blank=True,
                                     help_text="the decision contract's `coercion` for this measure")
    engine_ground = models.TextField("裁量助手理由", blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField("提出时间")
    # 法制审核 (seed 002 item 5)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="法制审核人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    review_passed = models.BooleanField("法制审核通过", null=True, blank=True)
    review_opinion = models.TextField("法制审核意见", blank=True)
    # 负责人批准 (art. 18(一) / art. 19)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approval_opinion = models.TextField("负责人意见", blank=True)
    # 实施 (art. 18(二)–(九))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="实施人员", blank=True,
                                      related_name="coercive_measures")
    executed_at = models.DateTimeField("实施时间", null=True, blank=True)
    party_informed = models.BooleanField("已当场告知理由、依据、权利和救济途径", default=False)
    statement = models.TextField("当事人陈述申辩", blank=True)
    scene_record = models.TextField("现场笔录", blank=True)
    party_signed = models.BooleanField("当事人已在现场笔录上签名", default=False)
    signature_note = models.CharField("拒签或见证情况", max_length=300, blank=True)
    starts_on = models.DateField("强制措施起始日", null=True, blank=True)
    ends_on = models.DateField("查封、扣押期限届满日", null=True, blank=True)
    # 延长 (art. 25), once
    extension_days = models.PositiveIntegerField("延长天数", default=0)
    extension_reason = models.TextField("延长理由", blank=True)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="延长批准人", null=True,
                                              blank=True, on_delete=models.PROTECT, related_name="+")
    extension_notified_on = models.DateField("延长决定书面告知日期", null=True, blank=True)
    # 停止供电 (安全生产法 art. 70)
    supplier = models.CharField("供电单位", max_length=200, blank=True)
    supplier_notified_at = models.DateTimeField("书面通知供电单位时间", null=True, blank=True)
    party_notice_at = models.DateTimeField("提前通知当事人时间", null=True, blank=True)
    # 解除 (art. 28; 复查; art. 70(2))
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="解除人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lift_ground = models.CharField("解除理由", max_length=20, choices=LiftGround.choices, blank=True)
    lift_note = models.TextField("解除说明（复查情况）", blank=True)
    returned_items = models.JSONField("退还清单", default=list, blank=True)

    class Meta:
        verbose_name = "行政强制措施"
        verbose_name_plural = "行政强制措施"
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return f"{self.party} {self.get_kind_display()}"

    @property
    def is_seal(self) -> bool:
        return self.kind in SEAL_KINDS

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


    @property
    def approval_deadline(self) -> dt.datetime | None:
        """补办批准 deadline of an emergency measure: 24 hours after it was carried out (art. 19)."""
        if not self.emergency or self.executed_at is None:
            return None
        return self.executed_at + dt.timedelta(hours=EMERGENCY_APPROVAL_HOURS)

    @property
    def document_title(self) -> str:
        if self.is_seal:
            return "查封扣押决定书"
        if self.kind == MeasureKind.POWER_CUT:
            return "停止供电通知书"
        return "现场处理措施决定书"

    # --- Transitions (services call them after their gates; `target=None` = a step open in that state).
    def _step(name: str) -> dict:  # type: ignore[misc]  # class-body helper
        return {"url_name": "enforcement:measure_step", "url_args": (name,)}

    @transition(field=status, source=S.PROPOSED, target=S.REVIEWED, permission=role_permission(REVIEWER),
                conditions=[lambda m: m.review_passed is None],
                custom={"label": "法制审核通过", "button": "法制审核", **_step("review")})
    def pass_review(self) -> None:
        """法制审核 passed (seed 002 item 5)."""

    @transition(field=status, source=S.PROPOSED, target=S.RETURNED, permission=role_permission(REVIEWER),
                conditions=[lambda m: m.review_passed is None],
                custom={"label": "法制审核退回", "button": "法制审核", **_step("review")})
    def return_review(self) -> None:
        """法制审核 returned: the proposal ends."""

    @transition(field=status, source=S.IN_FORCE, target=None, permission=role_permission(REVIEWER),
                conditions=[lambda m: m.emergency and m.review_passed is None],
                custom={"label": "法制审核（当场实施后）", "button": "法制审核", **_step("review")})
    def review_on_the_spot(self) -> None:
        """Step: 法制审核 of an emergency measure already in force (art. 19)."""

    @transition(field=status, source=S.REVIEWED, target=S.APPROVED, permission=role_permission(APPROVER),
                custom={"label": "负责人批准", "button": "负责人审批", **_step("approve")})
    def approve(self) -> None:
        """负责人批准 before execution (art. 18(一))."""

    @transition(field=status, source=S.REVIEWED, target=S.REJECTED, permission=role_permission(APPROVER),
                custom={"label": "负责人不予批准", "button": "负责人审批", **_step("approve")})
    def reject(self) -> None:
        """负责人不予批准: the proposal ends."""

    @transition(field=status, source=S.IN_FORCE, target=None, permission=role_permission(APPROVER),
                conditions=[lambda m: m.emergency and m.approved_by_id is None],
                custom={"label": "补办批准", "button": "负责人审批", **_step("approve")})
    def approve_after_the_fact(self) -> None:
        """Step: 补办批准 within 24 hours of an emergency measure (art. 19); refusing it lifts the measure."""

    @transition(field=status, source=S.APPROVED, target=None, permission=role_permission(OFFICER),
                conditions=[lambda m: m.kind == MeasureKind.POWER_CUT],
                custom={"label": "书面通知供电单位并提前通知当事人", **_step("notify")})
    @transition(field=status, source=[S.PROPOSED, S.REVIEWED], target=None, permission=role_permission(OFFICER),
                conditions=[lambda m: m.emergency and m.kind == MeasureKind.POWER_CUT],
                custom={"label": "书面通知供电单位并提前通知当事人", **_step("notify")})
    def notify_power_cut(self) -> None:
        """Step: 停止供电 notices (安全生产法 art. 70)."""

    @transition(field=status, source=S.APPROVED, target=S.IN_FORCE, permission=role_permission(OFFICER),
                custom={"label": "实施强制措施", **_step("execute")})
    @transition(field=status, source=[S.PROPOSED, S.REVIEWED], target=S.IN_FORCE, permission=role_permission(OFFICER),
                conditions=[lambda m: m.emergency], custom={"label": "当场实施（情况紧急）", "button": "实施强制措施",
                                                            **_step("execute")})
    def execute(self) -> None:
        """实施 (art. 18(二)–(九)); on the emergency path before approval (art. 19)."""

    @transition(field=status, source=S.IN_FORCE, target=None, permission=role_permission(APPROVER),
                conditions=[lambda m: m.is_seal and not m.extension_days],
                custom={"label": "延长查封、扣押期限", **_step("extend")})
    def extend(self) -> None:
        """Step: 延长查封、扣押 once (art. 25)."""

    @transition(field=status, source=S.IN_FORCE, target=S.LIFTED, permission=role_permission(CASE_WORKERS),
                custom={"label": "解除强制措施", **_step("lift")})
    def lift(self) -> None:
        """解除 (art. 28; 复查; art. 70(2)); also when 补办批准 is refused."""

    del _step


class CoercionWithheld(TimeStampedModel):
    """不予行政强制: coercion was considered for a finding and withheld under a list item (seed 002)."""

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey("cases.Finding", verbose_name="检查发现问题", on_delete=models.PROTECT,
                                related_name="coercion_withholdings")
    measure = models.CharField("考虑采取的强制措施", max_length=24, choices=MeasureKind.choices)
    list_item = models.ForeignKey("lists.ListItem", verbose_name="适用的不予行政强制清单事项", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    item_ref = models.JSONField("清单事项", default=dict, blank=True, help_text="the engine's list_item reference")
    reason = models.TextField("不予采取的理由")
    considered_on = models.DateField("认定日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "不予行政强制记录"
        verbose_name_plural = "不予行政强制记录"
        ordering = ["-considered_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["finding", "measure"], name="coercion_withheld_once")]

    def __str__(self) -> str:
        return f"{self.finding} 不予{self.get_measure_display()}"


class SummaryDecision(FSMModelMixin, VersionedModel):
    """当场处罚决定 (简易程序, 行政处罚法 arts. 51–52): a 警告 or a small fine decided on the spot."""

    class Penalty(models.TextChoices):
        WARNING = "warning", "警告"
        FINE = "fine", "罚款"

    class Status(models.TextChoices):
        DECIDED = "decided", "已当场决定，待备案"
        FILED = "filed", "已备案"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey("cases.Finding", verbose_name="检查发现问题", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="summary_decisions")
    number = models.CharField("决定书编号", max_length=60, db_index=True)
    facts = models.TextField("违法行为")
    basis = models.TextField("处罚依据")
    penalty = models.CharField("处罚种类", max_length=16, choices=Penalty.choices)
    amount = models.DecimalField("罚款数额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField("决定时间")
    place = models.CharField("地点", max_length=200)
    remedies = models.TextField("申请行政复议、提起行政诉讼的途径和期限")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="执法人员", related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作出人", on_delete=models.PROTECT,
                                   related_name="+")
    party_signed = models.BooleanField("当事人已签收", default=False)
    refusal_note = models.CharField("拒绝签收情况", max_length=300, blank=True)
    filing_due = models.DateField("备案期限")
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="备案接收人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DECIDED, protected=True)

    class Meta:
        verbose_name = "当场处罚决定"
        verbose_name_plural = "当场处罚决定"
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.party}"

    @property
    def filed_late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.filing_due

    @transition(field=status, source=Status.DECIDED, target=Status.FILED, permission=role_permission(APPROVER),
                custom={"label": "当场处罚决定备案", "url_name": "enforcement:summary_file"})
    def file(self) -> None:
        """备案 with the bureau (行政处罚法 art. 52(3))."""


class CrimeTransfer(FSMModelMixin, VersionedModel):
    """涉嫌犯罪案件移送 (行刑衔接): proposed → approved → transferred → accepted / not_filed (returned)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待负责人批准"
        APPROVED = "approved", "已批准，待移送"
        TRANSFERRED = "transferred", "已移送，待公安机关答复"
        ACCEPTED = "accepted", "公安机关已受理立案"
        NOT_FILED = "not_filed", "公安机关不予立案，退回继续办理"
        REJECTED = "rejected", "负责人不予批准"

    S = Status
    OPEN = (S.PROPOSED, S.APPROVED, S.TRANSFERRED, S.ACCEPTED)

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey("cases.Finding", verbose_name="检查发现问题", on_delete=models.PROTECT,
                                related_name="crime_transfers")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="crime_transfers")
    party = models.ForeignKey("parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True)
    number = models.CharField("移送书文号", max_length=60, blank=True, db_index=True)
    engine_referral = models.BooleanField("裁量助手提示移送", default=False)
    suspected_crime = models.TextField("涉嫌犯罪事实")
    evidence_list = models.JSONField("证据清单", default=list)
    expert_results = models.TextField("检验、鉴定结论", blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField("提出时间")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approval_opinion = models.TextField("负责人意见", blank=True)
    police_org = models.CharField("接收公安机关", max_length=200, blank=True)
    procuratorate = models.CharField("抄送人民检察院", max_length=200, blank=True)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    answer_on = models.DateField("公安机关答复日期", null=True, blank=True)
    answer_note = models.TextField("答复内容", blank=True)

    class Meta:
        verbose_name = "涉嫌犯罪案件移送"
        verbose_name_plural = "涉嫌犯罪案件移送"
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.party} 涉嫌犯罪移送"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def _step(name: str) -> dict:  # type: ignore[misc]  # class-body helper
        return {"url_name": "enforcement:transfer_step", "url_args": (name,)}

    @transition(field=status, source=S.PROPOSED, target=S.APPROVED, permission=role_permission(APPROVER),
                custom={"label": "负责人批准移送", "button": "负责人审批移送", **_step("approve")})
    def approve(self) -> None:
        """负责人 approves (《移送规定》 art. 5)."""

    @transition(field=status, source=S.PROPOSED, target=S.REJECTED, permission=role_permission(APPROVER),
                custom={"label": "负责人不予批准", "button": "负责人审批移送", **_step("approve")})
    def reject(self) -> None:
        """负责人 refuses, the reason recorded."""

    @transition(field=status, source=S.APPROVED, target=S.TRANSFERRED, permission=role_permission(OFFICER),
                custom={"label": "移送公安机关", **_step("send")})
    def send(self) -> None:
        """涉嫌犯罪案件移送书 sent (《移送规定》 art. 8)."""

    @transition(field=status, source=S.TRANSFERRED, target=S.ACCEPTED, permission=role_permission(OFFICER),
                custom={"label": "公安机关受理立案", "button": "登记公安机关答复", **_step("answer")})
    def accept(self) -> None:
        """The police accepted the case (受理立案)."""

    @transition(field=status, source=S.TRANSFERRED, target=S.NOT_FILED, permission=role_permission(OFFICER),
                custom={"label": "公安机关不予立案", "button": "登记公安机关答复", **_step("answer")})
    def refuse_filing(self) -> None:
        """不予立案: the matter returns to 一般程序."""

    del _step
