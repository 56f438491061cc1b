"""Evidence upload (to any step the user may write) and download (as attachment, nosniff, digest verified)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from rouxing.core.idempotency import AlreadySubmitted, run_once

from .. import services as svc
from ..forms import EvidenceForm
from ..models import Case, EvidenceFile, Finding, FlexibleMeasure, Inspection, RectificationOrder
from ._common import CASE_WORKERS, readable, require_write

TARGETS = {"case": Case, "finding": Finding, "inspection": Inspection, "measure": FlexibleMeasure,
           "order": RectificationOrder}


def _back_url(target) -> str:
    if isinstance(target, Case):
        return reverse("cases:case", args=[target.pk])
    if isinstance(target, Inspection):
        return reverse("cases:inspection", args=[target.pk])
    finding_id = target.pk if isinstance(target, Finding) else target.finding_id
    return reverse("cases:finding", args=[finding_id])


@login_required
@require_POST
def evidence_upload(request, kind: str, pk: int):
    model = TARGETS.get(kind)
    if model is None:
        raise Http404("记录不存在或无权查看。")
    target = readable(request, model.objects.all(), pk)
    require_write(request.user, target.org_id, CASE_WORKERS)
    form = EvidenceForm(request.POST, request.FILES)
    back = _back_url(target)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    case = target if isinstance(target, Case) else getattr(target, "case", None)
    try:
        run_once(user=request.user, token=form.cleaned_data.get("form_token", ""), label="上传证据", url_for=lambda _: back,
                 action=lambda: svc.evidence_upload(
                     user=request.user, org_id=target.org_id, upload=form.cleaned_data["file"], target=target,
                     case=case, step=form.cleaned_data["step"], description=form.cleaned_data["description"]))
    except AlreadySubmitted as exc:
        messages.warning(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "证据已上传。")
    return redirect(back)


@login_required
def evidence_download(request, pk: int):
    evidence = readable(request, EvidenceFile.objects.all(), pk)
    try:
        data = svc.evidence_read_verified(evidence)
    except svc.EvidenceIntegrityError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(True, evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={evidence.sha256}"
    return response


@login_required
def archive_download(request, pk: int):
    case = readable(request, Case.objects.all(), pk)
    if case.status != Case.Status.ARCHIVED:
        raise Http404("案件尚未归档。")
    try:
        data = svc.archive_read_verified(case)
    except ValidationError as exc:
        return HttpResponse("；".join(exc.messages), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"案卷-{case.number or case.pk}.zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response
