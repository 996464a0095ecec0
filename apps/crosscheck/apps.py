"""数据比对: other departments' lists checked against the registry, and the leads that follow."""

from django.apps import AppConfig


class CrosscheckConfig(AppConfig):
    name = "apps.crosscheck"
    verbose_name = "数据比对"
