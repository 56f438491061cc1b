"""URLs of the enforcement app (mounted at /enforcement/)."""

from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("", views.index, name="index"),
    path("findings/<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("findings/<int:pk>/withhold/", views.withhold, name="withhold"),
    path("findings/<int:pk>/transfers/new/", views.transfer_new, name="transfer_new"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/<slug:step>/", views.measure_step, name="measure_step"),
    path("summary/new/", views.summary_new, name="summary_new"),
    path("summary/<int:pk>/", views.summary_detail, name="summary"),
    path("summary/<int:pk>/file/", views.summary_file, name="summary_file"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/<slug:step>/", views.transfer_step, name="transfer_step"),
]
