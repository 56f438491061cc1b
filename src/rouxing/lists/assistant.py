"""裁量助手 (discretion assistant): an officer picks a violation and a party, ticks the facts and
sees the outcome, basis, measures, fine band and explanation update as they tick (htmx).
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils import timezone

from rouxing.orgs.access import role_required
from rouxing.orgs.models import Role
from rouxing.parties.models import Party

from .models import Violation
from .selectors import version_in_force

CORRECTED = [
    ("", "（未选择）"), ("immediately", "当场/及时改正"), ("within_deadline", "责令限期改正后按期改正"),
    ("not_yet", "尚未到改正期限"), ("overdue", "逾期未改正"), ("refused", "拒不改正"),
]
HARM = [("none", "没有造成危害后果"), ("minor", "危害后果轻微"), ("serious", "危害后果严重")]
FIRST = [("", "自动认定（按历史记录）"), ("true", "初次违法（首次被发现）"), ("false", "非初次违法")]
CIRCUMSTANCES = [
    ("actively_eliminated_harm", "主动消除或者减轻危害后果"),
    ("coerced_or_induced", "受他人胁迫或者诱骗"),
    ("confessed_unknown_violation", "主动供述行政机关尚未掌握的违法行为"),
    ("meritorious_service", "配合查处有立功表现"),
    ("no_subjective_fault", "有证据足以证明没有主观过错"),
    ("accident", "发生生产安全事故"),
    ("major_hidden_danger", "存在重大事故隐患"),
    ("illegal_production", "非法生产、建设、经营"),
    ("bad_social_impact", "造成恶劣社会影响"),
    ("emergency_measure_violation", "突发事件期间违反应对措施"),
    ("suspected_crime", "涉嫌犯罪"),
    ("repeated_violation", "多次违法"),
    ("imminent_danger", "存在生产安全事故现实危险"),
    ("refused_temporary_measures", "拒不执行临时紧急措施"),
]
COERCION = [
    ("", "（不涉及行政强制）"), ("temporary_suspension", "暂时停产停业"), ("equipment_stop", "停止使用相关设施、设备"),
    ("power_cut", "停止供电"), ("seal_or_seize", "查封、扣押"),
]


class AssistantForm(forms.Form):
    """The decision facts of the contract, as an officer ticks them."""

    violation = forms.ChoiceField(label="违法行为")
    party = forms.ChoiceField(label="行政相对人", required=False)
    date = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    violation_date = forms.DateField(label="违法行为发生日期", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    first_violation = forms.ChoiceField(label="初次违法", choices=FIRST, required=False)
    corrected = forms.ChoiceField(label="改正情况", choices=CORRECTED, required=False)
    harm = forms.ChoiceField(label="危害后果", choices=HARM, initial="none")
    substantive_compliance = forms.BooleanField(
        label="有证据证明已履行主要义务，仅形式、记录、通报、评审、演练等不完全符合规定", required=False)
    circumstances = forms.MultipleChoiceField(label="情节", choices=CIRCUMSTANCES, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    coercive_measure = forms.ChoiceField(label="拟采取的行政强制措施", choices=COERCION, required=False)
    party_age = forms.IntegerField(label="自然人年龄", required=False, min_value=0, max_value=150)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        today = timezone.localdate()
        version = version_in_force(org=org, day=today)
        choices = []
        if version is not None:
            for item in version.items.exclude(list_kind="no_coercion").order_by("list_kind", "seq"):
                if not item.catch_all:
                    choices.append((f"item:{item.name}", f"【{item.get_list_kind_display()}{item.seq}】{item.name}"))
        seen = {c[0][5:] for c in choices}
        for v in Violation.objects.order_by("code"):
            if v.name not in seen:
                choices.append((f"item:{v.name}", f"【处罚事项目录】{v.name}"))
        self.fields["violation"].choices = choices
        parties = Party.objects.filter(org=org).order_by("name")
        self.fields["party"].choices = [("", "（不指定，按一般行业企业）")] + [(str(p.pk), p.name) for p in parties]

    def to_facts(self) -> tuple[dict, Party | None]:
        data = self.cleaned_data
        party = None
        if data.get("party"):
            party = Party.objects.filter(org=self.org, pk=data["party"]).first()
        facts: dict = {"org": self.org.name, "date": data["date"].isoformat(), "violation": data["violation"][5:]}
        if data.get("violation_date"):
            facts["violation_date"] = data["violation_date"].isoformat()
        party_facts: dict = {"kind": party.kind if party else "enterprise",
                             "industry": party.industry if party else "general"}
        if party is not None and party.uscc:
            party_facts["uscc"] = party.uscc
        if party is not None and party.id_number:
            party_facts["id_number"] = party.id_number
        if data.get("party_age") is not None:
            party_facts["age"] = data["party_age"]
        facts["party"] = party_facts
        if data.get("first_violation") in ("true", "false"):
            facts["first_violation"] = data["first_violation"] == "true"
        if data.get("corrected"):
            facts["corrected"] = data["corrected"]
        facts["harm"] = data.get("harm") or "none"
        facts["substantive_compliance"] = bool(data.get("substantive_compliance"))
        facts["circumstances"] = list(data.get("circumstances") or [])
        if data.get("coercive_measure"):
            facts["coercive_measure"] = data["coercive_measure"]
        return facts, party


@role_required(Role.OFFICER, Role.REVIEWER, Role.APPROVER, Role.LIST_ADMIN)
def assistant(request):
    """GET shows the form; POST (htmx) returns the `result` partial for the ticked facts."""
    from rouxing.engine import EngineError

    from .decisions import evaluate

    org = request.user.org
    initial = {"date": timezone.localdate(), "harm": "none"}
    form = AssistantForm(request.POST or None, org=org, initial=initial)
    decision, error, facts = None, "", None
    if request.method == "POST":
        if form.is_valid():
            facts, _party = form.to_facts()
            try:
                decision = evaluate(facts, user=request.user)
            except EngineError as exc:
                error = str(exc)
        else:
            error = "；".join(f"{form.fields[k].label if k in form.fields else k}：{'，'.join(v)}"
                             for k, v in form.errors.items())
    context = {"form": form, "decision": decision, "error": error, "facts": facts,
               "version": version_in_force(org=org, day=timezone.localdate())}
    if request.htmx:
        return render(request, "lists/assistant.html#result", context)
    return render(request, "lists/assistant.html", context)
