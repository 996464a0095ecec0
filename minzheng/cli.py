"""The ``minzheng`` command.

    minzheng demo [--households N] [--no-serve]   load the five seed counties and a synthetic population
    minzheng serve [--bind 127.0.0.1:8000]        run the web server (gunicorn)
    minzheng areas import DIR [--only CODE ...]   load china-division 2.7.0 CSV files, idempotently
    minzheng user create ...                      create a bureau account
    minzheng <django command> ...                 any Django management command (migrate, shell, ...)

Two-word commands map to the management command ``<group>_<verb>``, so ``minzheng areas import`` runs
``areas_import``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if len(args) >= 2 and f"{args[0]}_{args[1]}" in get_commands():
        args = [f"{args[0]}_{args[1]}", *args[2:]]
    execute_from_command_line(["minzheng", *args])


if __name__ == "__main__":
    main()
