"""Shared helpers of the case pages: role sets, scoped lookups (another bureau's id → 404), write
checks (supervisors read only → 403) and the generic step-form runner."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from rouxing.core.forms import apply_errors
from rouxing.core.idempotency import AlreadySubmitted, run_once
from rouxing.core.locking import EditConflict
from rouxing.orgs.access import can_write_org, ensure_can_write, get_readable_or_404
from rouxing.orgs.roles import APPROVER as APPROVER
from rouxing.orgs.roles import CASE_READERS as READ_ROLES
from rouxing.orgs.roles import CASE_WORKERS as CASE_WORKERS
from rouxing.orgs.roles import OFFICER as OFFICER
from rouxing.orgs.roles import REVIEWER as REVIEWER


def ensure_reader(user) -> None:
    if not user.is_authenticated or user.role not in READ_ROLES:
        raise PermissionDenied("您的角色无权查看案件。")


def readable(request, queryset, pk: int, field: str = "org"):
    """The record if the user may read it; another bureau's id gives 404."""
    ensure_reader(request.user)
    return get_readable_or_404(queryset, request.user, field, pk=pk)


def require_write(user, org_id: int, roles: set[str]) -> None:
    ensure_can_write(user, org_id, roles)


def may(user, org_id: int, roles: set[str]) -> bool:
    return can_write_org(user, org_id) and user.role in roles


def _url(success_url: str | Callable[[object], str], result: object) -> str:
    return success_url(result) if callable(success_url) else success_url


def run_step(request, *, form, action: Callable[[dict], object], success_url: str | Callable[[object], str],
             success: str, context: dict,
             template: str = "cases/step_form.html"):
    """POST: validate, call the service, redirect; on any refusal re-render with what was typed.

    A form carrying a `form_token` runs at most once per token (`core.idempotency.run_once`): a repeated
    POST stores nothing and goes to the first result's page with 「该表单已提交过，本次未重复保存。」."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            token = form.cleaned_data.pop("form_token", "")
            try:
                result = run_once(user=request.user, token=token, label=str(context.get("title", "")),
                                  action=lambda: action(form.cleaned_data),
                                  url_for=lambda result: _url(success_url, result))
            except AlreadySubmitted as exc:
                messages.warning(request, str(exc))
                return redirect(exc.url or request.path)
            except ValidationError as exc:
                apply_errors(form, exc)
            except EditConflict as exc:
                form.add_error(None, str(exc))
                status = 409
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, success)
                return redirect(_url(success_url, result))
    return render(request, template, {**context, "form": form}, status=status)
