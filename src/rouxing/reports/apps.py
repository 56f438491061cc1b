from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rouxing.reports"
    verbose_name = "统计监督"

    def ready(self) -> None:
        from rouxing.core.panels import ORDER_REPORTS, PANELS

        from . import selectors

        PANELS.add(selectors.panels, order=ORDER_REPORTS)
