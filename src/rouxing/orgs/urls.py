"""URLs of the orgs app (mounted at /orgs/)."""

from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.hierarchy, name="hierarchy"),
    path("audit/", views.audit_log, name="audit_log"),
]
