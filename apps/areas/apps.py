"""Administrative areas (行政区划)."""

from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "apps.areas"
    label = "areas"
    verbose_name = "行政区划"
