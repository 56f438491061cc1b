from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rouxing.cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        from rouxing.core import schedule
        from rouxing.core.workdays import calendar_year_entered

        from .services.publicity import on_calendar_year_entered, publicity_expiry_job

        # Provisional 公示 deadlines (暂按周末推算) are rechecked when a year's 节假日安排 is entered.
        calendar_year_entered.connect(on_calendar_year_entered, dispatch_uid="cases.publicity_recheck")
        schedule.register("publicity_expiry", "公示期满撤回行政处罚决定", publicity_expiry_job)

        from rouxing.core.panels import ORDER_CASES, PANELS
        from rouxing.lists.history import PARTY_HISTORY
        from rouxing.parties.hooks import PUBLICITY_WITHDRAW

        from . import selectors
        from .services.publicity import publicity_withdraw_for_credit_record

        PANELS.add(selectors.panels, order=ORDER_CASES)
        PUBLICITY_WITHDRAW.provide(publicity_withdraw_for_credit_record)
        PARTY_HISTORY.provide(selectors.party_history)
