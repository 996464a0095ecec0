"""Writing the registry: every function takes ``actor``, runs in one transaction and writes its audit row.

- :mod:`.persons`: create, edit, reveal identifiers, duplicates
- :mod:`.households`: create, edit, members, move, split, merge
- :mod:`.finances`: incomes and assets
"""
