from django.apps import AppConfig


class PlansConfig(AppConfig):
    """双随机一公开 planning: annual inspection plans (年度监督检查计划) and random draws (双随机抽查)."""

    name = "rouxing.plans"
    verbose_name = "检查计划"
