from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rouxing.documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from rouxing.core import schedule

        from .services import missing_pdfs_job

        schedule.register("missing_pdfs", "补生成缺少PDF的已签发文书", missing_pdfs_job)

        from rouxing.core.panels import ORDER_DOCUMENTS, PANELS

        from . import selectors

        PANELS.add(selectors.panels, order=ORDER_DOCUMENTS)
