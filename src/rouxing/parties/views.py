"""Pages of 行政相对人: list, detail, create/edit, credit records, .xlsx import/export. Thin views."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from rouxing.core.audit import audit_record
from rouxing.core.forms import apply_errors
from rouxing.core.idempotency import AlreadySubmitted, run_once
from rouxing.core.locking import EditConflict
from rouxing.orgs.access import ALL_WORK_ROLES, ensure_can_write, role_required
from rouxing.orgs.models import Role

from . import selectors, services
from .forms import CreditRecordForm, ImportForm, PartyForm
from .models import Industry, Party
from .xlsx_import import ImportRejected, export_workbook, parse_workbook, template_workbook

WRITERS = tuple(services.PARTY_WRITERS)
ACTION_PREFIX = "action"
"""Form prefix of the 信用管理提请 form: the party page also shows the 信用记录 form, both with a `kind` field."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*ALL_WORK_ROLES)
@require_GET
def index(request):
    """行政相对人 list: search by name/USCC, filter by industry; personal numbers masked."""
    q = request.GET.get("q", "")
    industry = request.GET.get("industry", "")
    page = Paginator(selectors.parties_for(request.user, q=q, industry=industry), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "parties/index.html", {
        "page": page, "q": q, "industry": industry, "industries": Industry.choices, "query": query.urlencode(),
        "can_write": request.user.role in WRITERS,
    })


@role_required(*ALL_WORK_ROLES)
@require_GET
def export_xlsx(request):
    """导出 the filtered list as .xlsx: personal numbers masked, formula-like text neutralised, audited."""
    q = request.GET.get("q", "")
    industry = request.GET.get("industry", "")
    parties = selectors.parties_for(request.user, q=q, industry=industry)
    content, count = export_workbook(parties)
    audit_record(event="party.export", actor=request.user, request=request, object_type="parties.Party",
                 detail={"q": q, "industry": industry, "count": count})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''parties.xlsx"
    return response


@role_required(*ALL_WORK_ROLES)
@require_GET
def detail(request, pk: int):
    party = selectors.party_for(request.user, pk)
    full = selectors.can_see_personal_data(request.user, party)
    if full and party.kind == Party.Kind.PERSON and party.id_number:
        audit_record(event="party.view_personal", actor=request.user, obj=party, request=request)
    return render(request, "parties/detail.html", detail_context(request, party, full=full))


def detail_context(request, party: Party, *, full: bool | None = None) -> dict:
    """What the party page shows: data, credit records, credit actions (信用管理) and other apps' sections."""
    from .forms import CreditActionForm

    if full is None:
        full = selectors.can_see_personal_data(request.user, party)
    own = request.user.org_id == party.org_id
    return {
        "party": party, "show_full": full, "records": selectors.credit_records_for(party),
        "can_write": request.user.role in WRITERS and own,
        "credit_form": CreditRecordForm(), "sections": selectors.party_sections(request, party),
        "credit_actions": party.credit_actions.select_related("target", "proposed_by", "decided_by"),
        "can_propose": own and request.user.role == Role.OFFICER,
        "action_form": CreditActionForm(party=party, prefix=ACTION_PREFIX, initial={"applied_on": dt.date.today()}),
    }


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def create(request):
    ensure_can_write(request.user, request.user.org_id, services.PARTY_WRITERS)
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = run_once(user=request.user, token=form.cleaned_data["form_token"], label="登记行政相对人",
                             url_for=lambda p: reverse("parties:detail", args=[p.pk]),
                             action=lambda: services.party_create(actor=request.user, org=request.user.org,
                                                                  data=form.party_data(), request=request))
        except AlreadySubmitted as exc:
            messages.warning(request, str(exc))
            return redirect(exc.url or "parties:index")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{party.name}”。")
            return redirect("parties:detail", pk=party.pk)
    return render(request, "parties/form.html", {"form": form, "party": None})


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    party = selectors.party_for(request.user, pk)
    ensure_can_write(request.user, party.org_id, services.PARTY_WRITERS)
    if request.method == "POST":
        form = PartyForm(request.POST)
        if form.is_valid():
            try:
                services.party_update(actor=request.user, party=party, data=form.party_data(), request=request,
                                      expected_version=form.cleaned_data.get("lock_version") or 0)
            except EditConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("parties:detail", pk=party.pk)
    else:
        initial = {name: getattr(party, name) for name in services.PARTY_FIELDS}
        form = PartyForm(initial={**initial, "lock_version": party.lock_version})
    return render(request, "parties/form.html", {"form": form, "party": party})


@role_required(*WRITERS)
@require_http_methods(["POST"])
def credit_add(request, pk: int):
    party = selectors.party_for(request.user, pk)
    ensure_can_write(request.user, party.org_id, services.PARTY_WRITERS)
    form = CreditRecordForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("form_token", "")
        try:
            run_once(user=request.user, token=token, label="添加信用记录",
                     url_for=lambda _: reverse("parties:detail", args=[party.pk]),
                     action=lambda: services.credit_record_add(actor=request.user, party=party, request=request,
                                                               **data))
        except AlreadySubmitted as exc:
            messages.warning(request, str(exc))
            return redirect("parties:detail", pk=party.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已添加信用记录。")
            return redirect("parties:detail", pk=party.pk)
    return render(request, "parties/detail.html", {**detail_context(request, party), "credit_form": form},
                  status=400)


@role_required(*WRITERS)
@require_http_methods(["POST"])
def credit_withdraw(request, pk: int):
    """Mark penalty publicity as withdrawn today (POST with the record's lock_version)."""
    record = selectors.credit_record_for(request.user, pk)
    ensure_can_write(request.user, record.org_id, services.PARTY_WRITERS)
    try:
        version = int(request.POST.get("lock_version", ""))
        services.credit_record_withdraw(actor=request.user, record=record, withdrawn_on=dt.date.today(),
                                        expected_version=version, request=request)
    except (ValueError, EditConflict, ValidationError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text if not isinstance(exc, ValueError) else "请求缺少版本号，请刷新页面后重试。")
    else:
        messages.success(request, "已记录撤回公示。")
    return redirect("parties:detail", pk=record.party_id)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def import_xlsx(request):
    """批量导入: all-or-nothing; every bad row is listed."""
    ensure_can_write(request.user, request.user.org_id, services.PARTY_WRITERS)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = parse_workbook(upload.read(), org=request.user.org)
        except ImportRejected as exc:
            form.add_error("file", str(exc))
        else:
            errors = result.errors
            if not errors:
                try:
                    created = services.parties_import(actor=request.user, org=request.user.org, rows=result.rows,
                                                      filename=upload.name, request=request)
                except ValidationError as exc:
                    form.add_error("file", exc.messages)
                else:
                    messages.success(request, f"导入成功：共 {len(created)} 条。")
                    return redirect("parties:index")
    status = 400 if (errors or form.errors) else 200
    return render(request, "parties/import.html", {"form": form, "errors": errors}, status=status)


@role_required(*WRITERS)
@require_GET
def import_template(request):
    audit_record(event="party.import_template_download", actor=request.user, request=request)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''party-import-template.xlsx"
    return response
