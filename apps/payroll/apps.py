"""资金发放: monthly payrolls, bank files and reconciliation."""

from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "apps.payroll"
    verbose_name = "资金发放"

    def ready(self) -> None:
        from apps.assistance.signals import case_changed, cases_restandarded
        from apps.payroll.adjustments import settle_retroactive
        from apps.payroll.restandard_settle import settle_restandard

        case_changed.connect(settle_retroactive, dispatch_uid="payroll.settle_retroactive")
        cases_restandarded.connect(settle_restandard, dispatch_uid="payroll.settle_restandard")
