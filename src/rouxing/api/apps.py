from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rouxing.api"
    verbose_name = "接口"
