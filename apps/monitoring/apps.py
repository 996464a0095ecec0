"""低收入人口动态监测预警: the register of low-income households, early-warning alerts and their handling."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "apps.monitoring"
    verbose_name = "低收入人口动态监测"
