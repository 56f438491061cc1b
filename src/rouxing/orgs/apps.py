from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "rouxing.orgs"
    verbose_name = "机关与人员"
