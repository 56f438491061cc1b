from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "rouxing.lists"
    verbose_name = "四张清单"

    def ready(self) -> None:
        from rouxing.core.panels import ORDER_LISTS, PANELS

        from . import selectors

        PANELS.add(selectors.panels, order=ORDER_LISTS)
