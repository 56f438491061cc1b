"""Reports: frozen statistics submissions and case-file reviews (the 双随机 plans live in `rouxing.plans`).

Figures themselves are never stored as editable numbers: they are computed from the records of the
cases app. A submitted report (`ReportSubmission`) is the only stored copy of figures, frozen with
its snapshot, its .xlsx file and a SHA-256 digest so later edits to records do not change what was
reported.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel
from rouxing.orgs.access import can_write_org
from rouxing.orgs.roles import SUBMIT_ROLES

from .definition import Period, PeriodKind


def may_submit_report(submission: Any, user) -> bool:
    """The bureau's 负责人 or 清单管理员, by submitting a correction (a new revision with a reason)."""
    return can_write_org(user, submission.org_id) and user.role in SUBMIT_ROLES


class ReportSubmission(FSMModelMixin, TimeStampedModel):
    """报表报送: one submitted (frozen) statistics report of a bureau for a period.

    `rollup` marks a report covering the bureau and every bureau below it (Org.parent). A
    correction is a new submission with a higher `revision` and a reason; earlier ones stay, their
    figures, file and digest unchanged, and move from 已报送 to 已更正 (`correct`, protected status).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送"
        CORRECTED = "corrected", "已更正"

    org = models.ForeignKey("orgs.Org", verbose_name="填报单位", on_delete=models.PROTECT,
                            related_name="report_submissions")
    period_kind = models.CharField("报表类型", max_length=8, choices=PeriodKind.CHOICES)
    year = models.PositiveSmallIntegerField("年度")
    period_index = models.PositiveSmallIntegerField("期间序号", default=0, help_text="月份或半年序号，年报为 0")
    rollup = models.BooleanField("含下级机关", default=False)
    revision = models.PositiveSmallIntegerField("报送次序", default=1)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED, protected=True)
    correction_reason = models.TextField("更正理由", blank=True)
    contact_phone = models.CharField("联系电话", max_length=30)
    snapshot = models.JSONField("报表快照")
    xlsx = models.FileField("报表文件", upload_to="reports/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = "统计报表报送"
        verbose_name_plural = "统计报表报送"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["org", "period_kind", "year", "period_index", "rollup", "revision"],
                                    name="report_submission_unique_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.period.title}（第{self.revision}次报送）"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.year, self.period_index)

    @transition(field="status", source=Status.SUBMITTED, target=Status.CORRECTED, permission=may_submit_report,
                custom={"label": "报送更正"})
    def correct(self) -> None:
        """已更正: a later revision for the same period replaces these figures (this row stays as it was)."""


# 案卷评议 checklist (seed 003 三(五)3: 每年组织1次执法案卷评议活动). Points add up to 100.
REVIEW_CHECKLIST: tuple[tuple[str, str, int], ...] = (
    ("authority", "执法主体合法，执法人员持证（两人以上）", 10),
    ("facts", "事实清楚，证据确凿充分", 20),
    ("procedure", "程序合法（立案、告知、陈述申辩/听证、送达）", 20),
    ("law", "适用法律、法规、规章正确", 15),
    ("discretion", "裁量适当，说理充分，符合裁量基准和“四张清单”", 15),
    ("documents", "文书规范完整，编号、签章、日期齐全", 10),
    ("three_systems", "落实公示、全过程记录、法制审核三项制度", 10),
)
REVIEW_MAX = {key: points for key, _label, points in REVIEW_CHECKLIST}


class CaseFileReview(TimeStampedModel):
    """案卷评议: a supervisor's scoring of one closed case file against `REVIEW_CHECKLIST`."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    org = models.ForeignKey("orgs.Org", verbose_name="被评议机关", on_delete=models.PROTECT,
                            related_name="case_file_reviews")
    case = models.ForeignKey("cases.Case", verbose_name="案卷", on_delete=models.PROTECT, related_name="file_reviews")
    year = models.PositiveSmallIntegerField("评议年度")
    scores = models.JSONField("评分")
    total = models.PositiveSmallIntegerField("总分")
    grade = models.CharField("等次", max_length=16, choices=Grade.choices)
    comments = models.TextField("评议意见", blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评议人", on_delete=models.PROTECT,
                                 related_name="+")
    reviewed_on = models.DateField("评议日期")

    class Meta:
        verbose_name = "案卷评议"
        verbose_name_plural = "案卷评议"
        ordering = ["-reviewed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "year"], name="case_file_review_once_a_year")]

    def __str__(self) -> str:
        return f"{self.case} 案卷评议 {self.total}分"

    @staticmethod
    def grade_for(total: int) -> str:
        if total >= 90:
            return CaseFileReview.Grade.EXCELLENT
        if total >= 60:
            return CaseFileReview.Grade.PASS
        return CaseFileReview.Grade.FAIL
