"""Writing the registry: every function takes ``actor``, runs in one transaction and writes its audit row.

- :mod:`.persons`: create, edit, reveal identifiers, duplicates
- :mod:`.households`: create and edit a household, split, merge
- :mod:`.members`: members in and out, head change, moving a person between households
- :mod:`.finances`: incomes and assets
"""
