from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rouxing.core"
    verbose_name = "基础"
