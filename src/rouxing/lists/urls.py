"""URLs of the lists app (mounted at /lists/)."""

from django.urls import path

from . import assistant, views, views_filing

app_name = "lists"
urlpatterns = [
    path("assistant/", assistant.assistant, name="assistant"),
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("claim/", views.claim, name="claim"),
    path("versions/new/", views.version_create, name="version_new"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/diff/", views.version_diff, name="version_diff"),
    path("versions/<int:pk>/lint/", views.version_lint, name="version_lint"),
    path("versions/<int:pk>/export.xlsx", views.version_export, name="version_export"),
    path("versions/<int:pk>/import/", views.version_import, name="version_import"),
    path("versions/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("versions/<int:pk>/submit/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/return/", views.version_return, name="version_return"),
    path("versions/<int:pk>/file/", views_filing.version_file, name="version_file"),
    path("versions/<int:pk>/filing/return/", views_filing.version_filing_return, name="version_filing_return"),
    path("versions/<int:pk>/filing/correct/", views_filing.version_filing_correct, name="version_filing_correct"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/withdraw/", views.version_withdraw, name="version_withdraw"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/conditions/", views.item_conditions, name="item_conditions"),
    path("versions/<int:pk>/rules/", views.version_rules, name="version_rules"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
