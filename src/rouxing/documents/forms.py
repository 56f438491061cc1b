"""Forms of the documents app: the blanks of a document type, void, delivery, settings, template upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from rouxing.core.idempotency import TokenForm
from rouxing.core.uploads import LimitedFileField, evidence_limit, import_limit

from .doctypes import DOC_TYPES, DocTypeCode
from .models import DeliveryRecord

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DocumentFieldsForm(TokenForm):
    """One input per blank of the document type (built from its FieldSpecs)."""

    def __init__(self, *args, doc_type: str, parties=None, need_party: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.doc_type = doc_type
        if need_party:
            self.fields["party"] = forms.ModelChoiceField(
                label="行政相对人", queryset=parties, error_messages={"required": "请选择行政相对人。",
                                                                    "invalid_choice": "所选行政相对人不存在。"},
            )
        for spec in DOC_TYPES[doc_type].fields:
            self.fields[spec.name] = self._field(spec)

    @staticmethod
    def _field(spec):
        common = {"label": spec.label, "required": spec.required, "help_text": spec.help,
                  "error_messages": {"required": f"请填写“{spec.label}”。", "invalid": f"“{spec.label}”格式不正确。"}}
        if spec.kind == "textarea":
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)
        if spec.kind == "date":
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
        if spec.kind in ("datetime", "datehour"):
            return forms.DateTimeField(
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                input_formats=INPUT_FORMATS, **common,
            )
        return forms.CharField(max_length=300, **common)

    def field_values(self) -> dict[str, str]:
        """Cleaned values as stored strings (ISO dates, `YYYY-MM-DDTHH:MM` times)."""
        values = {}
        for spec in DOC_TYPES[self.doc_type].fields:
            value = self.cleaned_data.get(spec.name)
            if isinstance(value, dt.datetime):
                value = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if timezone.is_aware(value) \
                    else value.strftime("%Y-%m-%dT%H:%M")
            elif isinstance(value, dt.date):
                value = value.isoformat()
            values[spec.name] = value or ""
        return values


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500,
                             error_messages={"required": "请填写作废理由。"})


class DeliveryForm(TokenForm):
    deliverer = forms.CharField(label="送达人", max_length=100, error_messages={"required": "请填写送达人。"})
    recipient = forms.CharField(label="被送达人", max_length=100, error_messages={"required": "请填写被送达人。"})
    delivered_at = forms.DateTimeField(
        label="送达时间", input_formats=INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "请填写送达时间。", "invalid": "送达时间格式不正确。"},
    )
    method = forms.ChoiceField(label="送达方式", choices=DeliveryRecord.Method.choices)
    address = forms.CharField(label="送达地址", max_length=200, required=False)
    consent_confirmed = forms.BooleanField(label="已签订电子送达确认书（电子送达时）", required=False)
    scan = LimitedFileField(max_bytes=evidence_limit, label="签收扫描件（送达回证，PDF/PNG/JPEG）", required=False)
    note = forms.CharField(label="备注", required=False, max_length=500)


class BureauSettingsForm(forms.Form):
    display_name = forms.CharField(label="文书落款机关名称", max_length=100)
    short_name = forms.CharField(label="文号机关代字", max_length=20, help_text="如“明应急”")
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    review_authority = forms.CharField(label="行政复议机关", max_length=100, required=False)
    court = forms.CharField(label="行政诉讼管辖法院", max_length=100, required=False)
    seal = LimitedFileField(max_bytes=2 * 1024 * 1024, label="电子印章（PNG，可选）", required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, spec in DOC_TYPES.items():
            self.fields[f"pattern_{code}"] = forms.CharField(
                label=f"{spec.label}文号格式", max_length=60, required=False,
                help_text=f"留空使用默认格式 {spec.default_pattern}",
            )

    def pattern_values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"pattern_{code}", "") for code in DOC_TYPES}


class TemplateUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label="文书类型", choices=DocTypeCode.choices)
    file = LimitedFileField(max_bytes=import_limit, label="模板文件（.docx）", error_messages={"required": "请选择要上传的模板文件。"})
