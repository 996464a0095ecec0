"""指标目录: every indicator of the catalogue (policy/indicators) evaluated for an area and a period, from
the records of every domain or as entered by hand; the ``minzheng indicators`` command and the API."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "apps.indicators"
    verbose_name = "指标目录"
