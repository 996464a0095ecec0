"""What the ``minzheng crosscheck`` commands share: the acting user and a rich progress display."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from apps.accounts.models import User


def actor_named(username: str) -> User:
    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(f"没有名为“{username}”的有效用户")
    return actor


def console_for(stdout: Any) -> Console:
    # A wide console when piped, so a long Chinese reason stays on one line for grep and logs.
    return Console(file=stdout, width=None if stdout.isatty() else 200)


@contextmanager
def bars(console: Console) -> Iterator[Any]:
    """A rich progress display; yields ``progress(stage, done, total)`` adding a bar per stage."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as display:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = display.add_task(stage, total=total or None)
            display.update(tasks[stage], completed=done, total=total or None)

        progress.display = display  # type: ignore[attr-defined]
        yield progress
