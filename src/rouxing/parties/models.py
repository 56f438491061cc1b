"""行政相对人: enterprises and natural persons under a bureau's supervision, with credit records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.masking import mask_id_number, mask_phone
from rouxing.core.models import VersionedModel
from rouxing.core.validators import validate_id_number, validate_uscc
from rouxing.orgs.access import can_write_org
from rouxing.orgs.roles import CREDIT_DECIDERS


class Industry(models.TextChoices):
    """Industry category of the decision contract; every value but GENERAL is high-risk (安全生产法)."""

    GENERAL = "general", "一般行业"
    MINING = "mining", "矿山"
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", "危险化学品"
    METAL_SMELTING = "metal_smelting", "金属冶炼"
    CONSTRUCTION = "construction", "建筑施工"
    ROAD_TRANSPORT = "road_transport", "道路运输"
    FIREWORKS = "fireworks", "烟花爆竹"
    OTHER_HIGH_RISK = "other_high_risk", "其他高危行业"


class Party(VersionedModel):
    """行政相对人 (enterprise or natural person), owned by the supervising bureau."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业（单位）"
        PERSON = "person", "自然人"

    class Grade(models.TextChoices):
        A = "A", "A级（低风险）"
        B = "B", "B级"
        C = "C", "C级"
        D = "D", "D级（高风险）"

    org = models.ForeignKey("orgs.Org", verbose_name="监管机关", on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField("名称/姓名", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    id_number = models.CharField("身份证号码", max_length=18, blank=True, db_index=True)
    legal_rep = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    industry = models.CharField("行业类别", max_length=32, choices=Industry.choices, default=Industry.GENERAL)
    grade = models.CharField("分类分级", max_length=1, choices=Grade.choices, blank=True)
    standardized = models.BooleanField("安全生产标准化达标", default=False)
    trustworthy = models.BooleanField("守信主体", default=False)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    permit_expiry = models.DateField("安全生产许可证有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "行政相对人"
        verbose_name_plural = "行政相对人"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "uscc"], condition=~models.Q(uscc=""), name="party_unique_uscc_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.ENTERPRISE:
            if not self.uscc:
                raise ValidationError({"uscc": "企业须填写统一社会信用代码。"})
            validate_uscc(self.uscc)
            self.uscc = self.uscc.strip().upper()
        elif self.id_number:
            validate_id_number(self.id_number)
            self.id_number = self.id_number.strip().upper()

    @property
    def is_high_risk(self) -> bool:
        return self.industry != Industry.GENERAL

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def identifier(self) -> str:
        return self.uscc if self.kind == self.Kind.ENTERPRISE else self.masked_id_number


class CreditRecord(VersionedModel):
    """信用记录: accidents, 失信 listings, 暂不列入 decisions, repair and removal (seed 002 item 6)."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", "生产安全事故"
        BLACKLIST = "blacklist", "列入严重失信主体名单"
        DEFERRED = "deferred", "暂不列入/暂缓列入黑名单"
        PENALTY_PUBLICITY = "penalty_publicity", "行政处罚信息公示"
        REPAIR = "repair", "信用修复"
        REMOVAL = "removal", "移出名单"

    party = models.ForeignKey(Party, verbose_name="行政相对人", on_delete=models.PROTECT, related_name="credit_records")
    org = models.ForeignKey("orgs.Org", verbose_name="作出机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    occurred_on = models.DateField("发生/决定日期")
    expires_on = models.DateField("期限届满日", null=True, blank=True)
    fatal = models.BooleanField("有人员死亡", default=False)
    description = models.TextField("说明", blank=True)
    withdrawn_on = models.DateField("撤回公示日期", null=True, blank=True)

    class Meta:
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.party} {self.get_kind_display()} {self.occurred_on}"


def may_decide_credit(action: Any, user) -> bool:
    """The 负责人 of the bureau that owns the action."""
    return can_write_org(user, action.org_id) and user.role in CREDIT_DECIDERS


class CreditAction(FSMModelMixin, VersionedModel):
    """信用管理事项 (seed 002 item 6): 列入/暂不列入/暂缓列入严重失信主体名单, 信用修复 and 移出名单.

    An officer of the bureau proposes (申请/提请), the bureau's 负责人 decides (批准/不予批准) with a
    written reason. Approval writes the resulting `CreditRecord`; an approved 信用修复 also withdraws
    the penalty publicity it targets (and the public page of the decision).

    `status` is a protected FSM field: it changes only through `approve` and `refuse`, called by
    `parties.credit.credit_action_decide` after its checks.
    """

    class Kind(models.TextChoices):
        LISTING = "listing", "列入严重失信主体名单"
        DEFERRED = "deferred", "暂不列入/暂缓列入严重失信主体名单"
        REPAIR = "repair", "信用修复"
        REMOVAL = "removal", "移出严重失信主体名单"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, verbose_name="行政相对人", on_delete=models.PROTECT,
                              related_name="credit_actions")
    kind = models.CharField("事项", max_length=16, choices=Kind.choices)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True)
    target = models.ForeignKey(CreditRecord, verbose_name="针对的信用记录", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="credit_actions",
                               help_text="信用修复：行政处罚信息公示；移出名单：严重失信名单记录")
    reason = models.TextField("申请理由及事实")
    applied_on = models.DateField("申请日期")
    period_end = models.DateField("暂不列入/暂缓列入期限至", null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提请人", on_delete=models.PROTECT,
                                    related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)
    result_record = models.ForeignKey(CreditRecord, verbose_name="形成的信用记录", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "信用管理事项"
        verbose_name_plural = "信用管理事项"
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.party} {self.get_kind_display()} {self.get_status_display()}"

    @transition(field="status", source=Status.PROPOSED, target=Status.APPROVED, permission=may_decide_credit,
                custom={"label": "批准"})
    def approve(self, *, by, on, reason: str, result_record: CreditRecord | None) -> None:
        """批准 with a written opinion; `result_record` is the credit record the approval wrote."""
        self.decided_by, self.decided_on, self.decision_reason = by, on, reason
        self.result_record = result_record

    @transition(field="status", source=Status.PROPOSED, target=Status.REFUSED, permission=may_decide_credit,
                custom={"label": "不予批准"})
    def refuse(self, *, by, on, reason: str) -> None:
        """不予批准 with the reasons."""
        self.decided_by, self.decided_on, self.decision_reason = by, on, reason
