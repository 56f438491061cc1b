"""Admin: only the 本部门主要负责人 designation is edited here (the other records change through services)."""

from django.contrib import admin

from .models import BureauPrincipal


@admin.register(BureauPrincipal)
class BureauPrincipalAdmin(admin.ModelAdmin):
    list_display = ("org", "user")
    autocomplete_fields = ()
