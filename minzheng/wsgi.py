"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
application = get_wsgi_application()

# Under `minzheng serve` (gunicorn --preload) this runs once in the master, so no worker starts cold.
from apps.core.warmup import warm  # noqa: E402 -- after Django is set up

warm()
