"""Signals the payroll sends, so that the apps reading its money need not be called from it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction that imported a bank return file commits, when it changed lines: ``county``
# (the county's area code) and ``month`` (the payroll's month, a first day) now have other paid money.
# Receivers run outside that transaction; one that fails cannot undo the import.
payments_confirmed = Signal()
