from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rouxing.documents"
    verbose_name = "执法文书"
