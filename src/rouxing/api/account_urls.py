"""The api app's page under /accounts/ (the path and name it always had)."""

from django.urls import path

from . import views

urlpatterns = [
    path("tokens/", views.api_tokens, name="api_tokens"),
]
