"""Forms of 双随机一公开 planning (explicit fields; Chinese messages)."""

from __future__ import annotations

from django import forms


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=200)
    note = forms.CharField(label="说明（调整已批准计划须写明理由）", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for m in range(1, 13):
            self.fields[f"m{m}"] = forms.IntegerField(label=f"{m}月", min_value=0, max_value=100000, initial=0,
                                                      error_messages={"min_value": "计划检查数不能小于 0。"})

    def targets(self) -> list[int]:
        return [self.cleaned_data[f"m{m}"] for m in range(1, 13)]


class DrawForm(forms.Form):
    month = forms.IntegerField(label="月份", min_value=1, max_value=12)
    party_count = forms.IntegerField(label="抽取检查对象数", min_value=1, max_value=1000)
