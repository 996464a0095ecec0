"""Writes of the facilities register: :mod:`.facilities` (create, update, state, capacity) and
:mod:`.photos`."""
