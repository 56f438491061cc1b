"""URLs of the parties app (mounted at /parties/)."""

from django.urls import path

from . import views, views_credit

app_name = "parties"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/credit/", views.credit_add, name="credit_add"),
    path("credit/<int:pk>/withdraw/", views.credit_withdraw, name="credit_withdraw"),
    path("<int:pk>/credit/actions/new/", views_credit.credit_action_new, name="credit_action_new"),
    path("credit/actions/<int:pk>/", views_credit.credit_action_detail, name="credit_action"),
]
