"""Social assistance (社会救助): applications through their workflow, and cases under dynamic management."""

from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "apps.assistance"
    label = "assistance"
    verbose_name = "社会救助"
