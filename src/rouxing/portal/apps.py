from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "rouxing.portal"
    verbose_name = "公示"
