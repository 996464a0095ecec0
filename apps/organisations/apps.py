"""法人和其他组织: the bodies the bureau deals with (社会团体, 基金会, operators …) and their staff."""

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "apps.organisations"
    label = "organisations"
    verbose_name = "法人和其他组织"
