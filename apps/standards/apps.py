"""Local standards and parameters (地方标准), and the 试算 that evaluates every programme against them."""

from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "apps.standards"
    label = "standards"
    verbose_name = "地方标准"
