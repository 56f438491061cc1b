"""URLs of the reports app (mounted at /reports/)."""

from django.urls import path

from . import views, views_oversight

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("table/", views.table, name="table"),
    path("cell/", views.cell, name="cell"),
    path("export.<str:fmt>", views.export, name="export"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/cell/", views.submission_cell, name="submission_cell"),
    path("submissions/<int:pk>/file.<str:fmt>", views.submission_file, name="submission_file"),
    path("oversight/", views_oversight.oversight_page, name="oversight"),
    path("reviews/", views_oversight.reviews, name="reviews"),
    path("reviews/case/<int:case_id>/", views_oversight.review_case, name="review_case"),
]
