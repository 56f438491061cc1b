"""Pages of the documents app: index, new draft (with live preview), detail, issue, void, download,
delivery, bureau settings and template upload. Views are thin: services write, selectors read;
every view checks login, role and the bureau scope (another bureau's id gives 404).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rouxing.core.fsm import open_transitions as status_actions
from rouxing.core.idempotency import AlreadySubmitted, run_once
from rouxing.core.locking import EditConflict
from rouxing.orgs.access import can_write_org, role_required
from rouxing.orgs.roles import ALL_WORK_ROLES as READ_ROLES
from rouxing.orgs.roles import SETTINGS_ROLES
from rouxing.parties.models import Party

from . import selectors, services
from .context import list_version_rows, resolve_source, source_defaults, source_party
from .doctypes import DOC_TYPES, DocTypeCode
from .forms import BureauSettingsForm, DeliveryForm, DocumentFieldsForm, TemplateUploadForm, VoidForm
from .models import Document
from .template_store import active_template


def _errors_to_form(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
@role_required(*READ_ROLES)
@require_GET
def index(request):
    doc_type = request.GET.get("type", "")
    if doc_type and doc_type not in DOC_TYPES:
        doc_type = ""
    status = request.GET.get("status", "")
    text = request.GET.get("q", "").strip()[:50]
    docs = selectors.documents_for(request.user, doc_type=doc_type, status=status, query=text)
    page = Paginator(docs, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("type", doc_type), ("status", status), ("q", text)) if v})
    return render(request, "documents/index.html", {
        "documents": page, "page": page, "pager_query": query, "doc_types": DocTypeCode.choices,
        "chosen_type": doc_type,
        "statuses": Document.Status.choices, "chosen_status": request.GET.get("status", ""),
        "query": request.GET.get("q", "")[:50],
        "can_issue": can_write_org(request.user, request.user.org_id),
        "can_settings": request.user.role in SETTINGS_ROLES,
    })


def _draft_inputs(request):
    doc_type = request.GET.get("type") or request.POST.get("type") or ""
    if doc_type not in DOC_TYPES:
        raise ValidationError("请选择文书类型。")
    source_type = request.GET.get("source_type") or request.POST.get("source_type") or ""
    source_id = request.GET.get("source_id") or request.POST.get("source_id") or ""
    source = resolve_source(source_type, source_id, request.user) if source_type else None
    if source is None and doc_type == DocTypeCode.LIST_PUBLICATION:
        source = selectors.list_version_in_force(request.user.org_id)
    if source is not None and not can_write_org(request.user, getattr(source, "org_id", request.user.org_id)):
        raise PermissionDenied("不能为其他机关的案件制作文书。")
    return doc_type, source


@login_required
@role_required(*services.ISSUER_ROLES, "list_admin")
@require_http_methods(["GET", "POST"])
def create(request):
    try:
        doc_type, source = _draft_inputs(request)
    except ValidationError as exc:
        return render(request, "documents/choose.html", {"doc_types": DocTypeCode.choices, "error": exc.messages[0]},
                      status=400 if request.method == "POST" else 200)
    spec = DOC_TYPES[doc_type]
    if request.user.role not in services.issuer_roles(doc_type):
        raise PermissionDenied("您的角色无权制作该类文书。")
    party = source_party(source)
    parties = Party.objects.filter(org_id=request.user.org_id).order_by("name")
    need_party = spec.has_party and party is None
    bureau = services.bureau_settings_for(request.user.org)
    initial = source_defaults(doc_type, source=source, org=request.user.org, user=request.user, bureau=bureau)
    form = DocumentFieldsForm(request.POST or None, doc_type=doc_type, parties=parties, need_party=need_party,
                              initial=initial)
    preview = ""
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("party") or party
        extra = list_version_rows(source) if doc_type == DocTypeCode.LIST_PUBLICATION and source else None
        if request.POST.get("action") == "preview" or request.htmx:
            draft = Document(org=request.user.org, doc_type=doc_type, fields={
                **form.field_values(), **services.party_snapshot(chosen), **(extra or {})})
            preview = services.document_preview_html(document=draft)
        else:
            try:
                doc = run_once(user=request.user, token=form.cleaned_data.get("form_token", ""), label="制作文书",
                               url_for=lambda d: reverse("documents:detail", args=[d.pk]),
                               action=lambda: services.document_draft_create(
                                   user=request.user, doc_type=doc_type, fields=form.field_values(), party=chosen,
                                   source=source, extra=extra, request=request))
            except AlreadySubmitted as exc:
                messages.warning(request, str(exc))
                return redirect(exc.url or "documents:index")
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, "草稿已保存，请核对预览后签发。")
                return redirect("documents:detail", pk=doc.pk)
    context = {"form": form, "spec": spec, "doc_type": doc_type, "source": source, "party": party,
               "preview": preview, "source_type": source._meta.label if source is not None else "",
               "source_label": f"{source._meta.verbose_name}“{str(source).rstrip('。')}”" if source is not None else "",
               "source_id": source.pk if source is not None else ""}
    if request.htmx:
        return render(request, "documents/form.html#preview", context)
    return render(request, "documents/form.html", context, status=400 if request.method == "POST" else 200)


@login_required
@role_required(*services.ISSUER_ROLES, "list_admin")
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Change a draft's blanks (optimistic lock: a concurrent edit is reported, not overwritten)."""
    doc = selectors.document_get(request.user, pk)
    if not can_write_org(request.user, doc.org_id) or request.user.role not in services.issuer_roles(doc.doc_type):
        raise PermissionDenied("您无权修改该文书。")
    if not doc.is_draft:
        messages.error(request, "文书已签发或作废，不能再修改。")
        return redirect("documents:detail", pk=pk)
    form = DocumentFieldsForm(request.POST or None, doc_type=doc.doc_type, initial=doc.fields)
    version = request.POST.get("lock_version", doc.lock_version)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_draft_update(user=request.user, document=doc, fields=form.field_values(),
                                           expected_version=int(version), request=request)
        except (ValidationError, EditConflict, ValueError) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)])[0])
        else:
            messages.success(request, "草稿已更新。")
            return redirect("documents:detail", pk=pk)
    return render(request, "documents/edit.html", {"form": form, "doc": doc, "lock_version": version},
                  status=400 if request.method == "POST" else 200)


SOURCE_PAGES = {"cases.Case": "cases:case", "cases.Finding": "cases:finding", "cases.Inspection": "cases:inspection",
                "cases.Commitment": "cases:commitment", "parties.Party": "parties:detail"}


def _source_link(doc: Document, user) -> dict | None:
    """Breadcrumb to the page the document was made from (案件, 问题, 检查…); a step record (措施, 责令改正,
    回访) links to its case, else its finding. None when the source is gone or not readable."""
    if not doc.source_type or not doc.source_id:
        return None
    try:
        obj = resolve_source(doc.source_type, doc.source_id, user)
    except Http404:
        return None
    if doc.source_type not in SOURCE_PAGES:
        obj = getattr(obj, "case", None) or getattr(obj, "finding", None)
        if obj is None:
            return None
    label = obj._meta.label
    if label not in SOURCE_PAGES:
        return None
    text = getattr(obj, "number", "") if label == "cases.Case" else str(obj)
    return {"url": reverse(SOURCE_PAGES[label], args=[obj.pk]), "label": text or str(obj)}


@login_required
@role_required(*READ_ROLES)
@require_GET
def detail(request, pk: int):
    doc = selectors.document_get(request.user, pk)
    can_write = can_write_org(request.user, doc.org_id)
    try:
        preview = services.document_preview_html(document=doc)
    except ValidationError as exc:
        preview, _ = "", messages.error(request, exc.messages[0])
    return render(request, "documents/detail.html", {
        "doc": doc, "preview": preview, "pdf_state": services.pdf_state(doc), "deliveries": selectors.deliveries_of(doc),
        "source_link": _source_link(doc, request.user),
        "actions": status_actions(doc, request.user),
        "can_deliver": can_write and doc.is_issued and request.user.role in services.ISSUER_ROLES,
        "void_form": VoidForm(), "delivery_form": DeliveryForm(initial={
            "deliverer": request.user.display_name, "recipient": doc.fields.get("party_legal_rep") or doc.party_name,
        }),
    })


@login_required
@role_required(*READ_ROLES)
@require_GET
def pdf_state(request, pk: int):
    """The PDF part of the download box; polled by htmx every 2 s while the worker converts."""
    doc = selectors.document_get(request.user, pk)
    return render(request, "documents/_pdf_state.html", {"doc": doc, "pdf_state": services.pdf_state(doc)})


@login_required
@role_required(*services.ISSUER_ROLES, "list_admin")
@require_POST
def issue(request, pk: int):
    doc = selectors.document_get(request.user, pk)
    try:
        doc = services.document_issue(user=request.user, document=doc, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"文书已签发，文号：{doc.number}。")
    return redirect("documents:detail", pk=pk)


@login_required
@role_required(*services.VOID_ROLES)
@require_POST
def void(request, pk: int):
    doc = selectors.document_get(request.user, pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写作废理由。")
        return redirect("documents:detail", pk=pk)
    try:
        services.document_void(user=request.user, document=doc, reason=form.cleaned_data["reason"], request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"文书 {doc.number} 已作废，文号不再使用。")
    return redirect("documents:detail", pk=pk)


@login_required
@role_required(*READ_ROLES)
@require_GET
def download(request, pk: int, kind: str):
    if kind not in ("docx", "pdf"):
        raise Http404("文件类型不存在。")
    doc = selectors.document_get(request.user, pk)
    try:
        data, filename, ctype = services.document_download(user=request.user, document=doc, kind=kind,
                                                           request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("documents:detail", pk=pk)
    return _attachment(data, filename, ctype)


@login_required
@role_required(*READ_ROLES)
@require_GET
def delivery_scan(request, pk: int, delivery_pk: int):
    doc = selectors.document_get(request.user, pk)
    row = selectors.deliveries_of(doc).filter(pk=delivery_pk).first()
    if row is None:
        raise Http404("送达记录不存在。")
    try:
        data, filename, ctype = services.delivery_scan(user=request.user, delivery=row, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("documents:detail", pk=pk)
    return _attachment(data, filename, ctype)


def _attachment(data: bytes, filename: str, ctype: str) -> HttpResponse:
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@role_required(*services.ISSUER_ROLES)
@require_POST
def delivery(request, pk: int):
    doc = selectors.document_get(request.user, pk)
    form = DeliveryForm(request.POST, request.FILES)
    if form.is_valid():
        scan = form.cleaned_data["scan"].read() if form.cleaned_data.get("scan") else None
        values = {k: form.cleaned_data[k] for k in ("deliverer", "recipient", "delivered_at", "method", "address",
                                                    "consent_confirmed", "note")}
        try:
            run_once(user=request.user, token=form.cleaned_data.get("form_token", ""), label="登记送达",
                     url_for=lambda _: reverse("documents:detail", args=[pk]),
                     action=lambda: services.delivery_record(user=request.user, document=doc, scan=scan,
                                                             request=request, **values))
        except AlreadySubmitted as exc:
            messages.warning(request, str(exc))
            return redirect("documents:detail", pk=pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "送达记录已登记。")
            return redirect("documents:detail", pk=pk)
    return render(request, "documents/detail.html", {
        "doc": doc, "preview": services.document_preview_html(document=doc),
        "deliveries": selectors.deliveries_of(doc), "can_deliver": True, "delivery_form": form,
    }, status=400)


def _template_rows(org):
    uploaded = selectors.templates_for(org)
    return [(spec, uploaded.get(code)) for code, spec in DOC_TYPES.items()]


@login_required
@role_required(*SETTINGS_ROLES)
@require_http_methods(["GET", "POST"])
def bureau_settings(request):
    org = request.user.org
    row = services.bureau_settings_for(org)
    initial = {
        "display_name": row.display_name, "short_name": row.short_name, "contact_person": row.contact_person,
        "contact_phone": row.contact_phone, "address": row.address, "review_authority": row.review_authority,
        "court": row.court, "lock_version": row.lock_version,
        **{f"pattern_{k}": v for k, v in row.number_patterns.items()},
    }
    form = BureauSettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("display_name", "short_name", "contact_person", "contact_phone",
                                                  "address", "review_authority", "court")}
        data["number_patterns"] = form.pattern_values()
        seal = form.cleaned_data["seal"].read() if form.cleaned_data.get("seal") else None
        try:
            services.bureau_settings_update(user=request.user, org=org, data=data, seal_png=seal, request=request,
                                            expected_version=form.cleaned_data["lock_version"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except EditConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "文书设置已保存。")
            return redirect("documents:settings")
    return render(request, "documents/settings.html", {
        "form": form, "row": row, "upload_form": TemplateUploadForm(), "template_rows": _template_rows(org),
    }, status=400 if request.method == "POST" else 200)


@login_required
@role_required(*SETTINGS_ROLES)
@require_POST
def template_upload(request):
    form = TemplateUploadForm(request.POST, request.FILES)
    org = request.user.org
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_template_upload(user=request.user, org=org, doc_type=form.cleaned_data["doc_type"],
                                              data=upload.read(), filename=upload.name, request=request)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "模板已上传并启用。")
            return redirect("documents:settings")
    row = services.bureau_settings_for(org)
    return render(request, "documents/settings.html", {
        "form": BureauSettingsForm(initial={"lock_version": row.lock_version, "display_name": row.display_name,
                                            "short_name": row.short_name}),
        "row": row, "upload_form": form, "template_rows": _template_rows(org),
    }, status=400)


@login_required
@role_required(*SETTINGS_ROLES)
@require_POST
def template_reset(request, doc_type: str):
    if doc_type not in DOC_TYPES:
        raise PermissionDenied("未知的文书类型。")
    services.document_template_reset(user=request.user, org=request.user.org, doc_type=doc_type, request=request)
    messages.success(request, f"“{DOC_TYPES[doc_type].label}”已恢复使用系统内置模板。")
    return redirect("documents:settings")


@login_required
@role_required(*SETTINGS_ROLES)
@require_GET
def template_download(request, doc_type: str):
    """The template the bureau currently uses, as a starting point for an edited replacement."""
    if doc_type not in DOC_TYPES:
        raise PermissionDenied("未知的文书类型。")
    data, _sha = active_template(request.user.org_id, doc_type)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(True, f"{DOC_TYPES[doc_type].label}模板.docx")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def source_link(doc_type: str, source) -> str:
    """URL of the new-draft page for `doc_type` from `source` (used by case pages)."""
    return (f"{reverse('documents:create')}?type={doc_type}&source_type={source._meta.label}"
            f"&source_id={source.pk}")
