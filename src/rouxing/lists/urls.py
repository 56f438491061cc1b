"""URLs of the lists app (mounted at /lists/)."""

from django.urls import path

from . import assistant

app_name = "lists"
urlpatterns = [
    path("assistant/", assistant.assistant, name="assistant"),
]
