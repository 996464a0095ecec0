"""目标管理: a county's year targets (省级、市级、区级民生实事), bound to live data or entered with evidence,
their progress, and the progress report."""

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    verbose_name = "目标管理"

    def ready(self) -> None:
        # The catalogue of indicators (apps/indicators, a floor below) lists the values entered here; it
        # cannot import this app, so this app hands it the provider that reads them.
        from apps.indicators.selectors.providers import provider_register
        from apps.targets.indicators import entered_values
        from policy.indicators import Source

        provider_register(Source.TARGETS, entered_values)
