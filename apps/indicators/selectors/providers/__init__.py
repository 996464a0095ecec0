"""The providers: one per source of the catalogue (:class:`policy.indicators.Source`), each evaluating all
the asked indicators of its source at once, from the selectors of the app that keeps those records.

:data:`PROVIDERS` is the one table of them. A new domain adds its provider module here and its row below;
an app on a floor above this one (目标管理, whose hand-entered values this app must not import) registers
its provider from its ``AppConfig.ready`` with :func:`provider_register` instead, so a deployment without
that app simply has no such values.
"""

from __future__ import annotations

from apps.indicators.selectors.providers import alerts, leads, standards, statistics
from apps.indicators.selectors.providers.base import Ask, Provider, Value
from policy.indicators import Source

__all__ = ["PROVIDERS", "Ask", "Provider", "Value", "provider_register"]

PROVIDERS: dict[Source, Provider] = {
    Source.STATISTICS: statistics.values,
    Source.STANDARDS: standards.values,
    Source.LEADS: leads.values,
    Source.ALERTS: alerts.values,
}


def provider_register(source: Source, provider: Provider) -> None:
    """Evaluate ``source``'s indicators with ``provider`` (how an app above this floor adds its own)."""
    PROVIDERS[source] = provider
