from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "rouxing.parties"
    verbose_name = "行政相对人"

    def ready(self) -> None:
        from rouxing.core.panels import ORDER_PARTIES, PANELS

        from . import selectors

        PANELS.add(selectors.panels, order=ORDER_PARTIES)
