from django.apps import AppConfig


class DemoConfig(AppConfig):
    """演示数据: the demo seeding of `rouxing init` (bureaus, users, parties, lists, the demo enforcement work).

    The top layer: it depends on every app and no app depends on it (import-linter contract)."""

    name = "rouxing.demo"
    verbose_name = "演示数据"
