"""REST API for the registry: households and persons, read through the selectors, written through services.

- :mod:`.person_serializers`, :mod:`.household_serializers`: what goes in and out; identifiers leave masked
- :mod:`.households`: list, create, detail, edit, history
- :mod:`.persons`: search, detail, edit, reveal a full identifier (audited)
"""
