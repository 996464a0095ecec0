"""目标管理: a county's year targets (省级、市级、区级民生实事), bound to live data or entered with evidence,
their progress, and the progress report."""

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    verbose_name = "目标管理"
