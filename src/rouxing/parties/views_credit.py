"""Pages of the credit workflow (信用管理): propose 暂不列入/暂缓列入, 信用修复, 移出名单 from the party
page; the 负责人 decides on the action's page. Another bureau's id is 404; supervisors read only (403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rouxing.core.forms import apply_errors
from rouxing.core.fsm import open_transitions as status_actions
from rouxing.core.idempotency import AlreadySubmitted, run_once
from rouxing.core.locking import EditConflict
from rouxing.orgs.access import ALL_WORK_ROLES, ensure_can_write, get_readable_or_404, role_required

from . import credit, selectors
from .forms import CreditActionForm, CreditDecideForm
from .models import CreditAction
from .views import ACTION_PREFIX, detail_context


@role_required(*credit.PROPOSERS)
@require_http_methods(["POST"])
def credit_action_new(request, pk: int):
    """提请 (POST from the party page); errors re-render the party page with what was typed."""
    party = selectors.party_for(request.user, pk)
    ensure_can_write(request.user, party.org_id, credit.PROPOSERS)
    form = CreditActionForm(request.POST, party=party, prefix=ACTION_PREFIX)
    if form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token", "")
        try:
            action = run_once(user=request.user, token=token, label="提请信用管理事项",
                              url_for=lambda a: reverse("parties:credit_action", args=[a.pk]),
                              action=lambda: credit.credit_action_propose(actor=request.user, party=party,
                                                                          request=request, **data))
        except AlreadySubmitted as exc:
            messages.warning(request, str(exc))
            return redirect(exc.url or reverse("parties:detail", args=[party.pk]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已提请{action.get_kind_display()}，待负责人审批。")
            return redirect("parties:credit_action", pk=action.pk)
    return render(request, "parties/detail.html", {**detail_context(request, party), "action_form": form},
                  status=400)


@role_required(*ALL_WORK_ROLES)
@require_http_methods(["GET", "POST"])
def credit_action_detail(request, pk: int):
    """The action with its target record; the bureau's 负责人 approves or refuses it here."""
    action = get_readable_or_404(CreditAction.objects.select_related("party", "target", "proposed_by",
                                                                     "decided_by", "result_record"),
                                 request.user, pk=pk)
    actions = status_actions(action, request.user)  # approve / refuse, when the user may decide now
    can_decide = bool(actions)
    form = CreditDecideForm(request.POST or None, initial={
        "lock_version": action.lock_version, "decided_on": timezone.localdate()})
    if actions:  # the choices are the transitions, labelled by them
        result = form.fields["result"]
        assert isinstance(result, forms.ChoiceField)
        result.choices = [(name, t.custom["label"]) for name, t in actions.items()]
    status = 200
    if request.method == "POST":
        ensure_can_write(request.user, action.org_id, credit.DECIDERS)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                credit.credit_action_decide(actor=request.user, action=action, approve=data["result"] == "approve",
                                            reason=data["reason"], decided_on=data["decided_on"],
                                            expected_version=data["lock_version"], request=request)
            except ValidationError as exc:
                apply_errors(form, exc)
            except EditConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, "已审批。")
                return redirect("parties:credit_action", pk=action.pk)
    return render(request, "parties/credit_action.html", {
        "action": action, "form": form, "can_decide": can_decide,
        "earliest": credit.earliest_day(action.kind, action.target),
    }, status=status)
