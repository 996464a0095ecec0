"""Writes of the organisations register: :mod:`.organisations` (create, update, state, reveal, staff)."""
