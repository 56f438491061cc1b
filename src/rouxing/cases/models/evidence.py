"""证据材料: files attached to any step, stored once by SHA-256 digest and never overwritten."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from rouxing.core.models import TimeStampedModel


class EvidenceFile(TimeStampedModel):
    """证据材料 (全过程记录, seed 003): photo, audio, video, PDF or Word file attached to a step.

    `target` is the step (inspection, finding, measure, order, reinspection, case, delivery…);
    `case` and `step` label it for the case file. The bytes live at MEDIA_ROOT/evidence/ab/cd/<sha256>
    and are checked against `sha256` on every download and on archiving.
    """

    org = models.ForeignKey("orgs.Org", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="evidence_files")
    step = models.CharField("环节", max_length=40, blank=True)
    target_type = models.ForeignKey(ContentType, verbose_name="所属对象类型", null=True, blank=True,
                                    on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField("所属对象编号", null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    original_name = models.CharField("文件名", max_length=255)
    description = models.CharField("说明", max_length=300, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100)
    kind = models.CharField("类别", max_length=16, help_text="jpg/png/pdf/mp3/mp4/wav/docx…")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "证据材料"
        verbose_name_plural = "证据材料"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    @staticmethod
    def relative_path(sha256: str) -> str:
        return f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.relative_path(self.sha256)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = EvidenceFile.objects.filter(pk=self.pk).values_list("sha256", "size").first()
            if stored and stored != (self.sha256, self.size):
                raise PermissionError("证据材料不能被替换，请另行上传。")
        super().save(*args, **kwargs)


def evidence_relation() -> GenericRelation:
    """`obj.evidence`: the evidence files attached to a step object."""
    return GenericRelation(EvidenceFile, content_type_field="target_type", object_id_field="target_id")
