"""Forms of the parties app: explicit fields only (no mass assignment)."""

from __future__ import annotations

from django import forms

from rouxing.core.idempotency import TokenForm
from rouxing.core.uploads import LimitedFileField, import_limit
from rouxing.core.validators import normalize_uscc, validate_id_number, validate_uscc

from .models import CreditAction, CreditRecord, Industry, Party
from .services import PLAIN_KINDS


class PartyForm(TokenForm):
    """登记/修改行政相对人."""

    kind = forms.ChoiceField(label="类型", choices=Party.Kind.choices, initial=Party.Kind.ENTERPRISE)
    name = forms.CharField(label="名称/姓名", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    legal_rep = forms.CharField(label="法定代表人/负责人", max_length=50, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    industry = forms.ChoiceField(label="行业类别", choices=Industry.choices, initial=Industry.GENERAL)
    grade = forms.ChoiceField(label="分类分级", choices=[("", "未分级"), *Party.Grade.choices], required=False)
    standardized = forms.BooleanField(label="安全生产标准化达标", required=False)
    trustworthy = forms.BooleanField(label="守信主体", required=False)
    birth_date = forms.DateField(label="出生日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    permit_expiry = forms.DateField(label="安全生产许可证有效期至", required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_uscc(self) -> str:
        value = normalize_uscc(self.cleaned_data.get("uscc", ""))
        if value:
            validate_uscc(value)
        return value

    def clean_id_number(self) -> str:
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        if value:
            validate_id_number(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == Party.Kind.ENTERPRISE and not data.get("uscc") and "uscc" not in self.errors:
            self.add_error("uscc", "企业须填写统一社会信用代码。")
        return data

    def party_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("lock_version", "form_token")}


class CreditRecordForm(TokenForm):
    """添加信用记录 (plain kinds only: listing kinds go through the approval flow)."""

    kind = forms.ChoiceField(label="类型", choices=PLAIN_KINDS, error_messages={
        "invalid_choice": "列入严重失信主体名单、暂不列入、信用修复、移出名单须经信用管理审批流程（执法人员提请、"
                          "负责人审批），不能作为普通信用记录添加。"},
                             help_text="列入严重失信主体名单、暂不列入、信用修复、移出名单须在下方“信用管理”中提请负责人审批")
    occurred_on = forms.DateField(label="发生/决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label="期限届满日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    fatal = forms.BooleanField(label="有人员死亡（仅事故）", required=False)
    withdrawn_on = forms.DateField(label="撤回公示日期（行政处罚公示）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = LimitedFileField(max_bytes=import_limit, label="Excel 文件（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件（可先下载导入模板）。")
        return upload


DATE = forms.DateInput(attrs={"type": "date"})


class CreditActionForm(TokenForm):
    """提请列入严重失信主体名单、暂不列入/暂缓列入、信用修复、移出名单."""

    kind = forms.ChoiceField(label="事项", choices=CreditAction.Kind.choices)
    target = forms.ModelChoiceField(label="针对的信用记录（信用修复、移出名单）", queryset=CreditRecord.objects.none(),
                                    required=False)
    applied_on = forms.DateField(label="申请日期", widget=DATE)
    period_end = forms.DateField(label="暂不列入/暂缓列入期限至", required=False, widget=DATE)
    reason = forms.CharField(label="申请理由及事实", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：首次违法、危害后果轻微并已在责令期限内改正；已完全履行行政处罚义务并作出信用承诺")

    def __init__(self, *args, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = CreditRecord.objects.filter(
            party=party, kind__in=[CreditRecord.Kind.PENALTY_PUBLICITY, CreditRecord.Kind.BLACKLIST])


class CreditDecideForm(forms.Form):
    """负责人审批信用管理事项."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label="审批结论", choices=[("approve", "批准"), ("refuse", "不予批准")],
                               widget=forms.RadioSelect)
    decided_on = forms.DateField(label="审批日期", widget=DATE)
    reason = forms.CharField(label="审批意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
