"""Forms of the reports app (explicit fields; Chinese messages)."""

from __future__ import annotations

from django import forms

from .definition import Period
from .models import REVIEW_CHECKLIST


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SubmitForm(forms.Form):
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    correction_reason = forms.CharField(label="更正理由（再次报送时填写）", required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class ReviewForm(forms.Form):
    comments = forms.CharField(label="评议意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, points in REVIEW_CHECKLIST:
            self.fields[f"s_{key}"] = forms.IntegerField(label=f"{label}（{points}分）", min_value=0,
                                                         max_value=points)

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"s_{key}"] for key, _label, _points in REVIEW_CHECKLIST}
