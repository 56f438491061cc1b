"""The records of the general procedure between 告知 and 决定: the bureau's procedure rules (听证 and
集体讨论 thresholds, decision period), 听证 (arts. 63–65) and 集体讨论 (art. 57)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rouxing.core.models import TimeStampedModel, VersionedModel

# 《安全生产违法行为行政处罚办法》(2015) 第三十三条: without a provincial amount, 较大数额罚款 is
# 1万元 for a person and 3万元 for a 生产经营单位 (shared/reference/legal_reference.md §3.5).
DEFAULT_HEARING_FINE_PERSON = 10000
DEFAULT_HEARING_FINE_UNIT = 30000
DEFAULT_COLLECTIVE_DISCUSSION_FINE = 50000
DEFAULT_DECISION_DAYS = 90
DEFAULT_CASE_NUMBER_PATTERN = "{short}立〔{year}〕{seq}号"
DEFAULT_NO_PENALTY_NUMBER_PATTERN = "{short}不罚〔{year}〕{seq}号"


class ProcedureRules(VersionedModel):
    """本机关办案程序规则: the thresholds a bureau sets (defaults when no row exists)."""

    org = models.OneToOneField("orgs.Org", verbose_name="执法机关", on_delete=models.CASCADE,
                               related_name="procedure_rules")
    hearing_fine_person = models.PositiveIntegerField(
        "较大数额罚款（个人，元）", default=DEFAULT_HEARING_FINE_PERSON,
        help_text="对个人罚款达到该数额（含本数）的，告知听证权利（行政处罚法第六十三条）")
    hearing_fine_unit = models.PositiveIntegerField(
        "较大数额罚款（单位，元）", default=DEFAULT_HEARING_FINE_UNIT,
        help_text="对生产经营单位罚款达到该数额（含本数）的，告知听证权利")
    collective_discussion_fine = models.PositiveIntegerField(
        "须集体讨论的罚款数额（元）", default=DEFAULT_COLLECTIVE_DISCUSSION_FINE,
        help_text="罚款超过该数额的，属重大违法行为，须经负责人集体讨论决定（行政处罚法第五十七条）")
    collective_discussion_on_departure = models.BooleanField(
        "超出裁量基准须集体讨论", default=True)
    decision_days = models.PositiveIntegerField(
        "作出决定的期限（日）", default=DEFAULT_DECISION_DAYS, help_text="自立案之日起（行政处罚法第六十条）")
    case_number_pattern = models.CharField(
        "立案编号格式", max_length=60, default=DEFAULT_CASE_NUMBER_PATTERN,
        help_text="占位符 {short}（机关简称）、{year}、{seq}，如 {short}立〔{year}〕{seq}号")
    no_penalty_number_pattern = models.CharField(
        "不予行政处罚决定书编号格式", max_length=60, default=DEFAULT_NO_PENALTY_NUMBER_PATTERN)

    class Meta:
        verbose_name = "办案程序规则"
        verbose_name_plural = "办案程序规则"

    def __str__(self) -> str:
        return f"{self.org} 办案程序规则"

    def hearing_fine_for(self, party_kind: str) -> int:
        return self.hearing_fine_person if party_kind == "person" else self.hearing_fine_unit


class Hearing(VersionedModel):
    """听证 (行政处罚法 arts. 63–65): requested, notified 7 working days ahead, held by a 主持人 who did not
    investigate the case, recorded in a signed 听证笔录 and concluded by the 听证报告."""

    case = models.OneToOneField("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="hearing")
    requested_on = models.DateField("申请听证日期")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="听证主持人", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField("听证通知日期", null=True, blank=True)
    held_on = models.DateField("举行听证日期", null=True, blank=True)
    place = models.CharField("听证地点", max_length=200, blank=True)
    transcript_signed = models.BooleanField("听证笔录已经当事人核对签字", default=False)
    report = models.TextField("听证报告（主持人意见）", blank=True)
    report_on = models.DateField("听证报告日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"

    def __str__(self) -> str:
        return f"{self.case} 听证"

    @property
    def reported(self) -> bool:
        return self.report_on is not None


class CollectiveDiscussion(TimeStampedModel):
    """集体讨论 (行政处罚法 art. 57 ¶2): the 负责人 discuss a serious case together before the decision."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT,
                             related_name="collective_discussions")
    held_on = models.DateField("讨论日期")
    chair = models.CharField("主持人", max_length=50)
    attendees = models.TextField("参加人员", help_text="每行一人或以“、”分隔，至少三人")
    opinions = models.TextField("讨论意见", blank=True)
    conclusion = models.TextField("讨论结论")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} 集体讨论 {self.held_on}"

    @property
    def attendee_names(self) -> list[str]:
        import re

        return [n for n in (p.strip() for p in re.split(r"[\n、，,；;]", self.attendees)) if n]


class CaseNumberCounter(models.Model):
    """立案/不予处罚决定 编号计数器: the last sequence used per bureau, kind and year, taken under a row lock."""

    class Kind(models.TextChoices):
        CASE = "case", "立案编号"
        NO_PENALTY = "no_penalty", "不予行政处罚决定书编号"

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("编号种类", max_length=16, choices=Kind.choices)
    year = models.PositiveIntegerField("年度")
    last_seq = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "案件编号计数器"
        verbose_name_plural = "案件编号计数器"
        constraints = [models.UniqueConstraint(fields=["org", "kind", "year"], name="case_number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.kind}/{self.year}: {self.last_seq}"
