"""The demo: seed areas, one login per role, a synthetic population and every domain's demo records."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "apps.demo"
    label = "demo"
    verbose_name = "演示数据"
