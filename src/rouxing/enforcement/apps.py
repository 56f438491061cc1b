from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "rouxing.enforcement"
    label = "enforcement"
    verbose_name = "行政强制与简易程序"
