"""双随机一公开 planning (seed 003 三(一)1): annual inspection plans and their random draws.

The models moved here from the reports app without touching the database: `db_table` keeps the
reports tables (`reports_inspectionplan`, `reports_randomdraw`); see migration 0001.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel
from rouxing.orgs.access import can_write_org
from rouxing.orgs.models import Role
from rouxing.orgs.roles import PLAN_ROLES


def may_approve(plan: InspectionPlan, user) -> bool:
    """批准 permission: the 负责人 of the plan's bureau."""
    return can_write_org(user, plan.org_id) and user.role == Role.APPROVER


def may_edit(plan: InspectionPlan, user) -> bool:
    """编制/调整 permission: a planning role (PLAN_ROLES) of the plan's bureau."""
    return can_write_org(user, plan.org_id) and user.role in PLAN_ROLES


class InspectionPlan(FSMModelMixin, VersionedModel):
    """年度监督检查计划 (seed 003 三(一)1): planned inspections per month of one bureau's year.

    `monthly_targets` holds twelve non-negative integers, January first. Key enterprises are
    inspected in full (重点单位全覆盖); ordinary ones through 双随机一公开 draws (`RandomDraw`).

    `status` is a protected FSM field: 草稿 → 已批准 by `approve` (the bureau's 负责人), and back to 草稿
    by `revise` when the plan's content changes (seed 003: 严禁擅自改变年度监督检查计划内容, so a changed
    plan is approved again). Moved from the reports app; the table keeps its name.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        APPROVED = "approved", "已批准"

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="inspection_plans")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("计划名称", max_length=200)
    monthly_targets = models.JSONField("每月计划检查数", default=list)
    key_party_ids = models.JSONField("重点监管单位", default=list, blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "年度监督检查计划"
        verbose_name_plural = "年度监督检查计划"
        db_table = "reports_inspectionplan"
        ordering = ["-year", "org"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="inspection_plan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度监督检查计划"

    def clean(self) -> None:
        targets = self.monthly_targets
        if not isinstance(targets, list) or len(targets) != 12:
            raise ValidationError({"monthly_targets": "每月计划检查数应为 12 个月的数字。"})
        if any(not isinstance(n, int) or n < 0 for n in targets):
            raise ValidationError({"monthly_targets": "每月计划检查数应为不小于 0 的整数。"})

    @property
    def planned_total(self) -> int:
        return sum(self.monthly_targets or [])

    def planned_through(self, month: int) -> int:
        """Planned inspections from January to `month` inclusive."""
        return sum((self.monthly_targets or [])[:month])

    @transition(field="status", source=Status.DRAFT, target=Status.APPROVED, permission=may_approve,
                custom={"label": "批准计划"})
    def approve(self, *, at) -> None:
        """批准: the plan is in force from `at`."""
        self.approved_at = at

    @transition(field="status", source=[Status.DRAFT, Status.APPROVED], target=Status.DRAFT, permission=may_edit,
                custom={"label": "编制/调整计划"})
    def revise(self) -> None:
        """调整: a changed plan is a draft again and waits for a new approval."""
        self.approved_at = None


class RandomDraw(TimeStampedModel):
    """双随机一公开抽查: parties and officers drawn at random for one month of a plan.

    Reproducible: the pools (sorted ids) and the seed are stored; `rouxing.plans.planning.draw`
    with the same pools and seed gives the same selection, which anyone can re-run to check it.
    """

    plan = models.ForeignKey(InspectionPlan, verbose_name="检查计划", on_delete=models.PROTECT, related_name="draws")
    month = models.PositiveSmallIntegerField("月份")
    seed = models.BigIntegerField("随机种子")
    party_pool = models.JSONField("检查对象名录库")
    officer_pool = models.JSONField("执法检查人员名录库")
    party_ids = models.JSONField("抽中检查对象")
    officer_ids = models.JSONField("抽中执法人员")
    pool_digest = models.CharField("名录摘要", max_length=64)
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT,
                                 related_name="+")
    published = models.BooleanField("已公开", default=False)

    class Meta:
        verbose_name = "双随机抽查"
        verbose_name_plural = "双随机抽查"
        db_table = "reports_randomdraw"
        ordering = ["plan", "month", "drawn_at"]

    def __str__(self) -> str:
        return f"{self.plan} {self.month}月双随机抽查"
