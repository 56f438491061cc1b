from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "rouxing.lists"
    verbose_name = "四张清单"
