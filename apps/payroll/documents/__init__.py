"""Bank payment files and bank return files for the monthly payroll, over plain rows (no ORM).

- :mod:`.templates` — :class:`BankTemplate` / :class:`ReturnTemplate`, their dict round-trip, presets.
- :mod:`.payment` — :func:`bank_file_write` (XLSX 明细+汇总 or CSV, UTF-8 or GBK, SHA-256 recorded).
- :mod:`.returns` — :func:`return_file_read`, :func:`return_rows_match`, :func:`summary_rows`.
"""

from apps.payroll.documents.payment import (
    BankFileInfo,
    BankFileRejected,
    BankRow,
    BankSummary,
    RowError,
    SummaryLine,
    bank_file_write,
    bank_summary_write,
)
from apps.payroll.documents.returns import (
    ReconRow,
    ReturnResult,
    ReturnRow,
    return_file_read,
    return_rows_match,
    summary_rows,
)
from apps.payroll.documents.templates import (
    FIELDS,
    BankColumn,
    BankTemplate,
    ReturnTemplate,
    default_templates,
    template_from_dict,
    template_to_dict,
)

__all__ = [
    "FIELDS",
    "BankColumn",
    "BankFileInfo",
    "BankFileRejected",
    "BankRow",
    "BankSummary",
    "BankTemplate",
    "ReconRow",
    "ReturnResult",
    "ReturnRow",
    "ReturnTemplate",
    "RowError",
    "SummaryLine",
    "bank_file_write",
    "bank_summary_write",
    "default_templates",
    "return_file_read",
    "return_rows_match",
    "summary_rows",
    "template_from_dict",
    "template_to_dict",
]
