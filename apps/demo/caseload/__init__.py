"""A county's 在保对象 (caseload), generated set-based, as if enrolled and paid in an earlier system: for
the demo, the payroll benchmark and the tests that need a realistic caseload.

- :mod:`.generate`: :func:`~.generate.caseload_generate`, who gets which case for how much
- :mod:`.assess`: the 低保 rules over many registry households at once
- :mod:`.write`: the cases written set-based over a temporary table
"""
