"""Signals other apps listen to, so that assistance need not know them (the payroll settles a change that
reaches back into months already paid)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside case_change's transaction, after the change and its CaseEvent are saved, with ``case`` (as
# it is now), ``event`` (the CaseEvent), ``previous`` (the case's phase_out and monthly_amount before) and
# ``actor``. A receiver that raises rolls the change back.
case_changed = Signal()

# Sent inside an applied 调标's transaction, after the amounts and their CaseEvents are written, with
# ``run`` (the StandardChangeRun), ``month`` (the first month of the new standard), ``actor``, ``at`` (the
# events' timestamp) and ``rows_table``: a temporary table of (case_id, seen_version, amount, old_amount,
# reason), money in cents, whose rows with reason '' are the cases whose amount changed. It exists only
# while the signal is handled. A receiver that raises rolls the whole 调标 back.
cases_restandarded = Signal()
