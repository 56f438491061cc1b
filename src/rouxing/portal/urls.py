"""URLs of the public portal (mounted at /public/): the only pages open without login."""

from django.urls import path

from . import views, views_publicity

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("bureaus/<str:code>/", views.bureau, name="bureau"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("decisions/", views_publicity.decisions_index, name="decisions"),
    path("decisions/bureaus/<str:code>/", views_publicity.decisions_bureau, name="decisions_bureau"),
    path("decisions/<int:pk>/", views_publicity.decision_detail, name="decision"),
    path("draws/", views_publicity.draws_index, name="draws"),
    path("draws/<int:pk>/", views_publicity.draw_detail, name="draw"),
]
