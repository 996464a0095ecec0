"""民政服务机构: every place where the bureau's services are given, whatever the office."""

from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "apps.facilities"
    label = "facilities"
    verbose_name = "民政服务机构"
