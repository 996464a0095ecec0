"""资金发放: monthly payrolls, bank files and reconciliation."""

from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "apps.payroll"
    verbose_name = "资金发放"

    def ready(self) -> None:
        from apps.assistance.signals import case_changed
        from apps.payroll.adjustments import settle_retroactive

        case_changed.connect(settle_retroactive, dispatch_uid="payroll.settle_retroactive")
