"""政府信息公开工作年度报告: the official formats as data, the reading of figures, and the checks.

Pure Python, no Django: apps/disclosure stores a report's texts and figures, calls
:func:`template_for_year` and :func:`report_check`, and draws every output from :class:`Template`.
"""

from policy.disclosure.checks import (
    Failure,
    ReportData,
    cells_normalize,
    report_check,
    value_format,
    value_parse,
)
from policy.disclosure.layout import (
    Cell,
    CellKind,
    CellSpec,
    Entry,
    Label,
    LabelStyle,
    Placed,
    Rule,
    Section,
    Table,
    Template,
)
from policy.disclosure.templates import (
    FIRST_YEAR,
    TEMPLATE_2019,
    TEMPLATE_2021,
    TEMPLATES,
    template_for_year,
)

__all__ = [
    "FIRST_YEAR",
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "Cell",
    "CellKind",
    "CellSpec",
    "Entry",
    "Failure",
    "Label",
    "LabelStyle",
    "Placed",
    "ReportData",
    "Rule",
    "Section",
    "Table",
    "Template",
    "cells_normalize",
    "report_check",
    "template_for_year",
    "value_format",
    "value_parse",
]
