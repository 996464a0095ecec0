"""统计: the monthly statistics, the 民政统计月报 and the dashboard's figures."""

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "apps.statistics"
    label = "statistics"
    verbose_name = "统计"

    def ready(self) -> None:
        from apps.payroll.signals import payments_confirmed
        from apps.statistics.receivers import refresh_paid_month

        payments_confirmed.connect(refresh_paid_month, dispatch_uid="statistics.refresh_paid_month")
