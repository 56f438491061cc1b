"""Forms of the four lists (四张清单) pages, and the text form of an item's 依据 (legal basis).

The basis is stored as a list of `{law, article, paragraph, item, text}` dicts (docs/rules-format.md);
officers type it, and the .xlsx annexes carry it, as lines like `《中华人民共和国行政处罚法》第33条　……`.
`parse_basis` and `format_basis` convert between the two and are shared with the .xlsx import.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from rouxing.core.uploads import LimitedFileField, import_limit

from .models import FlexibleMethod, ListKind, ListVersion
from .reference_data import TEN_METHODS

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUM = r"[0-9零〇一二两三四五六七八九十百]+"
BASIS_RE = re.compile(
    rf"^《(?P<law>[^》]+)》\s*(?:第(?P<article>{NUM})条)?\s*(?:第(?P<paragraph>{NUM})款)?\s*"
    rf"(?:第(?P<item>{NUM})项)?[\s　]*(?P<text>.*)$",
    re.S,
)
MEASURE_SPLIT = re.compile(r"[、，,；;\s]+")
BASIS_HELP = "每条依据一行，以《法律名称》开头，如：《中华人民共和国行政处罚法》第33条　违法行为轻微并及时改正……"


def cn_number(text: str) -> int:
    """'33' or '三十三' → 33 (numbers up to 999, as used for article numbers)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def parse_basis(text: str) -> list[dict[str, Any]]:
    """Parse basis lines; raise ValueError with a Chinese message if a line does not name a law."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    entries = []
    for chunk in re.split(r"\n+(?=《)", text):
        match = BASIS_RE.match(chunk.strip())
        if match is None:
            raise ValueError(f"依据格式有误：“{chunk.strip()[:30]}”。{BASIS_HELP}")
        entry: dict[str, Any] = {"law": match["law"].strip()}
        for key in ("article", "paragraph", "item"):
            if match[key]:
                entry[key] = cn_number(match[key])
        entry["text"] = match["text"].strip()
        entries.append(entry)
    return entries


def format_basis(basis: list[dict[str, Any]]) -> str:
    """The text form of a basis list, one law article per line (the inverse of `parse_basis`)."""
    lines = []
    for b in basis or []:
        ref = f"《{b.get('law', '')}》"
        for key, unit in (("article", "条"), ("paragraph", "款"), ("item", "项")):
            if b.get(key):
                ref += f"第{b[key]}{unit}"
        text = str(b.get("text", "")).strip()
        lines.append(f"{ref}　{text}" if text else ref)
    return "\n".join(lines)


def method_names() -> list[str]:
    """Names of the flexible methods (柔性执法方式) an item may list as 配套监管措施."""
    names = list(FlexibleMethod.objects.order_by("report_column").values_list("name", flat=True))
    return names or [m["name"] for m in TEN_METHODS]


def parse_measures(text: str) -> tuple[list[str], list[str]]:
    """Split a measures cell into (known, unknown) method names."""
    known = set(method_names())
    parts = [p.strip() for p in MEASURE_SPLIT.split(text or "") if p.strip()]
    return [p for p in parts if p in known], [p for p in parts if p not in known]


class ReasonForm(forms.Form):
    """A mandatory reason (调整理由 / 退回理由)."""

    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写理由。"})


class VersionCreateForm(forms.Form):
    """新建清单版本: a draft copied from the version in force (or another version of the bureau)."""

    label = forms.CharField(label="版本号", max_length=40, error_messages={"required": "请填写版本号。"})
    title = forms.CharField(label="标题", max_length=200, required=False)
    based_on = forms.ModelChoiceField(label="调整自", queryset=ListVersion.objects.none(), required=False,
                                      empty_label="（现行版本）")
    change_reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages={"required": "新建版本须填写调整理由。"})

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = ListVersion.objects.filter(org=org).order_by("-id")
        self.fields["based_on"].label_from_instance = lambda v: f"{v.label}（{v.get_status_display()}）"


class ItemForm(forms.Form):
    """清单事项 as an officer edits it: the annex columns plus the mandatory reason."""

    list_kind = forms.ChoiceField(label="清单", choices=ListKind.choices)
    seq = forms.IntegerField(label="序号", min_value=1, required=False,
                             help_text="留空则排在该清单末尾。")
    name = forms.CharField(label="事项名称", max_length=300, error_messages={"required": "请填写事项名称。"})
    code = forms.CharField(label="事项编码", max_length=60, required=False)
    situation = forms.CharField(label="情形", widget=forms.Textarea(attrs={"rows": 4}),
                                error_messages={"required": "请填写情形。"})
    basis = forms.CharField(label="依据", widget=forms.Textarea(attrs={"rows": 5}), help_text=BASIS_HELP,
                            error_messages={"required": "清单事项须载明依据（法律名称、条款）。"})
    measures = forms.MultipleChoiceField(label="配套监管措施", required=False, widget=forms.CheckboxSelectMultiple)
    change_reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}),
                                    error_messages={"required": "调整清单事项须填写调整理由（动态调整须留痕）。"})
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(n, n) for n in method_names()]

    def clean_basis(self) -> list[dict[str, Any]]:
        try:
            basis = parse_basis(self.cleaned_data["basis"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not basis:
            raise forms.ValidationError("清单事项须载明依据（法律名称、条款）。")
        return basis

    def item_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("list_kind", "name", "code", "situation", "basis", "measures")}
        data["name"] = data["name"].strip()
        data["code"] = data["code"].strip()
        if self.cleaned_data.get("seq"):
            data["seq"] = self.cleaned_data["seq"]
        return data

    @staticmethod
    def initial_for(item) -> dict[str, Any]:
        return {
            "list_kind": item.list_kind, "seq": item.seq, "name": item.name, "code": item.code,
            "situation": item.situation, "basis": format_basis(item.basis), "measures": list(item.measures),
            "lock_version": item.lock_version,
        }


class FileForm(forms.Form):
    """予以备案: the number (assigned when left empty) and date given by the supervising 司法局."""

    filing_no = forms.CharField(label="备案号（留空则自动编号）", max_length=60, required=False)
    filing_date = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"required": "请填写备案日期。", "invalid": "日期格式有误。"})


class FilingCorrectForm(forms.Form):
    """更正备案信息: a corrected 备案号/备案日期 with the reason."""

    filing_no = forms.CharField(label="备案号", max_length=60, error_messages={"required": "请填写备案号。"})
    filing_date = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"required": "请填写备案日期。", "invalid": "日期格式有误。"})
    reason = forms.CharField(label="更正理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写更正理由。"})


class PublishForm(forms.Form):
    """公布: the date from which the version is in force (施行日期)."""

    effective_from = forms.DateField(label="施行日期", widget=forms.DateInput(attrs={"type": "date"}),
                                     error_messages={"required": "请填写施行日期。", "invalid": "日期格式有误。"})
    valid_until = forms.DateField(label="有效期至（试行清单，可不填）", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"invalid": "日期格式有误。"})


class ClaimForm(forms.Form):
    """认领: adopt a higher bureau's published version into a new draft."""

    source = forms.ModelChoiceField(label="认领的上级清单版本", queryset=ListVersion.objects.none(),
                                    error_messages={"required": "请选择要认领的清单版本。",
                                                    "invalid_choice": "只能认领上级机关已公布的清单版本。"})
    label = forms.CharField(label="新版本号", max_length=40, error_messages={"required": "请填写版本号。"})

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources if sources is not None else ListVersion.objects.none()
        self.fields["source"].label_from_instance = (
            lambda v: f"{v.org.name} {v.label}（{v.get_status_display()}）"
        )


class ImportForm(forms.Form):
    """Upload of an .xlsx in the annex 1–4 layout into a draft version."""

    file = LimitedFileField(max_bytes=import_limit, label="清单文件（.xlsx）", error_messages={"required": "请选择要导入的 .xlsx 文件。"})
    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "导入清单须填写调整理由。"})


# ---------------------------------------------------------------- condition editor (条件编辑)


def _fact_choices(declared) -> list[tuple[str, str]]:
    from .editor import fact_specs

    return [("", "（不填）")] + [(s.key, s.label + ("（自定义）" if s.key.startswith("extra.") else ""))
                               for s in fact_specs(declared).values()]


class ConditionRowForm(forms.Form):
    """One row of the condition editor: 事实, 运算, 取值, 说明 (or a kept compound condition, `raw`)."""

    fact = forms.ChoiceField(label="事实", required=False)
    op = forms.ChoiceField(label="运算", required=False)
    value = forms.CharField(label="取值", required=False, max_length=500,
                            widget=forms.TextInput(attrs={"placeholder": "如：是 / 10 / 当场/及时改正、责令限期改正后按期改正"}))
    label = forms.CharField(label="说明（可不填，自动生成）", required=False, max_length=300)
    lists = forms.MultipleChoiceField(label="适用清单", required=False, choices=ListKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    raw = forms.JSONField(required=False, widget=forms.HiddenInput)
    cid = forms.CharField(required=False, widget=forms.HiddenInput)
    exclusion = forms.CharField(required=False, widget=forms.HiddenInput)
    orig_fact = forms.CharField(required=False, widget=forms.HiddenInput)
    keep = forms.BooleanField(label="保留", required=False, initial=True)

    def __init__(self, *args, declared=None, with_lists=False, **kwargs):
        super().__init__(*args, **kwargs)
        from .editor import OPS

        self.fields["fact"].choices = _fact_choices(declared)
        self.fields["op"].choices = [("", "（不填）"), *OPS.items()]
        if not with_lists:
            del self.fields["lists"]

    def row(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("raw") and not data.get("keep"):
            return {}
        return data


ConditionRowFormSet = forms.formset_factory(ConditionRowForm, extra=3, can_delete=False)


class ItemConditionsForm(forms.Form):
    """适用条件与处罚事项 of one item: combination, catalogue link, reason and the optimistic lock."""

    mode = forms.ChoiceField(label="组合方式", choices=[("all", "全部满足"), ("any", "满足任一")], initial="all",
                             widget=forms.RadioSelect)
    violations = forms.MultipleChoiceField(label="关联处罚事项（处罚事项目录）", required=False,
                                           widget=forms.CheckboxSelectMultiple)
    change_reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}),
                                    error_messages={"required": "调整清单事项须填写调整理由（动态调整须留痕）。"})
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, catalogue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violations"].choices = [(v.code, f"{v.code} {v.name}") for v in catalogue]


class DeclaredFactForm(forms.Form):
    """One declared fact (自定义事实): generated key, Chinese label, type and options."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label="名称", required=False, max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "如：涉及人员数"}))
    type = forms.ChoiceField(label="类型", choices=[("bool", "是/否"), ("number", "数值"), ("choice", "选项")],
                             initial="bool")
    options = forms.CharField(label="选项（“选项”类型，以、分隔）", required=False, max_length=500)


DeclaredFactFormSet = forms.formset_factory(DeclaredFactForm, extra=2)


class VersionRulesForm(forms.Form):
    """The reason and lock of the version-level editor (自定义事实、共同适用条件、适用范围排除)."""

    change_reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}),
                                    error_messages={"required": "调整清单须填写调整理由（动态调整须留痕）。"})
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
