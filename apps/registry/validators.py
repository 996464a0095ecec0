"""Checks of single registry values that every way in shares (the forms, the API, the import).

Household text that goes into every export (the address, the bank, the account holder) may not begin
like a spreadsheet formula (``=``, ``+``, ``-``, ``@``): no real address, bank or name does, and refusing
it where it is typed means the bank's CSV payment file, which cannot carry the quote that keeps such text
safe in Excel (apps/payroll/documents/payment.py), never meets it. Every export neutralises it anyway
(apps/core/exports.py), for what was stored before this check. Person names need no check here: the
policy admits only 汉字, letters and “·” (policy/person.py). Notes stay free: a note may begin with "-".
"""

from __future__ import annotations

from apps.core.exports import is_formula_like

HOUSEHOLD_TEXT_LABELS = {"address": "家庭住址", "bank_name": "开户银行", "account_holder": "账户户名"}


def formula_lead_problem(text: str, *, label: str) -> str:
    """The Chinese reason ``text`` (already stripped) cannot be stored under ``label``, or ""."""
    if is_formula_like(text):
        return f"{label}不能以“{text[0]}”开头（导出到Excel时会被当作公式），请删去开头的符号"
    return ""


__all__ = ["HOUSEHOLD_TEXT_LABELS", "formula_lead_problem"]
