"""Statistics: what is counted and how (:mod:`.measures`) and the 民政统计 monthly table (:mod:`.indicators`).

Pure Python: the apps read the data into :data:`Figures` and these functions turn them into the form.

The package exports the measures only. The monthly table is a layout over the catalogue of indicators
(policy/indicators), which itself reads the measures, so it is imported by its own path,
``policy.statistics.indicators``; exporting it here would make the catalogue and this package import
each other.
"""

from policy.months import month_add, month_range, months_back
from policy.statistics.measures import (
    IN_CARE,
    STATUS_CHANGES,
    Figures,
    Measure,
    change_rate,
    figures_add,
)

__all__ = [
    "IN_CARE",
    "STATUS_CHANGES",
    "Figures",
    "Measure",
    "change_rate",
    "figures_add",
    "month_add",
    "month_range",
    "months_back",
]
