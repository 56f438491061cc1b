"""URLs of the public portal (mounted at /public/): the only pages open without login."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("bureaus/<str:code>/", views.bureau, name="bureau"),
    path("versions/<int:pk>/", views.version, name="version"),
]
