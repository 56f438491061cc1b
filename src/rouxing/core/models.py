"""Building blocks shared by every app: timestamps, optimistic locking and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Created/updated timestamps for every domain record."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic locking: `lock_version` increases on every write (see core.locking)."""

    lock_version = models.PositiveIntegerField("版本号", default=0)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """审计日志: one append-only, keyed, hash-chained record per security-relevant event.

    `digest` = HMAC-SM3(key, previous digest + canonical JSON of this row), with the key outside the
    database (core.secrets). `rouxing audit-verify` recomputes the chain and compares it with the
    chain head and the anchors (AuditAnchor, plus the append-only anchor file), so a changed, deleted,
    inserted or recomputed row and a shortened or emptied log are detected. The model refuses
    updates and deletes; database triggers (migration 0004) refuse them in SQL as well.
    """

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    org_id_ref = models.BigIntegerField("所属机关", null=True, blank=True, db_index=True)
    event = models.CharField("事件类型", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    result = models.CharField("结果", max_length=16, default="success")
    source_ip = models.CharField("来源地址", max_length=64, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_digest = models.CharField("前一摘要", max_length=64)
    digest = models.CharField("摘要", max_length=64, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.event} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")


class AuditChainHead(models.Model):
    """Single row serialising appends to the audit chain (locked with select_for_update).

    Holds the row count and digest of the last event, keyed (`mac`) so that resetting it by SQL is
    detected by `audit-verify`.
    """

    digest = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField("记录数", default=0)
    mac = models.CharField("校验码", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return self.digest


class AuditAnchor(models.Model):
    """审计锚点: append-only record of (row count, chain digest) at a point in time, keyed.

    Written on every AUDIT_ANCHOR_INTERVAL-th event and by `rouxing audit-anchor`; each one is also
    appended to the anchor file (AUDIT_ANCHOR_FILE) after commit. `kind=legacy` marks the end of the
    unkeyed SM3 chain written before keyed digests were introduced.
    """

    class Kind(models.TextChoices):
        PERIODIC = "periodic", "定期"
        MANUAL = "manual", "手工"
        LEGACY = "legacy", "旧链终点"

    at = models.DateTimeField("时间")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.PERIODIC)
    count = models.PositiveBigIntegerField("记录数")
    digest = models.CharField("链摘要", max_length=64)
    mac = models.CharField("校验码", max_length=64)

    class Meta:
        verbose_name = "审计锚点"
        verbose_name_plural = "审计锚点"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.count} {self.digest[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计锚点只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计锚点只能追加，不能删除。")


def _calendar_changed() -> None:
    """Drop the cached working-day overrides now and again when the transaction commits."""
    from django.db import transaction

    from rouxing.core import workdays

    workdays.clear_calendar_cache()
    transaction.on_commit(workdays.clear_calendar_cache)


class CalendarEntry(models.Model):
    """Who entered a 节假日安排 record and when; every save or delete refreshes the working-day cache."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _calendar_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _calendar_changed()
        return result


class HolidayCalendarDay(CalendarEntry):
    """节假日安排: one day of the State Council schedule entered by the 系统管理员.

    `is_workday=False` is a holiday (放假), `True` a 调休 working day (调休上班). An entered day wins over
    chinesecalendar and over the weekday rule (see core.workdays).
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", default=False, help_text="不勾选=放假；勾选=调休上班")
    name = models.CharField("名称", max_length=32, help_text="如：元旦、春节、调休上班")
    source = models.CharField("依据文件", max_length=128, blank=True, help_text="如：国办发明电〔2026〕X号")

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{'上班' if self.is_workday else '放假'}）"


class HolidayCalendarYear(CalendarEntry):
    """节假日安排年度: the year's schedule has been entered in full (`complete`), so days without an entry
    follow the weekday rule (Monday–Friday work) instead of chinesecalendar."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    published_by_notice = models.CharField("发布文件", max_length=128, blank=True,
                                           help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔…〕）")
    complete = models.BooleanField("已完整录入", default=False)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{'已完整录入' if self.complete else '未完整录入'}）"


class ScheduledRun(models.Model):
    """One run of a daily job of `rouxing schedule` (定时任务): unique per job and day, so a restarted or
    second scheduler never runs a day's job twice."""

    job = models.CharField("任务", max_length=64)
    day = models.DateField("日期")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    ok = models.BooleanField("成功", default=False)
    summary = models.CharField("结果", max_length=500, blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="core_scheduledrun_job_day")]
        ordering = ["-day", "job"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.job}"


class FormSubmission(models.Model):
    """一次表单提交: the token a rendered form carried, stored with what its first POST created.

    A repeated POST with the same token (Back + submit, a double click, a resent request) stores nothing
    new: `core.idempotency.run_once` finds the row and sends the user to the first result.
    """

    token = models.CharField("表单令牌", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    label = models.CharField("表单", max_length=100, blank=True)
    url = models.CharField("结果页面", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "表单提交记录"
        verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return f"{self.label} {self.created_at:%Y-%m-%d %H:%M}"
