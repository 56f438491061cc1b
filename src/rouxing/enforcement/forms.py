"""Forms of the enforcement pages; the services validate again and hold every legal gate."""

from __future__ import annotations

from django import forms

from rouxing.cases.forms import DATE, TEXT, OfficerLabel, officers_of
from rouxing.orgs.models import User
from rouxing.parties.models import Party

from .models import CoerciveMeasure, MeasureKind, SummaryDecision

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def parse_items(text: str) -> list[dict[str, str]]:
    """One item a line: `名称 数量 单位 备注` (separated by spaces; only the name is required)."""
    items = []
    for line in (text or "").splitlines():
        parts = line.split()
        if not parts:
            continue
        parts += [""] * 3
        items.append({"name": parts[0], "quantity": parts[1], "unit": parts[2], "note": " ".join(parts[3:]).strip()})
    return items


ITEMS_HELP = "每行一项：名称 数量 单位 备注，以空格分隔"


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label="强制措施", choices=MeasureKind.choices)
    reason = forms.CharField(label="采取强制措施的理由", widget=TEXT)
    basis = forms.CharField(label="法律依据", widget=TEXT, initial="《中华人民共和国安全生产法》第六十五条第一款")
    place = forms.CharField(label="场所、设施或者财物所在地", max_length=200, required=False)
    items = forms.CharField(label="查封、扣押清单", widget=TEXT, required=False, help_text=ITEMS_HELP)
    emergency = forms.BooleanField(label="情况紧急，需要当场实施（二十四小时内补办批准手续）", required=False)

    def clean_items(self):
        return parse_items(self.cleaned_data.get("items", ""))


class WithholdForm(forms.Form):
    measure = forms.ChoiceField(label="考虑采取的强制措施", choices=MeasureKind.choices)
    considered_on = forms.DateField(label="认定日期", widget=DATE)
    note = forms.CharField(label="补充说明", widget=TEXT, required=False)


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(LockedForm):
    passed = forms.TypedChoiceField(label="审核结论", choices=[("1", "通过"), ("0", "不通过，退回")],
                                    coerce=lambda v: v == "1")
    opinion = forms.CharField(label="审核意见", widget=TEXT, required=False)


class ApproveForm(LockedForm):
    approve = forms.TypedChoiceField(label="负责人意见", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1")
    opinion = forms.CharField(label="意见", widget=TEXT, required=False)


class ExecuteForm(LockedForm):
    officers = OfficerLabel(label="实施人员（两名以上，持执法证）", queryset=User.objects.none(),
                            widget=forms.CheckboxSelectMultiple)
    executed_at = forms.DateTimeField(label="实施时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    party_informed = forms.BooleanField(label="已当场告知当事人理由、依据以及依法享有的权利、救济途径", required=False)
    statement = forms.CharField(label="当事人陈述申辩", widget=TEXT, required=False)
    scene_record = forms.CharField(label="现场笔录", widget=TEXT)
    party_signed = forms.BooleanField(label="当事人已在现场笔录上签名", required=False)
    signature_note = forms.CharField(label="当事人拒绝签名或不到场的情况及见证人", max_length=300, required=False)

    def __init__(self, *args, org_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers_of(org_id)


class PowerCutNoticeForm(LockedForm):
    supplier = forms.CharField(label="供电单位", max_length=200)
    supplier_notified_at = forms.DateTimeField(label="书面通知供电单位时间", widget=DATETIME,
                                               input_formats=["%Y-%m-%dT%H:%M"])
    party_notice_at = forms.DateTimeField(label="提前通知当事人时间（紧急情形可不填）", widget=DATETIME, required=False,
                                          input_formats=["%Y-%m-%dT%H:%M"])


class ExtendForm(LockedForm):
    days = forms.IntegerField(label="延长天数（不超过三十日）", min_value=1)
    reason = forms.CharField(label="延长理由（情况复杂的具体情形）", widget=TEXT)
    notified_on = forms.DateField(label="书面告知当事人日期", widget=DATE, required=False)


class LiftForm(LockedForm):
    ground = forms.ChoiceField(label="解除理由", choices=CoerciveMeasure.LiftGround.choices)
    note = forms.CharField(label="解除说明（复查情况）", widget=TEXT, required=False)
    returned_items = forms.CharField(label="退还清单", widget=TEXT, required=False, help_text=ITEMS_HELP)

    def clean_returned_items(self):
        return parse_items(self.cleaned_data.get("returned_items", ""))


class SummaryForm(forms.Form):
    party = forms.ModelChoiceField(label="当事人", queryset=Party.objects.none())
    facts = forms.CharField(label="违法行为", widget=TEXT)
    basis = forms.CharField(label="处罚依据", widget=TEXT)
    penalty = forms.ChoiceField(label="处罚种类", choices=SummaryDecision.Penalty.choices)
    amount = forms.DecimalField(label="罚款数额（元）", max_digits=10, decimal_places=2, required=False, min_value=0)
    place = forms.CharField(label="地点", max_length=200)
    officers = OfficerLabel(label="执法人员（两名以上，出示执法证件）", queryset=User.objects.none(),
                            widget=forms.CheckboxSelectMultiple)
    party_signed = forms.BooleanField(label="当事人已签收决定书", required=False)
    refusal_note = forms.CharField(label="当事人拒绝签收的情况", max_length=300, required=False)

    def __init__(self, *args, org_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(org_id=org_id).order_by("name")
        self.fields["officers"].queryset = officers_of(org_id)


class FileForm(LockedForm):
    filed_on = forms.DateField(label="备案日期", widget=DATE)


class TransferForm(forms.Form):
    suspected_crime = forms.CharField(label="涉嫌犯罪事实", widget=TEXT)
    evidence_list = forms.CharField(label="证据清单（每行一项）", widget=TEXT)
    expert_results = forms.CharField(label="检验、鉴定结论", widget=TEXT, required=False)

    def clean_evidence_list(self):
        return [line.strip() for line in self.cleaned_data.get("evidence_list", "").splitlines() if line.strip()]


class TransferSendForm(LockedForm):
    police_org = forms.CharField(label="接收移送的公安机关", max_length=200)
    procuratorate = forms.CharField(label="抄送的人民检察院", max_length=200)
    transferred_on = forms.DateField(label="移送日期", widget=DATE)


class TransferAnswerForm(LockedForm):
    accepted = forms.TypedChoiceField(label="公安机关决定", choices=[("1", "受理立案"), ("0", "不予立案")],
                                      coerce=lambda v: v == "1")
    answer_on = forms.DateField(label="答复日期", widget=DATE)
    note = forms.CharField(label="答复内容", widget=TEXT)
