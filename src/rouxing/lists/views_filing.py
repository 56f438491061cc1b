"""备案 pages: the supervising 司法局监督员 accepts (予以备案), returns (退回) or corrects (更正备案信息) a list
version on its page. POST only; anyone else gets 403 (the version's readers) or 404 (everyone else), and
nothing changes. The rules live in `filing`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from . import filing
from .forms import FileForm, FilingCorrectForm, ReasonForm
from .views import _form_action, _render_version, _version_or_404


def _supervised_version(request, pk: int):
    version = _version_or_404(request.user, pk)
    if not filing.can_file(request.user, version):
        raise PermissionDenied("清单备案只能由监督该机关的司法局监督员办理（报送机关不能自行登记备案）。")
    return version


@require_POST
@login_required
def version_file(request, pk: int):
    version = _supervised_version(request, pk)
    form = FileForm(request.POST)
    done = _form_action(request, form, lambda: filing.version_file(
        version=version, user=request.user, filing_no=form.cleaned_data["filing_no"],
        filing_date=form.cleaned_data["filing_date"],
    ), lambda v: f"已予以备案（备案号 {v.filing_no}）。", lambda v: v.pk)
    return done or _render_version(request, version, status=400, file_form=form,
                                   action_errors=list(form.non_field_errors()))


@require_POST
@login_required
def version_filing_return(request, pk: int):
    version = _supervised_version(request, pk)
    form = ReasonForm(request.POST, prefix="filing")
    done = _form_action(request, form, lambda: filing.version_filing_return(
        version=version, user=request.user, reason=form.cleaned_data["reason"],
    ), "已退回报送机关修改。", lambda v: v.pk)
    return done or _render_version(request, version, status=400, filing_return_form=form,
                                   action_errors=list(form.non_field_errors()))


@require_POST
@login_required
def version_filing_correct(request, pk: int):
    version = _supervised_version(request, pk)
    form = FilingCorrectForm(request.POST)
    done = _form_action(request, form, lambda: filing.version_filing_correct(
        version=version, user=request.user, filing_no=form.cleaned_data["filing_no"],
        filing_date=form.cleaned_data["filing_date"], reason=form.cleaned_data["reason"],
    ), "已更正备案信息。", lambda v: v.pk)
    return done or _render_version(request, version, status=400, correct_form=form,
                                   action_errors=list(form.non_field_errors()))
