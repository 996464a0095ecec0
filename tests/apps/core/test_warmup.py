"""apps/core/warmup.py: what the gunicorn master loads before it forks the workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# In a fresh interpreter, as the gunicorn master imports the WSGI module under --preload: every view is
# imported, the templates are compiled, and no database connection is left open (a connection made before
# the fork would be shared by every worker). Queries are refused outright, so a warm-up that queried fails.
PROBE = """
import json, sys
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda sender, connection, **kw: opened.append(connection.alias))
import minzheng.wsgi
from django.db import connections
from apps.core.warmup import warm
print(json.dumps({
    "views": [m for m in ("apps.portal.views.citizen", "apps.registry.views.households",
                          "apps.workbench.views.home") if m in sys.modules],
    "templates": warm(),
    "opened": opened,
    "open_now": [c.alias for c in connections.all() if c.connection is not None],
}))
"""


def test_importing_the_wsgi_module_loads_every_view_and_template_without_the_database():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.settings"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["views"] == [
        "apps.portal.views.citizen",
        "apps.registry.views.households",
        "apps.workbench.views.home",
    ]
    assert seen["templates"] > 100  # every app's templates, base.html and the error pages among them
    assert seen["opened"] == [] and seen["open_now"] == []
