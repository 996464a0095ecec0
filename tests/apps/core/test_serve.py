"""``minzheng serve``: the gunicorn command line it runs."""

from __future__ import annotations

import sys

from apps.core.management.commands.serve import gunicorn_argv


def test_serve_runs_gunicorn_from_this_python_with_the_wsgi_app():
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=3, threads=2, access_log=False)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "minzheng.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"


def test_serve_loads_the_application_once_before_forking_the_workers():
    # A worker that starts cold spends 2–3 s importing the views on its first request (issue 20).
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=5)
    assert "--preload" in argv
