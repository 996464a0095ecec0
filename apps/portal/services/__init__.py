"""网上办事 writes, one module a side, as the views are.

- :mod:`.citizen`: a resident registers, applies online, adds documents or withdraws
- :mod:`.staff`: the village or township forwards an online application into the real workflow, registers
  the household from it, or returns it

Residents act only on their own rows (``citizen``); staff act through apps/core/scoping.py like everywhere
else. Every write is audited in its own transaction. A stale page (``expected_version``) is refused.
"""
