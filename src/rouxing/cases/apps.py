from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rouxing.cases"
    verbose_name = "案件办理"
