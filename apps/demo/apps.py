"""The demo: seed areas, one login per role and a synthetic population, plus the ``serve`` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "apps.demo"
    label = "demo"
    verbose_name = "演示数据"
