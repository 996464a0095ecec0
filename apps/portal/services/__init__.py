"""网上办事 writes, one module a side, as the views are.

- :mod:`.registration`: a resident registers an account, proved by a one-time code (to the registry's phone
  where it holds one)
- :mod:`.accounts`: what makes an account the number's active one; the staff confirm or refuse a pending
  account (no phone in the registry, or 找回 of an account taken under the number with another name)
- :mod:`.citizen`: a resident applies online, adds documents or withdraws
- :mod:`.staff`: the village or township forwards an online application into the real workflow, registers
  the household from it, or returns it

Residents act only on their own rows (``citizen``); staff act through apps/core/scoping.py like everywhere
else. Every write is audited in its own transaction. A stale page (``expected_version``) is refused.
"""
