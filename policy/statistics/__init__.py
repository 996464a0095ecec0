"""Statistics: what is counted and how (:mod:`.measures`) and the 民政统计 monthly table (:mod:`.indicators`).

Pure Python: the apps read the data into :data:`Figures` and these functions turn them into the form.
"""

from policy.statistics.indicators import (
    MONTHLY_INDICATORS,
    Indicator,
    IndicatorRow,
    Period,
    Unit,
    indicator_value,
    monthly_table,
)
from policy.statistics.measures import (
    IN_CARE,
    STATUS_CHANGES,
    Figures,
    Measure,
    change_rate,
    figures_add,
    month_add,
    month_range,
    months_back,
)

__all__ = [
    "IN_CARE",
    "MONTHLY_INDICATORS",
    "STATUS_CHANGES",
    "Figures",
    "Indicator",
    "IndicatorRow",
    "Measure",
    "Period",
    "Unit",
    "change_rate",
    "figures_add",
    "indicator_value",
    "month_add",
    "month_range",
    "monthly_table",
    "months_back",
]
