"""Pages of the four lists (四张清单): the lists in force, versions, items, history and diffs (read),
and for a bureau's 清单管理员/负责人 the dynamic adjustment (动态调整), 认领, 备案 and 公布 (write).

Reading is scoped by `rouxing.orgs.access`: working roles see their own bureau, a 司法局监督员 the
bureaus its justice bureau supervises (read-only); any other bureau's version, item or draft id
gives 404 (no hint that it exists). Every write is a POST with CSRF, checked here and again
inside the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rouxing.core.audit import audit_record
from rouxing.core.forms import apply_errors as core_apply_errors
from rouxing.core.fsm import open_transitions as status_actions
from rouxing.core.locking import EditConflict
from rouxing.orgs.access import ensure_can_write, readable_org_ids
from rouxing.orgs.models import Org
from rouxing.orgs.roles import LIST_ADMIN_ROLES as ADMIN_ROLES

from . import selectors, services
from .conditions import common_for
from .display import describe_conditions, display_value, list_sections
from .editor import (
    RowError,
    conditions_to_rows,
    describe_when,
    fact_specs,
    holds,
    listed_to_rows,
    parse_declared,
    rows_to_common,
    rows_to_conditions,
    rows_to_scope,
)
from .filing import can_file
from .forms import (
    ClaimForm,
    ConditionRowFormSet,
    DeclaredFactFormSet,
    FileForm,
    FilingCorrectForm,
    ImportForm,
    ItemConditionsForm,
    ItemForm,
    PublishForm,
    ReasonForm,
    VersionCreateForm,
    VersionRulesForm,
    format_basis,
)
from .models import ListItem, ListVersion, Violation
from .xlsx import XLSX_MIME, XlsxImportError, export_version, version_import_xlsx

LINT_LEVELS = {"error": "错误", "warning": "提示"}


# ---------------------------------------------------------------- access helpers


def visible_versions(user):
    """Versions `user` may read: those of the readable bureaus (own bureau; supervised ones for a
    司法局监督员). Anything else, drafts included, does not exist for the user (404)."""
    return (
        ListVersion.objects.filter(org_id__in=readable_org_ids(user))
        .select_related("org", "based_on", "claimed_from__org", "filed_with")
    )


def _version_or_404(user, pk: int) -> ListVersion:
    return get_object_or_404(visible_versions(user), pk=pk)


def _item_or_404(user, pk: int) -> ListItem:
    queryset = ListItem.objects.select_related("version__org", "source_item__version__org")
    return get_object_or_404(queryset.filter(version__in=visible_versions(user)), pk=pk)


def can_admin(user, org_id: int) -> bool:
    return user.org_id == org_id and user.role in ADMIN_ROLES


def _ensure_admin(user, org_id: int) -> None:
    ensure_can_write(user, org_id, roles=ADMIN_ROLES)


def _ensure_draft_admin(user, version: ListVersion) -> None:
    _ensure_admin(user, version.org_id)
    if not version.is_editable:
        raise PermissionDenied("已提交、备案或公布的清单版本不能修改，请新建版本后调整。")


def _readable_bureaus(user):
    return Org.objects.filter(pk__in=readable_org_ids(user), kind=Org.Kind.ENFORCEMENT).order_by("code")


def _chosen_org(request) -> Org | None:
    bureaus = list(_readable_bureaus(request.user))
    wanted = request.GET.get("org", "")
    for org in bureaus:
        if wanted.isdigit() and org.pk == int(wanted):
            return org
    own = [o for o in bureaus if o.pk == request.user.org_id]
    return own[0] if own else (bureaus[0] if bureaus else None)


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (a service's `change_reason` is the form's `reason`)."""
    core_apply_errors(form, exc, aliases={"change_reason": "reason"} if "reason" in form.fields else None)


def _form_action(request, form, action: Callable[[], Any], success: str | Callable[[Any], str],
                 to: Callable[[Any], int]) -> HttpResponse | None:
    """The write step of a page: when the POSTed form is valid, run the service call `action()`.
    A ValidationError goes onto the form and None is returned (the caller shows the page again);
    otherwise `success` (text, or made from the result) is flashed and the response redirects to the
    version `to(result)`."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect("lists:version", pk=to(result))


# ---------------------------------------------------------------- read pages


@login_required
def index(request):
    """The bureau's version in force today with its four lists, and its other versions."""
    org = _chosen_org(request)
    version = selectors.version_in_force(org=org, day=timezone.localdate()) if org else None
    others = visible_versions(request.user).filter(org=org).order_by("-id") if org else []
    return render(request, "lists/index.html", {
        "org": org, "bureaus": _readable_bureaus(request.user), "version": version,
        "sections": list_sections(version) if version else [], "others": others,
        "can_admin": org is not None and can_admin(request.user, org.pk), "today": timezone.localdate(),
    })


def filing_context(request, version: ListVersion, forms: dict) -> dict:
    """备案 part of the version page: the 司法局监督员's accept/return/correct forms and the history."""
    today = timezone.localdate()
    suggested = ""
    if version.org.justice_bureau is not None and version.status == ListVersion.Status.SUBMITTED:
        from .filing import suggest_filing_no

        suggested = suggest_filing_no(version.org.justice_bureau, today.year)
    return {
        "can_file": can_file(request.user, version),
        "file_form": forms.get("file_form") or FileForm(initial={"filing_date": today, "filing_no": suggested}),
        "filing_return_form": forms.get("filing_return_form") or ReasonForm(prefix="filing"),
        "correct_form": forms.get("correct_form") or FilingCorrectForm(initial={
            "filing_no": version.filing_no, "filing_date": version.filing_date}),
        "filings": version.filings.select_related("actor", "org"),
    }


def _render_version(request, version: ListVersion, status: int = 200, **forms):
    context = {
        "version": version, "sections": list_sections(version),
        "can_admin": can_admin(request.user, version.org_id), "actions": status_actions(version, request.user),
        "return_form": forms.get("return_form") or ReasonForm(),
        **filing_context(request, version, forms),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(),
        "action_errors": forms.get("action_errors", []),
        "diff_base": version.based_on or version.claimed_from,
        "has_lint": _lint_function() is not None,
        "in_force": version.in_force_on(timezone.localdate()),
    }
    return render(request, "lists/version_detail.html", context, status=status)


@login_required
def version_detail(request, pk: int):
    return _render_version(request, _version_or_404(request.user, pk))


@login_required
def item_detail(request, pk: int):
    item = _item_or_404(request.user, pk)
    source = item.source_item
    source_visible = source is not None and (
        source.version.is_public or visible_versions(request.user).filter(pk=source.version_id).exists()
    )
    return render(request, "lists/item_detail.html", {
        "item": item, "version": item.version, "conditions": describe_conditions(item.conditions, item.version),
        "linked": list(Violation.objects.filter(code__in=item.violations).order_by("code")),
        "common": common_for({"list": item.list_kind}, item.version.common_conditions),
        "basis_text": format_basis(item.basis), "source": source if source_visible else None,
        "can_edit": item.version.is_editable and can_admin(request.user, item.version.org_id),
    })


@login_required
def history(request):
    """All versions of a bureau the user may see, newest first, with status and effective period."""
    org = _chosen_org(request)
    versions = visible_versions(request.user).filter(org=org).order_by("-id") if org else []
    return render(request, "lists/history.html", {"org": org, "versions": versions,
                                                  "bureaus": _readable_bureaus(request.user)})


@login_required
def version_diff(request, pk: int):
    """Items added, removed and changed between a base version and this one, field by field."""
    version = _version_or_404(request.user, pk)
    base_id = request.GET.get("base", "")
    if base_id.isdigit():
        base = (visible_versions(request.user).filter(pk=int(base_id)).first()
                or ListVersion.objects.filter(pk=int(base_id), status__in=[
                    ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED]).first())
        if base is None:
            raise Http404("对比的清单版本不存在或无权查看。")
    else:
        base = version.based_on or version.claimed_from
    rows = selectors.version_diff(base, version)
    for row in rows:
        row["fields"] = [{**f, "before": display_value(f["before"]), "after": display_value(f["after"])}
                         for f in row["fields"]]
    choices = visible_versions(request.user).filter(org=version.org).exclude(pk=version.pk).order_by("-id")
    return render(request, "lists/diff.html", {"version": version, "base": base, "rows": rows,
                                               "choices": choices})


def _lint_function():
    try:
        from .linting import lint_version  # written separately; optional
    except ImportError:
        return None
    return lint_version


@login_required
def version_lint(request, pk: int):
    """检查报告 of the list checker, if installed."""
    version = _version_or_404(request.user, pk)
    lint = _lint_function()
    if lint is None:
        raise Http404("清单检查功能未启用。")
    findings = []
    for finding in lint(version) or []:
        get = finding.get if isinstance(finding, dict) else (lambda k, f=finding: getattr(f, k, ""))
        level = get("level") or get("severity") or ""
        findings.append({"level": LINT_LEVELS.get(level, level), "message": get("message") or str(finding),
                         "item": get("item") or get("item_name") or "", "code": get("code") or ""})
    return render(request, "lists/lint.html", {"version": version, "findings": findings})


@login_required
def version_export(request, pk: int):
    """The version as .xlsx in the annex 1–4 layout (an audited download)."""
    version = _version_or_404(request.user, pk)
    content = export_version(version)
    audit_record(event="list_version.export", actor=request.user, obj=version, request=request)
    response = HttpResponse(content, content_type=XLSX_MIME)
    filename = f"list-{version.org.code}-{version.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- write pages (清单管理员/负责人)


@login_required
def version_create(request):
    """新建清单版本 (动态调整): a draft copied from the version in force."""
    org = request.user.org
    _ensure_admin(request.user, request.user.org_id)
    form = VersionCreateForm(request.POST or None, org=org)
    done = _form_action(request, form, lambda: services.version_create_draft(
        org=org, user=request.user, label=form.cleaned_data["label"],
        based_on=form.cleaned_data["based_on"], title=form.cleaned_data["title"],
        change_reason=form.cleaned_data["change_reason"],
    ), lambda version: f"已新建清单版本“{version.label}”（草稿）。", lambda version: version.pk)
    if done:
        return done
    in_force = selectors.version_in_force(org=org, day=timezone.localdate())
    return render(request, "lists/version_new.html", {"form": form, "org": org, "in_force": in_force})


@login_required
def claim(request):
    """认领: a county bureau adopts a higher bureau's published version into a new draft."""
    org = request.user.org
    _ensure_admin(request.user, request.user.org_id)
    sources = ListVersion.objects.filter(
        org__in=org.ancestors(), status__in=[ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED],
    ).select_related("org").order_by("org__code", "-effective_from")
    form = ClaimForm(request.POST or None, sources=sources)
    done = _form_action(request, form, lambda: services.version_claim(
        org=org, source=form.cleaned_data["source"], user=request.user, label=form.cleaned_data["label"].strip(),
    ), lambda version: f"已认领并生成清单版本“{version.label}”（草稿），可调整后提交。", lambda version: version.pk)
    return done or render(request, "lists/claim.html", {"form": form, "org": org, "sources": sources})


@login_required
def item_edit(request, pk: int):
    """Edit an item of a draft with a reason; a concurrent save is refused (optimistic locking)."""
    item = _item_or_404(request.user, pk)
    _ensure_draft_admin(request.user, item.version)
    conflict = False
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                services.item_update(item=item, user=request.user, data=form.item_data(),
                                     reason=form.cleaned_data["change_reason"],
                                     expected_version=form.cleaned_data["lock_version"] or 0)
            except EditConflict as exc:
                conflict = True
                form.add_error(None, exc.message)
                item.refresh_from_db()
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已保存事项“{item.name}”的调整。")
                return redirect("lists:item", pk=item.pk)
    else:
        form = ItemForm(initial=ItemForm.initial_for(item))
    return render(request, "lists/item_form.html", {
        "form": form, "item": item, "version": item.version, "conflict": conflict,
        "current_basis": format_basis(item.basis),
    })


@login_required
def item_new(request, pk: int):
    version = _version_or_404(request.user, pk)
    _ensure_draft_admin(request.user, version)
    form = ItemForm(request.POST or None, initial={"list_kind": request.GET.get("list", "no_penalty")})
    done = _form_action(request, form, lambda: services.item_create(
        version=version, user=request.user, data=form.item_data(), reason=form.cleaned_data["change_reason"],
    ), lambda item: f"已新增事项“{item.name}”。", lambda _: version.pk)
    return done or render(request, "lists/item_form.html", {"form": form, "item": None, "version": version})


@login_required
def item_delete(request, pk: int):
    item = _item_or_404(request.user, pk)
    version = item.version
    _ensure_draft_admin(request.user, version)
    form = ReasonForm(request.POST or None)
    done = _form_action(request, form, lambda: services.item_delete(
        item=item, user=request.user, reason=form.cleaned_data["reason"],
    ), lambda _: f"已删除事项“{item.name}”。", lambda _: version.pk)
    return done or render(request, "lists/item_delete.html", {"form": form, "item": item, "version": version})


@login_required
def version_import(request, pk: int):
    """Import an .xlsx into a draft: all rows are checked first; any error stores nothing."""
    version = _version_or_404(request.user, pk)
    _ensure_draft_admin(request.user, version)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(settings.IMPORT_MAX_BYTES + 1)
            result = version_import_xlsx(version=version, user=request.user, data=data,
                                         reason=form.cleaned_data["reason"])
        except XlsxImportError as exc:
            row_errors = [str(e) for e in exc.errors]
            form.add_error("file", f"导入失败，共 {len(row_errors)} 处问题，清单未作任何改动。")
        except (ValidationError, EditConflict) as exc:
            if isinstance(exc, EditConflict):
                form.add_error(None, exc.message)
            else:
                apply_errors(form, exc)
        else:
            messages.success(request, f"导入完成：新增 {result.created} 项，更新 {result.updated} 项，"
                                      f"删除 {result.deleted} 项，未变 {result.unchanged} 项。")
            if result.new_without_conditions:
                messages.warning(request, "以下新增事项没有结构化适用条件，在录入前不适用于任何案件，本版本也不能提交，请补充："
                                 + "、".join(result.new_without_conditions))
            return redirect("lists:version", pk=version.pk)
    return render(request, "lists/import.html", {"form": form, "version": version, "row_errors": row_errors})


@require_POST
@login_required
def version_submit(request, pk: int):
    version = _version_or_404(request.user, pk)
    _ensure_admin(request.user, version.org_id)
    try:
        services.version_submit(version=version, user=request.user)
    except ValidationError as exc:
        return _render_version(request, version, action_errors=exc.messages)
    messages.success(request, "已提交审核，清单版本不能再修改。")
    return redirect("lists:version", pk=version.pk)


@require_POST
@login_required
def version_return(request, pk: int):
    version = _version_or_404(request.user, pk)
    _ensure_admin(request.user, version.org_id)
    form = ReasonForm(request.POST)
    done = _form_action(request, form, lambda: services.version_return(
        version=version, user=request.user, reason=form.cleaned_data["reason"],
    ), "已退回修改，清单版本回到草稿状态。", lambda _: version.pk)
    return done or _render_version(request, version, return_form=form)


@require_POST
@login_required
def version_publish(request, pk: int):
    version = _version_or_404(request.user, pk)
    _ensure_admin(request.user, version.org_id)
    form = PublishForm(request.POST)
    done = _form_action(request, form, lambda: services.version_publish(
        version=version, user=request.user, effective_from=form.cleaned_data["effective_from"],
        valid_until=form.cleaned_data.get("valid_until"),
    ), lambda _: _effective_text(version.effective_from, version.valid_until), lambda _: version.pk)
    return done or _render_version(request, version, publish_form=form)


@require_POST
@login_required
def version_withdraw(request, pk: int):
    """撤回 a published or superseded version with a reason (it is then never applied)."""
    version = _version_or_404(request.user, pk)
    _ensure_admin(request.user, version.org_id)
    form = ReasonForm(request.POST)
    done = _form_action(request, form, lambda: services.version_withdraw(
        version=version, user=request.user, reason=form.cleaned_data["reason"],
    ), "已撤回本清单版本，此后不再适用于任何案件。", lambda _: version.pk)
    return done or _render_version(request, version, withdraw_form=form)


def _effective_text(day, until=None) -> str:
    text = f"已公布，自{day.year}年{day.month}月{day.day}日起施行"
    if until:
        text += f"，有效期至{until.year}年{until.month}月{until.day}日"
    return text + "。"


# ---------------------------------------------------------------- condition editor (条件编辑)


def _catalogue_picker(query: str, selected: list[str]) -> list[Violation]:
    """Catalogue entries matching the search (code, name or alias), with the selected ones always shown first."""
    entries = list(Violation.objects.order_by("code"))
    query = (query or "").strip()
    chosen = [v for v in entries if v.code in selected]
    if query:
        matches = [v for v in entries if v.code not in selected and (
            query.lower() in v.code.lower() or query in v.name or any(query in a for a in v.aliases or ()))]
    else:
        matches = [v for v in entries if v.code not in selected]
    return chosen + matches


def _mark_fixed(formset, declared) -> None:
    """Give each row holding a kept compound condition its text (`fixed_text`), bound or not."""
    import json

    for f in formset.forms:
        raw = (f.initial or {}).get("raw")
        if f.is_bound:
            try:
                raw = json.loads(f.data.get(f.add_prefix("raw")) or "null")
            except ValueError:
                raw = None
        f.fixed_text = describe_when(raw.get("when"), declared) if isinstance(raw, dict) and raw else ""


def _rows_of(formset) -> list[dict[str, Any]]:
    return [f.row() for f in formset.forms]


def _row_error(form, formset_name: str, exc: RowError) -> None:
    form.add_error(None, f"{formset_name}{exc}")


def _preview(request, conditions: list[dict[str, Any]], declared) -> dict[str, Any] | None:
    """试算: which conditions hold for the example facts typed under the editor."""
    if "preview" not in request.POST:
        return None
    values: dict[str, Any] = {}
    for spec in fact_specs(declared).values():
        raw = request.POST.get(f"example-{spec.key}", "").strip()
        if not raw:
            continue
        if spec.kind == "bool":
            values[spec.key] = raw == "是"
        elif spec.kind == "number":
            try:
                values[spec.key] = float(raw) if "." in raw else int(raw)
            except ValueError:
                continue
        elif spec.kind == "set":
            values[spec.key] = [k for k, label in (spec.values or {}).items() if label in raw or k in raw]
        else:
            by_label = {label: k for k, label in (spec.values or {}).items()}
            values[spec.key] = by_label.get(raw, raw)
    rows = [{"label": c.get("label", ""), "holds": holds(c.get("when"), values)} for c in conditions]
    return {"rows": rows, "applies": bool(rows) and all(r["holds"] for r in rows),
            "examples": {k: request.POST.get(f"example-{k}", "") for k in fact_specs(declared)}}


@login_required
def item_conditions(request, pk: int):
    """适用条件与处罚事项: the item's structured conditions as rows, its catalogue link, a preview (试算)."""
    item = _item_or_404(request.user, pk)
    version = item.version
    _ensure_draft_admin(request.user, version)
    declared = version.declared_facts
    catalogue = list(Violation.objects.order_by("code"))
    conflict = False
    preview = None
    if request.method == "POST":
        form = ItemConditionsForm(request.POST, catalogue=catalogue)
        formset = ConditionRowFormSet(request.POST, prefix="rows", form_kwargs={"declared": declared})
        if form.is_valid() and formset.is_valid():
            try:
                conditions = rows_to_conditions(_rows_of(formset), form.cleaned_data["mode"], declared)
            except RowError as exc:
                _row_error(form, "适用条件", exc)
                conditions = None
            if conditions is not None:
                shared = common_for({"list": item.list_kind}, version.common_conditions)
                preview = _preview(request, [*shared, *conditions], declared)
            if conditions is not None and preview is None:
                try:
                    services.item_update(item=item, user=request.user, reason=form.cleaned_data["change_reason"],
                                         expected_version=form.cleaned_data["lock_version"] or 0,
                                         data={"conditions": conditions,
                                               "violations": form.cleaned_data["violations"]})
                except EditConflict as exc:
                    conflict = True
                    form.add_error(None, exc.message)
                    item.refresh_from_db()
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, f"已保存事项“{item.name}”的适用条件和关联处罚事项。")
                    return redirect("lists:item", pk=item.pk)
        selected = request.POST.getlist("violations")
    else:
        mode, rows = conditions_to_rows(item.conditions, declared)
        form = ItemConditionsForm(catalogue=catalogue, initial={
            "mode": mode, "violations": list(item.violations), "lock_version": item.lock_version})
        formset = ConditionRowFormSet(prefix="rows", form_kwargs={"declared": declared}, initial=rows)
        selected = list(item.violations)
    _mark_fixed(formset, declared)
    return render(request, "lists/item_conditions.html", {
        "item": item, "version": version, "form": form, "formset": formset, "conflict": conflict,
        "specs": fact_specs(declared).values(), "preview": preview, "query": request.GET.get("q", ""),
        "picker": _catalogue_picker(request.GET.get("q", ""), selected), "selected": selected,
        "current": describe_conditions(item.conditions, version) if conflict else None,
    })


@login_required
def version_rules(request, pk: int):
    """自定义事实、共同适用条件、适用范围排除 of a draft version (the version-level condition editor)."""
    version = _version_or_404(request.user, pk)
    _ensure_draft_admin(request.user, version)
    declared = version.declared_facts
    kwargs = {"declared": declared, "with_lists": True}
    conflict = False
    if request.method == "POST":
        form = VersionRulesForm(request.POST)
        facts = DeclaredFactFormSet(request.POST, prefix="facts")
        common = ConditionRowFormSet(request.POST, prefix="common", form_kwargs=kwargs)
        scope = ConditionRowFormSet(request.POST, prefix="scope", form_kwargs=kwargs)
        if all(x.is_valid() for x in (form, facts, common, scope)):
            parsed = None
            section = "自定义事实"
            try:
                new_declared = parse_declared([f.cleaned_data for f in facts.forms], declared)
                section = "共同适用条件"
                new_common = rows_to_common(_rows_of(common), new_declared)
                section = "适用范围排除"
                new_scope = rows_to_scope(_rows_of(scope), new_declared)
                parsed = (new_declared, new_common, new_scope)
            except RowError as exc:
                _row_error(form, section, exc)
            if parsed is not None:
                try:
                    services.version_update_rules(
                        version=version, user=request.user, reason=form.cleaned_data["change_reason"],
                        expected_version=form.cleaned_data["lock_version"] or 0, declared_facts=parsed[0],
                        common_conditions=parsed[1], scope_exclusions=parsed[2])
                except EditConflict as exc:
                    conflict = True
                    form.add_error(None, exc.message)
                    version.refresh_from_db()
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, "已保存本版本的自定义事实、共同适用条件和适用范围排除。")
                    return redirect("lists:version", pk=version.pk)
    else:
        form = VersionRulesForm(initial={"lock_version": version.lock_version})
        facts = DeclaredFactFormSet(prefix="facts", initial=[
            {"key": d.get("key"), "label": d.get("label"), "type": d.get("type", "bool"),
             "options": "、".join(d.get("options") or [])} for d in declared])
        common = ConditionRowFormSet(prefix="common", form_kwargs=kwargs,
                                     initial=listed_to_rows(version.common_conditions, declared))
        scope = ConditionRowFormSet(prefix="scope", form_kwargs=kwargs,
                                    initial=listed_to_rows(version.scope_exclusions, declared))

    _mark_fixed(common, declared)
    _mark_fixed(scope, declared)
    return render(request, "lists/version_rules.html", {
        "version": version, "form": form, "facts": facts, "common": common, "scope": scope, "conflict": conflict,
        "specs": fact_specs(declared).values(),
    })
