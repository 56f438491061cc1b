"""Navigation shown in the header, by role."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

NAV = [
    ("core:home", "工作台", None),
    ("cases:worklist", "案件办理", {"officer", "reviewer", "approver", "supervisor"}),
    ("lists:index", "四张清单", None),
    ("lists:assistant", "裁量助手", {"officer", "reviewer", "approver", "list_admin"}),
    ("parties:index", "行政相对人", {"officer", "reviewer", "approver", "list_admin", "supervisor"}),
    ("documents:index", "执法文书", {"officer", "reviewer", "approver", "supervisor"}),
    ("reports:index", "统计监督", {"officer", "reviewer", "approver", "list_admin", "supervisor"}),
    ("orgs:hierarchy", "机关", None),
    ("orgs:audit_log", "审计日志", {"auditadmin"}),
    ("portal:index", "公示", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, roles in NAV:
        if roles is not None and user.role not in roles:
            continue
        try:
            items.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    if user.role in ("sysadmin", "secadmin"):
        items.append({"url": "/admin/", "label": "系统管理"})
    items.append({"url": reverse("otp_setup"), "label": "账号安全"})
    return {"nav_items": items}


def calendar_alert(request):
    """From 1 November, until next year's 节假日安排 is known, the 系统管理员 sees an alert on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != "sysadmin":
        return {}
    from rouxing.core.workdays import missing_next_year_alert

    return {"calendar_alert": missing_next_year_alert(timezone.localdate())}
