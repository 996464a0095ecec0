"""Signals other apps listen to, so that assistance need not know them (the payroll settles a change that
reaches back into months already paid)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside case_change's transaction, after the change and its CaseEvent are saved, with ``case`` (as
# it is now), ``event`` (the CaseEvent), ``previous`` (the case's phase_out and monthly_amount before) and
# ``actor``. A receiver that raises rolls the change back.
case_changed = Signal()
