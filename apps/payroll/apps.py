"""资金发放: monthly payrolls, bank files and reconciliation."""

from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "apps.payroll"
    verbose_name = "资金发放"
