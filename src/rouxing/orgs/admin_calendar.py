"""系统管理 → 节假日安排 (core's calendar models, administered here because the role check is orgs'): the 系统管理员 enters next year's State Council schedule and marks the year
complete. Other roles get 403 (RoleAdminMixin); every change is audited and clears the working-day cache."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.core.holidays import calendar_changed
from rouxing.core.models import HolidayCalendarDay, HolidayCalendarYear
from rouxing.core.workdays import missing_next_year_alert

from .admin_roles import RoleAdminMixin
from .models import Role

RECHECK_NOTE = ("节假日安排已变更：暂按周末推算的公示期限已按现行日历自动复核；其他已记录的期限如因此不同，"
                "办案人员将在“案件办理”页的“期限复核”中看到并处理。")


def _year_of(obj) -> int:
    return obj.year if isinstance(obj, HolidayCalendarYear) else obj.date.year


class _AuditedCalendarAdmin(RoleAdminMixin, admin.ModelAdmin):
    manager_roles = frozenset({Role.SYSADMIN})
    allow_delete = True
    event_prefix = ""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(event=f"{self.event_prefix}.{'update' if change else 'create'}", actor=request.user, obj=obj,
                     request=request, detail={"changed": form.changed_data, "value": str(obj)})
        calendar_changed(user=request.user, years=[_year_of(obj)])
        messages.info(request, RECHECK_NOTE)

    def delete_model(self, request, obj):
        text, pk, year = str(obj), obj.pk, _year_of(obj)
        super().delete_model(request, obj)
        audit_record(event=f"{self.event_prefix}.delete", actor=request.user, object_type=obj._meta.label,
                     object_id=pk, request=request, detail={"value": text})
        calendar_changed(user=request.user, years=[year])
        messages.info(request, RECHECK_NOTE)

    def delete_queryset(self, request, queryset):
        rows = [(obj.pk, str(obj), _year_of(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)  # a bulk delete bypasses Model.delete()
        for pk, text, _year in rows:
            audit_record(event=f"{self.event_prefix}.delete", actor=request.user,
                         object_type=queryset.model._meta.label, object_id=pk, request=request,
                         detail={"value": text})
        calendar_changed(user=request.user, years=[year for _pk, _text, year in rows])


@admin.register(HolidayCalendarDay)
class HolidayCalendarDayAdmin(_AuditedCalendarAdmin):
    """节假日安排: one row per 放假 or 调休上班 day."""

    event_prefix = "holiday_calendar"
    list_display = ("date", "name", "is_workday", "source", "created_by", "created_at")
    list_filter = ("is_workday", "name")
    search_fields = ("name", "source")
    date_hierarchy = "date"
    fields = ("date", "is_workday", "name", "source")

    def changelist_view(self, request, extra_context=None):
        alert = missing_next_year_alert(timezone.localdate())
        if alert:
            messages.warning(request, alert)
        return super().changelist_view(request, extra_context)


@admin.register(HolidayCalendarYear)
class HolidayCalendarYearAdmin(_AuditedCalendarAdmin):
    """节假日安排年度: mark a year as entered in full."""

    event_prefix = "holiday_year"
    list_display = ("year", "complete", "published_by_notice", "created_by", "created_at")
    fields = ("year", "published_by_notice", "complete")
