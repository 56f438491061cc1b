"""The violation catalogue (处罚事项目录), the ten flexible methods and the four lists (四张清单).

A `ListVersion` holds one bureau's four lists as of an effective date. Its JSON parts follow
docs/rules-format.md, so `rouxing.lists.loaders` can hand them to the pure engine unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, get_available_FIELD_transitions, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel
from rouxing.core.validators import validate_declared_facts, validate_rule_id
from rouxing.orgs.roles import FILING_ROLES, LIST_ADMIN_ROLES


class Violation(TimeStampedModel):
    """处罚事项: one violation with the article it breaks, the penalty article and the fine range."""

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("违法行为", max_length=300)
    aliases = models.JSONField("别名", default=list, blank=True)
    breaks = models.JSONField("违反条款", default=list, blank=True)
    penalty = models.JSONField("处罚依据", default=list, blank=True)
    fine_min = models.PositiveIntegerField("罚款下限（元）", default=0)
    fine_max = models.PositiveIntegerField("罚款上限（元）", default=0)
    overdue = models.JSONField("逾期未改正处罚", default=dict, blank=True)
    hearing_threshold = models.PositiveIntegerField("听证告知罚款数额（元）", null=True, blank=True)
    source_note = models.TextField("来源说明", blank=True)
    valid_from = models.DateField("施行日", null=True, blank=True,
                                  help_text="本罚则（处罚依据和罚款幅度）开始施行之日；为空表示未记载。")
    valid_to = models.DateField("失效日", null=True, blank=True,
                                help_text="本罚则不再适用之日（新罚则的施行日，不含当日）；为空表示现行有效。")
    legal_source = models.CharField("法律版本", max_length=200, blank=True,
                                    help_text="罚款幅度出自的法律版本，如《中华人民共和国安全生产法》（2021年修正）。")
    earlier_law = models.JSONField(
        "修改前的罚则", default=list, blank=True,
        help_text="此前施行的罚则，每项写明 valid_from、valid_to、legal_source、penalty、fine_min、fine_max、overdue，"
                  "条文序号与现行法不同时另写 consequences（并处与对人员的罚款）；用于从旧兼从轻（行政处罚法第三十七条）。")

    class Meta:
        verbose_name = "处罚事项"
        verbose_name_plural = "处罚事项目录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def to_rule_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "aliases": self.aliases, "breaks": self.breaks,
            "penalty": self.penalty, "fine_min": self.fine_min, "fine_max": self.fine_max,
            "overdue": self.overdue, "hearing_threshold": self.hearing_threshold,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "legal_source": self.legal_source, "earlier_law": self.earlier_law,
        }


class FlexibleMethod(models.Model):
    """柔性执法方式: the ten methods of seed 001 annex 6 with their statistical unit (annex 5)."""

    class Unit(models.TextChoices):
        CASE = "件", "件"
        PERSON_TIME = "人次", "人次"

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    definition = models.TextField("定义")
    unit = models.CharField("统计单位", max_length=4, choices=Unit.choices, default=Unit.CASE)
    report_column = models.PositiveSmallIntegerField("统计报表列序", default=0)

    class Meta:
        verbose_name = "柔性执法方式"
        verbose_name_plural = "柔性执法方式"
        ordering = ["report_column"]

    def __str__(self) -> str:
        return self.name


class Benchmark(TimeStampedModel):
    """裁量基准: fine-band fractions per outcome, a base row (org=None) and per-bureau overrides."""

    org = models.OneToOneField("orgs.Org", verbose_name="机关", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="benchmark")
    data = models.JSONField("基准", default=dict)
    legal_reference = models.TextField("依据说明", blank=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"


class ListKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予行政处罚"
    REDUCED = "reduced", "减轻行政处罚"
    LIGHTER = "lighter", "从轻行政处罚"
    NO_COERCION = "no_coercion", "不予行政强制"


def may_admin_lists(version: Any, user) -> bool:
    """The bureau's 清单管理员 or 负责人."""
    return (getattr(user, "is_authenticated", False) and user.org_id == version.org_id
            and user.role in LIST_ADMIN_ROLES)


def may_file_list(version: Any, user) -> bool:
    """A 司法局监督员 of the justice bureau supervising the version's bureau."""
    justice_id = version.org.justice_bureau_id
    return (getattr(user, "is_authenticated", False) and user.role in FILING_ROLES
            and justice_id is not None and user.org_id == justice_id)


def system_only(version: Any, user) -> bool:
    """The system loaders only (demo data, imports run by commands); never a button."""
    return user is None


def by_publishing_another(version: Any, user) -> bool:
    """Whoever publishes the newer version (its `publish`); never a button."""
    return False


class ListVersion(FSMModelMixin, VersionedModel):
    """清单版本: a bureau's four lists, draft → submitted → filed (备案) → published → superseded.

    `status` is a protected FSM field: it changes only through the transition methods below, called by
    `lists.services` and `lists.filing` after their checks (the role, the legal gates, the lock).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交审核"
        FILED = "filed", "已备案"
        PUBLISHED = "published", "已公布"
        SUPERSEDED = "superseded", "已被替代"
        WITHDRAWN = "withdrawn", "已撤回"

    EDITABLE = (Status.DRAFT,)

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="list_versions")
    label = models.CharField("版本号", max_length=40)
    title = models.CharField("标题", max_length=200, blank=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    effective_to = models.DateField("停止施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True,
                                   help_text="试行清单的有效期最后一日（含）；此后本版本不再适用。")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    filing_no = models.CharField("备案号", max_length=60, blank=True)
    filing_date = models.DateField("备案日期", null=True, blank=True)
    filed_with = models.ForeignKey("orgs.Org", verbose_name="备案机关", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    based_on = models.ForeignKey("self", verbose_name="调整自", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="revisions")
    claimed_from = models.ForeignKey("self", verbose_name="认领自", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="claims")
    declared_facts = models.JSONField("自定义条件", default=list, blank=True, validators=[validate_declared_facts])
    scope_exclusions = models.JSONField("适用范围排除", default=list, blank=True)
    common_conditions = models.JSONField("共同适用条件", default=list, blank=True,
                                         help_text="本版本各事项共同的适用条件（如初次违法、危害后果轻微并及时改正），按清单类别适用。")
    note = models.TextField("说明", blank=True)
    change_reason = models.TextField("调整理由", blank=True)
    contact_unit = models.CharField("填报单位", max_length=100, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    content_hash = models.CharField("内容摘要", max_length=64, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        ordering = ["org", "-effective_from", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "label"], name="list_version_label_unique")]

    def __str__(self) -> str:
        return f"{self.org.name} 清单 {self.label}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.SUPERSEDED)

    def can_move_to(self, status: str) -> bool:
        """Some declared transition leads from the current status to `status`."""
        field = self._meta.get_field("status")
        assert isinstance(field, FSMField)
        return any(t.target == status for t in get_available_FIELD_transitions(self, field))

    # ------------------------------------------------------------ transitions (the service checks first)

    @transition(field="status", source=Status.DRAFT, target=Status.SUBMITTED, permission=may_admin_lists,
                custom={"label": "报送备案"})
    def submit(self, *, at) -> None:
        """报送备案 to the supervising 司法局; the version becomes read-only."""
        self.submitted_at = at

    @transition(field="status", source=Status.SUBMITTED, target=Status.DRAFT, permission=may_admin_lists,
                custom={"label": "撤回报送"})
    def withdraw_submission(self) -> None:
        """撤回报送 by the bureau: a draft again."""

    @transition(field="status", source=Status.SUBMITTED, target=Status.FILED, permission=may_file_list,
                custom={"label": "予以备案"})
    def file(self, *, filing_no: str, filing_date: dt.date, filed_with) -> None:
        """予以备案 by the supervising 司法局 with its 备案号 and 备案日期."""
        self.filing_no, self.filing_date, self.filed_with = filing_no, filing_date, filed_with

    @transition(field="status", source=Status.SUBMITTED, target=Status.DRAFT, permission=may_file_list,
                custom={"label": "退回报送机关"})
    def return_filing(self) -> None:
        """退回 by the supervising 司法局 with reasons (kept in ListFiling): a draft again."""

    @transition(field="status", source=Status.DRAFT, target=Status.FILED, permission=system_only,
                custom={"label": "导入已备案的清单（系统）"})
    def import_filed(self, *, filing_no: str, filing_date: dt.date, filed_with) -> None:
        """A version imported as already filed (demo data, `rouxing` loaders), then published as given."""
        self.filing_no, self.filing_date, self.filed_with = filing_no, filing_date, filed_with

    @transition(field="status", source=Status.FILED, target=Status.PUBLISHED, permission=may_admin_lists,
                custom={"label": "公布"})
    def publish(self, *, effective_from: dt.date, valid_until: dt.date | None, at) -> None:
        """公布施行 from `effective_from`; a 试行 version stops the day after `valid_until`."""
        self.effective_from, self.valid_until = effective_from, valid_until
        self.effective_to = valid_until + dt.timedelta(days=1) if valid_until else None
        self.published_at = at

    @transition(field="status", source=Status.PUBLISHED, target=Status.SUPERSEDED,
                permission=by_publishing_another, custom={"label": "被新版本替代（公布新版本时）"})
    def supersede(self, *, on: dt.date) -> None:
        """替代: the newer version takes effect `on`; an earlier end of a 试行 version is kept."""
        self.effective_to = min(self.effective_to, on) if self.effective_to else on

    @transition(field="status", source=[Status.PUBLISHED, Status.SUPERSEDED], target=Status.WITHDRAWN,
                permission=may_admin_lists, custom={"label": "撤回"})
    def withdraw(self, *, at, reason: str) -> None:
        """撤回 with a reason: never applied again (nor in a 从旧兼从轻 comparison)."""
        self.withdrawn_at, self.withdraw_reason = at, reason

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.is_public and self.effective_from is not None and self.effective_from <= day
            and (self.effective_to is None or day < self.effective_to)
        )

    @classmethod
    def in_force_filter(cls, day: dt.date) -> Q:
        return (
            Q(status__in=[cls.Status.PUBLISHED, cls.Status.SUPERSEDED], effective_from__lte=day)
            & (Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        )

    def compute_hash(self) -> str:
        """SHA-256 over the canonical rule content; stored when filed, so later tampering shows."""
        from rouxing.lists.loaders import version_to_rule_dict

        payload = version_to_rule_dict(self, include_meta=False)
        return hashlib.sha256(
            json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()
        ).hexdigest()


class ListItem(VersionedModel):
    """清单事项: one row of one of the four lists, with 情形 as text and as structured conditions."""

    version = models.ForeignKey(ListVersion, verbose_name="清单版本", on_delete=models.CASCADE, related_name="items")
    list_kind = models.CharField("清单", max_length=16, choices=ListKind.choices)
    seq = models.PositiveIntegerField("序号")
    name = models.CharField("事项名称", max_length=300)
    code = models.CharField("事项编码", max_length=60, blank=True)
    violations = models.JSONField("涉及处罚事项", default=list, blank=True)
    catch_all = models.BooleanField("兜底事项", default=False)
    excluded_violations = models.JSONField("兜底排除事项", default=list, blank=True)
    situation = models.TextField("情形")
    conditions = models.JSONField("结构化条件", default=list, blank=True)
    basis = models.JSONField("依据", default=list, blank=True)
    measures = models.JSONField("配套监管措施", default=list, blank=True)
    coercive_measures = models.JSONField("不予采取的强制措施", default=list, blank=True)
    change_reason = models.TextField("调整理由", blank=True)
    source_item = models.ForeignKey("self", verbose_name="来源事项", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="derived_items")
    source_org_name = models.CharField("来源机关", max_length=100, blank=True)
    rule_id = models.CharField("规则编号", max_length=60, blank=True, validators=[validate_rule_id])

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "清单事项"
        ordering = ["version", "list_kind", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["version", "list_kind", "seq"], name="list_item_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()} {self.seq}. {self.name}"

    def clean(self) -> None:
        if not self.basis:
            raise ValidationError({"basis": "清单事项须载明依据（法律名称、条款）。"})
        if self.version_id and not self.version.is_editable:
            raise ValidationError("已提交、备案或公布的清单版本不能修改，请新建版本后调整。")

    @property
    def basis_text(self) -> str:
        parts = []
        for b in self.basis:
            art = f"第{b.get('article')}条" if b.get("article") else ""
            parts.append(f"《{b.get('law', '')}》{art}　{b.get('text', '')}".strip())
        return "\n".join(parts)


class ListFiling(TimeStampedModel):
    """备案记录: one step of a list version's 备案 with the supervising 司法局 (报送, 予以备案, 退回, 更正).

    The bureau submits (报送备案) or withdraws its submission; the 司法局监督员 of the supervising justice
    bureau accepts (备案号 and date) or returns with reasons, and may later correct the 备案号/date with a
    reason. The rows are the history shown on the version page and the workbenches.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "报送备案"
        WITHDRAW = "withdraw", "撤回报送"
        ACCEPT = "accept", "予以备案"
        RETURN = "return", "退回"
        CORRECT = "correct", "更正备案信息"

    version = models.ForeignKey(ListVersion, verbose_name="清单版本", on_delete=models.CASCADE,
                                related_name="filings")
    action = models.CharField("事项", max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="经办机关", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    filing_no = models.CharField("备案号", max_length=60, blank=True)
    filing_date = models.DateField("备案日期", null=True, blank=True)
    reason = models.TextField("理由/意见", blank=True)

    class Meta:
        verbose_name = "备案记录"
        verbose_name_plural = "备案记录"
        ordering = ["version", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.version} {self.get_action_display()}"
