"""Cross-cutting pieces: the audit trail, area scoping, error mapping and the page frame."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "系统"
