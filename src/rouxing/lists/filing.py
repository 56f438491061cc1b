"""备案 of a list version with the supervising 司法局 (seed 000: 报同级司法行政部门备案).

The bureau's 清单管理员/负责人 submits a version (报送备案, `services.version_submit`) and may withdraw the
submission (撤回报送, `services.version_return`). Only a 司法局监督员 of the justice bureau that supervises
the bureau (`Org.justice_bureau`) decides: `version_file` accepts it (予以备案) with a 备案号 — typed, or
assigned as 「<简称>备〔年〕N号」 when left empty — and a 备案日期 that is never in the future;
`version_filing_return` sends it back to draft with reasons. A 备案号/date entered wrongly is corrected
by the same supervisor with a reason (`version_filing_correct`). Each step is a `ListFiling` row (the
history on the version page) and an audit event; the workbench panels show what waits for whom.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.orgs.models import Org
from rouxing.orgs.roles import FILING_ROLES, LIST_ADMIN_ROLES

from .conditions import ensure_ready
from .models import ListFiling, ListVersion, may_file_list

CORRECTABLE = (ListVersion.Status.FILED, ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED)


def can_file(user, version: ListVersion) -> bool:
    """True for a 司法局监督员 of the justice bureau supervising the version's bureau."""
    return may_file_list(version, user)


def _ensure_filing_supervisor(user, version: ListVersion) -> None:
    if not can_file(user, version):
        raise PermissionDenied("清单备案只能由监督该机关的司法局监督员办理（报送机关不能自行登记备案）。")


def _locked(version: ListVersion) -> ListVersion:
    return ListVersion.objects.select_for_update().select_related("org").get(pk=version.pk)


def _saved(original: ListVersion, locked: ListVersion, fields: list[str]) -> ListVersion:
    """Save the locked copy and show the change on the caller's instance too (re-read: `status` is protected)."""
    locked.save(update_fields=fields)
    original.refresh_from_db(fields=fields)
    return original


def _require_reason(reason: str, message: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": message})
    return text


def _check_filing_date(version: ListVersion, filing_date: dt.date | None, today: dt.date) -> dt.date:
    if filing_date is None:
        raise ValidationError({"filing_date": "请填写备案日期。"})
    if filing_date > today:
        raise ValidationError({"filing_date": f"备案日期不能晚于今天（{today:%Y年%m月%d日}）。"})
    if version.effective_from is not None and filing_date > version.effective_from:
        raise ValidationError({"filing_date": f"备案日期不能晚于施行日期（{version.effective_from:%Y年%m月%d日}）。"})
    return filing_date


def suggest_filing_no(justice: Org, year: int) -> str:
    """The next free 备案号 of `justice` for `year`: 「<简称或名称>备〔year〕N号」."""
    prefix = f"{justice.short_name or justice.name}备〔{year}〕"
    used = set(ListVersion.objects.filter(filed_with=justice, filing_no__startswith=prefix)
               .values_list("filing_no", flat=True))
    number = len(used) + 1
    while f"{prefix}{number}号" in used:
        number += 1
    return f"{prefix}{number}号"


def _check_filing_no(version: ListVersion, filing_no: str, justice: Org) -> None:
    clash = (ListVersion.objects.filter(filed_with=justice, filing_no=filing_no).exclude(pk=version.pk)
             .select_related("org").first())
    if clash is not None:
        raise ValidationError({"filing_no": f"备案号“{filing_no}”已用于{clash.org.name}清单版本{clash.label}。"})


def _record(version: ListVersion, action: str, user, **fields) -> ListFiling:
    return ListFiling.objects.create(version=version, action=action, actor=user,
                                     org_id=getattr(user, "org_id", None), **fields)


def filing_submitted(*, version: ListVersion, user) -> None:
    """Called by `services.version_submit`: the version is now with the 司法局 (报送备案)."""
    _record(version, ListFiling.Action.SUBMIT, user)


def filing_withdrawn(*, version: ListVersion, user, reason: str) -> None:
    """Called by `services.version_return`: the bureau took its submission back (撤回报送)."""
    _record(version, ListFiling.Action.WITHDRAW, user, reason=reason)


@transaction.atomic
def version_file(*, version: ListVersion, user, filing_date: dt.date | None, filing_no: str = "",
                 today: dt.date | None = None) -> ListVersion:
    """予以备案: the supervising 司法局 accepts a submitted version; the content hash is taken now."""
    original, version = version, _locked(version)
    _ensure_filing_supervisor(user, version)
    if version.status != ListVersion.Status.SUBMITTED:
        raise ValidationError(f"清单版本当前状态为“{version.get_status_display()}”，只有已报送备案的版本可以予以备案。")
    ensure_ready(version, "备案")  # every item with structured conditions and a catalogue link (lists.conditions)
    today = today or timezone.localdate()
    filing_date = _check_filing_date(version, filing_date, today)
    justice = version.org.justice_bureau
    assert justice is not None  # can_file() checked it
    filing_no = (filing_no or "").strip() or suggest_filing_no(justice, filing_date.year)
    _check_filing_no(version, filing_no, justice)
    version.file(filing_no=filing_no, filing_date=filing_date, filed_with=justice)
    version.content_hash = version.compute_hash()
    _saved(original, version, ["status", "filing_no", "filing_date", "filed_with", "content_hash"])
    _record(version, ListFiling.Action.ACCEPT, user, filing_no=filing_no, filing_date=filing_date)
    audit_record(event="list_version.file", actor=user, obj=version,
                 detail={"filing_no": filing_no, "filing_date": filing_date.isoformat(), "hash": version.content_hash})
    return original


@transaction.atomic
def version_filing_return(*, version: ListVersion, user, reason: str) -> ListVersion:
    """退回: the supervising 司法局 returns a submitted version to draft with its reasons."""
    original, version = version, _locked(version)
    _ensure_filing_supervisor(user, version)
    if version.status != ListVersion.Status.SUBMITTED:
        raise ValidationError(f"清单版本当前状态为“{version.get_status_display()}”，只有已报送备案的版本可以退回。")
    reason = _require_reason(reason, "请填写退回理由（需修改的内容及依据）。")
    version.return_filing()
    _saved(original, version, ["status"])
    _record(version, ListFiling.Action.RETURN, user, reason=reason)
    audit_record(event="list_version.filing_return", actor=user, obj=version, detail={"reason": reason})
    return original


@transaction.atomic
def version_filing_correct(*, version: ListVersion, user, filing_no: str, filing_date: dt.date | None,
                           reason: str, today: dt.date | None = None) -> ListVersion:
    """更正备案信息: the supervising 司法局 corrects a wrong 备案号 or 备案日期, with a reason; the old values
    stay in the history."""
    original, version = version, _locked(version)
    _ensure_filing_supervisor(user, version)
    if version.status not in CORRECTABLE:
        raise ValidationError("只有已备案的清单版本可以更正备案信息。")
    reason = _require_reason(reason, "请填写更正理由。")
    filing_date = _check_filing_date(version, filing_date, today or timezone.localdate())
    filing_no = (filing_no or "").strip()
    if not filing_no:
        raise ValidationError({"filing_no": "请填写备案号。"})
    justice = version.filed_with or version.org.justice_bureau
    assert justice is not None
    _check_filing_no(version, filing_no, justice)
    if (filing_no, filing_date) == (version.filing_no, version.filing_date):
        raise ValidationError("备案号和备案日期均未改变，无需更正。")
    before = {"filing_no": version.filing_no,
              "filing_date": version.filing_date.isoformat() if version.filing_date else None}
    version.filing_no, version.filing_date = filing_no, filing_date
    _saved(original, version, ["filing_no", "filing_date"])
    _record(version, ListFiling.Action.CORRECT, user, filing_no=filing_no, filing_date=filing_date, reason=reason)
    audit_record(event="list_version.filing_correct", actor=user, obj=version,
                 detail={"before": before, "filing_no": filing_no, "filing_date": filing_date.isoformat(),
                         "reason": reason})
    return original


# ---------------------------------------------------------------- reads


def filings_pending(user) -> QuerySet[ListVersion]:
    """Submitted versions of the bureaus the supervisor's justice bureau supervises (待备案审查)."""
    return (ListVersion.objects.filter(status=ListVersion.Status.SUBMITTED, org__justice_bureau_id=user.org_id)
            .select_related("org").order_by("submitted_at", "pk"))


def versions_returned(user) -> QuerySet[ListVersion]:
    """Drafts of the user's bureau whose last 备案 step was a return by the 司法局 (被退回)."""
    last = ListFiling.objects.filter(version=OuterRef("pk")).order_by("-created_at", "-id").values("action")[:1]
    return (ListVersion.objects.filter(org_id=user.org_id, status=ListVersion.Status.DRAFT)
            .annotate(last_filing=Subquery(last)).filter(last_filing=ListFiling.Action.RETURN).order_by("pk"))


def last_return(version: ListVersion) -> ListFiling | None:
    return version.filings.filter(action=ListFiling.Action.RETURN).order_by("-created_at", "-id").first()


def panels(request) -> list[dict]:
    """Workbench: 待备案审查的清单 for a 司法局监督员; 待司法局备案 and 被司法局退回 for the bureau's list admins."""

    user = request.user
    if not user.is_authenticated:
        return []
    if user.role in FILING_ROLES:
        items = [{"label": f"{v.org.name} 清单版本{v.label}", "url": reverse("lists:version", args=[v.pk]),
                  "note": f"{timezone.localtime(v.submitted_at):%Y-%m-%d}报送" if v.submitted_at else "已报送"}
                 for v in filings_pending(user)[:20]]
        return [{"title": "待备案审查的清单", "items": items, "empty": "没有待备案审查的清单版本。"}]
    if user.role not in LIST_ADMIN_ROLES:
        return []
    waiting = [{"label": f"清单版本{v.label}", "url": reverse("lists:version", args=[v.pk]),
                "note": "已报送，等待司法局备案"}
               for v in ListVersion.objects.filter(org_id=user.org_id, status=ListVersion.Status.SUBMITTED)[:20]]
    returned = []
    for v in versions_returned(user)[:20]:
        back = last_return(v)
        returned.append({"label": f"清单版本{v.label}", "url": reverse("lists:version", args=[v.pk]),
                         "note": f"司法局退回：{back.reason}" if back else "司法局退回"})
    return [{"title": "清单备案进度", "items": waiting + returned, "empty": "没有报送中或被退回的清单版本。"}]
