"""网上办事: residents apply for assistance online and follow their own applications."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "apps.portal"
    verbose_name = "网上办事"
