from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rouxing.reports"
    verbose_name = "统计监督"
