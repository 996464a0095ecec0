"""Loading the whole application before gunicorn forks its workers.

A worker that starts cold imports every view module (and with them NumPy, Polars and matplotlib) on its
first request: about 2.5 s on the 2-core machine, so the first login a person made on each of the five
workers took 2–4 s with nothing on screen (issue 20). ``minzheng serve`` therefore runs gunicorn with
``--preload``: the master imports the WSGI module, which calls :func:`warm`, and every worker is forked
with the URL patterns, the views and the templates already loaded (shared copy-on-write).

Nothing here may open a database connection: a connection made before the fork would be shared by every
worker. :func:`warm` closes any that an import opened, to be sure.
"""

from __future__ import annotations

from pathlib import Path

from django.db import connections
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import get_resolver


def warm() -> int:
    """Import every view through the URL patterns, compile every template the cached loader would load,
    and return how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 -- the attribute imports every urls module and its views
    compiled = 0
    for engine in engines.all():
        for directory in engine.template_dirs:  # project and app template directories alike
            root = Path(directory)
            for path in root.rglob("*.html"):
                try:
                    engine.get_template(path.relative_to(root).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue  # a template another engine owns, or a fragment loaded differently
                compiled += 1
    connections.close_all()
    return compiled
