"""The registry of people and households (人员与家庭)."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "apps.registry"
    label = "registry"
    verbose_name = "人员与家庭"
