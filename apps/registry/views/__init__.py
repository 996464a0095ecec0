"""Registry pages, in Chinese. Each view parses a form, calls one service or selector, and renders.

- :mod:`.browse`: search, household list, household and person pages, revealing a full identifier
- :mod:`.households`: create and edit a household, members in and out, head change, split, merge
- :mod:`.changes`: edit a person, resolve a suspected duplicate, incomes and assets
- :mod:`.imports`: the import page (upload, template, error report) and the household list's XLSX export
- :mod:`.common`: the light paginator and small helpers the three share
"""
