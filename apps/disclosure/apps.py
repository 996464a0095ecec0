"""政府信息公开工作年度报告: the year's figures and texts, their checks, and the generated files."""

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "apps.disclosure"
    verbose_name = "政府信息公开年报"
