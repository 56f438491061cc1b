"""Official documents (执法文书): bureau settings, templates, number counters, documents, deliveries.

An issued `Document` is frozen: its .docx bytes, their SHA-256 and its number never change; a
wrong document is voided (作废) and its number is recorded in `VoidedNumber`, never reused.
Numbers come from `NumberCounter` rows locked in the same transaction as the document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition

from rouxing.core.fsm import FSMModelMixin
from rouxing.core.models import TimeStampedModel, VersionedModel
from rouxing.orgs.access import can_write_org
from rouxing.orgs.models import Role
from rouxing.orgs.roles import ISSUER_ROLES, VOID_ROLES

from .doctypes import DOC_TYPES, DocTypeCode


def issuer_roles(doc_type: str) -> set[str]:
    """Roles that draft and issue a document of `doc_type` (清单公布 also the 清单管理员)."""
    roles: set[str] = set(ISSUER_ROLES)
    if doc_type == DocTypeCode.LIST_PUBLICATION:
        roles.add(Role.LIST_ADMIN)
    return roles


def may_issue(doc: Any, user) -> bool:
    """The bureau's 执法人员, 法制审核员 or 负责人 (清单公布: also the 清单管理员)."""
    return can_write_org(user, doc.org_id) and user.role in issuer_roles(doc.doc_type)


def may_void(doc: Any, user) -> bool:
    """The bureau's 法制审核员 or 负责人."""
    return can_write_org(user, doc.org_id) and user.role in VOID_ROLES


def _doc_upload_to(instance, filename: str) -> str:
    return f"documents/{instance.org_id}/{instance.year or 'draft'}/{filename}"


def _template_upload_to(instance, filename: str) -> str:
    return f"documents/templates/{instance.org_id}/{instance.doc_type}/{filename}"


def _seal_upload_to(instance, filename: str) -> str:
    return f"documents/seals/{instance.org_id}/{filename}"


def _scan_upload_to(instance, filename: str) -> str:
    return f"documents/deliveries/{instance.document.org_id}/{filename}"


class BureauSettings(VersionedModel):
    """文书设置: the bureau name, seal, number patterns and contact printed on every document."""

    org = models.OneToOneField("orgs.Org", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="document_settings")
    display_name = models.CharField("文书落款机关名称", max_length=100)
    short_name = models.CharField("文号机关代字", max_length=20, help_text="如“明应急”")
    number_patterns = models.JSONField("文号格式", default=dict, blank=True,
                                       help_text="按文书类型，如 {short}告〔{year}〕{seq}号")
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    seal_image = models.FileField("电子印章图片（PNG）", upload_to=_seal_upload_to, blank=True)
    review_authority = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return self.display_name

    def pattern_for(self, doc_type: str) -> str:
        return self.number_patterns.get(doc_type) or DOC_TYPES[doc_type].default_pattern


class DocumentTemplate(TimeStampedModel):
    """文书模板: a replacement .docx uploaded by a bureau; the newest active one is used."""

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField("文书类型", max_length=32, choices=DocTypeCode.choices)
    file = models.FileField("模板文件", upload_to=_template_upload_to)
    sha256 = models.CharField("SHA-256", max_length=64)
    placeholders = models.JSONField("占位符", default=list)
    active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} 模板 {self.sha256[:8]}"


class NumberCounter(models.Model):
    """文号计数器: the last sequence number used per bureau, document type and year."""

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField("文书类型", max_length=32, choices=DocTypeCode.choices)
    year = models.PositiveIntegerField("年度")
    last_seq = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文号计数器"
        verbose_name_plural = "文号计数器"
        constraints = [models.UniqueConstraint(fields=["org", "doc_type", "year"], name="number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.doc_type}/{self.year}: {self.last_seq}"


class Document(FSMModelMixin, VersionedModel):
    """执法文书: draft (fields editable, preview only) → issued (frozen .docx, number) → voided.

    `status` is a protected FSM field: it changes only through the transitions `issue` and `void`,
    called by `documents.services` after their checks.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已签发"
        VOIDED = "voided", "已作废"

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField("文书类型", max_length=32, choices=DocTypeCode.choices, db_index=True)
    status = FSMField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)
    party = models.ForeignKey("parties.Party", verbose_name="行政相对人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="documents")
    source_type = models.CharField("来源对象类型", max_length=64, blank=True)
    source_id = models.CharField("来源对象编号", max_length=64, blank=True, db_index=True)
    fields = models.JSONField("填写内容", default=dict)
    number = models.CharField("文号", max_length=80, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    docx_file = models.FileField("Word 文书", upload_to=_doc_upload_to, blank=True)
    docx_sha256 = models.CharField("Word 文书 SHA-256", max_length=64, blank=True)
    pdf_file = models.FileField("PDF 文书", upload_to=_doc_upload_to, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    template_sha256 = models.CharField("模板 SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT,
                                   related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.TextField("作废理由", blank=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], condition=~models.Q(number=""),
                                    name="document_number_unique_per_org"),
            models.UniqueConstraint(fields=["org", "doc_type", "year", "seq"], condition=models.Q(seq__isnull=False),
                                    name="document_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number or '（草稿）'}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_voided(self) -> bool:
        return self.status == self.Status.VOIDED

    @transition(field="status", source=Status.DRAFT, target=Status.ISSUED, permission=may_issue,
                custom={"label": "签发并编号"})
    def issue(self, *, by, at) -> None:
        """签发 (the service has numbered and frozen the .docx)."""
        self.issued_by, self.issued_at = by, at

    @transition(field="status", source=Status.ISSUED, target=Status.VOIDED, permission=may_void,
                custom={"label": "作废本文书"})
    def void(self, *, by, at, reason: str) -> None:
        """作废 with a reason; the number stays recorded (VoidedNumber) and is never reused."""
        self.voided_by, self.voided_at, self.void_reason = by, at, reason

    @property
    def party_name(self) -> str:
        return self.fields.get("party_name", "") or (self.party.name if self.party_id else "")


class VoidedNumber(models.Model):
    """作废文号: a number that was issued and then voided; kept so it is never reused."""

    org = models.ForeignKey("orgs.Org", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(Document, verbose_name="文书", on_delete=models.PROTECT,
                                    related_name="voided_number")
    doc_type = models.CharField("文书类型", max_length=32, choices=DocTypeCode.choices)
    year = models.PositiveIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=80)
    reason = models.TextField("作废理由")
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", on_delete=models.PROTECT,
                                  related_name="+")
    voided_at = models.DateTimeField("作废时间")

    class Meta:
        verbose_name = "作废文号"
        verbose_name_plural = "作废文号"
        ordering = ["-voided_at"]

    def __str__(self) -> str:
        return self.number


class DeliveryRecord(TimeStampedModel):
    """送达记录 (送达回证) of one issued document: the one delivery model of the platform.

    Every 送达 is recorded here, tied to the issued `Document` it served: the penalty procedure's
    行政处罚告知书 and 行政处罚决定书 (行政处罚法 art. 61, 民事诉讼法 chapter 7) as well as every other 执法文书.
    一式二份, one delivered and one filed: 送达人, 受送达人, 送达时间, 送达方式, 送达地址, the 电子送达确认书
    and the signed scan of the 送达回证. The procedure gates (execution after the decision's delivery, the
    payment period counted from it) read these rows through `documents.selectors.deliveries_of_documents`.
    """

    class Method(models.TextChoices):
        DIRECT = "direct", "直接送达"
        LEFT = "left", "留置送达"
        POST = "post", "邮寄送达"
        ELECTRONIC = "electronic", "电子送达"
        ENTRUSTED = "entrusted", "委托送达"
        PUBLIC_NOTICE = "public_notice", "公告送达"

    document = models.ForeignKey(Document, verbose_name="文书", on_delete=models.PROTECT, related_name="deliveries")
    copies = models.PositiveSmallIntegerField("份数", default=2)
    deliverer = models.CharField("送达人", max_length=100)
    recipient = models.CharField("被送达人", max_length=100)
    delivered_at = models.DateTimeField("送达时间")
    method = models.CharField("送达方式", max_length=16, choices=Method.choices, default=Method.DIRECT)
    address = models.CharField("送达地址", max_length=200, blank=True)
    consent_confirmed = models.BooleanField("已签订电子送达确认书", default=False,
                                            help_text="电子送达须经受送达人同意并签订确认书（行政处罚法第六十一条）")
    note = models.TextField("备注", blank=True)
    scan = models.FileField("签收扫描件（送达回证）", upload_to=_scan_upload_to, blank=True)
    scan_sha256 = models.CharField("扫描件 SHA-256", max_length=64, blank=True)
    scan_content_type = models.CharField("扫描件类型", max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    legacy_case_delivery_id = models.PositiveBigIntegerField(
        "原案件送达记录编号", null=True, blank=True, editable=False,
        help_text="merged from the former cases.Delivery row of this id; its audit events keep that id")

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["-delivered_at"]

    def __str__(self) -> str:
        return f"{self.document} 送达 {self.recipient}"

    @property
    def delivered_on(self) -> dt.date:
        """送达日期 in the server's time zone: the date the statutory periods count from."""
        return timezone.localtime(self.delivered_at).date()

    @property
    def document_title(self) -> str:
        """The delivered document's kind (行政处罚告知书, 行政处罚决定书, …)."""
        return self.document.get_doc_type_display()

    def clean(self) -> None:
        if self.method == self.Method.ELECTRONIC and not self.consent_confirmed:
            raise ValidationError({"method": "电子送达须经受送达人书面同意并签订确认书（行政处罚法第六十一条）。"})
