from django.apps import AppConfig

from .validators import install_form_text_validator

# Before any app's forms module is imported: every text form field refuses control characters.
install_form_text_validator()


class CoreConfig(AppConfig):
    name = "rouxing.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from . import schedule

        schedule.register("calendar_alert", "节假日安排录入提醒", schedule.calendar_alert_job)
        schedule.register("prune_task_results", "清理后台任务记录", schedule.prune_task_results_job)
