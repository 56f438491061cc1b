from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "rouxing.parties"
    verbose_name = "行政相对人"
