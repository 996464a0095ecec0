"""What the ``minzheng`` commands share: reading the acting user, a county and a month from the command
line, the reader a report is read as, and a rich progress display. Each refuses bad input with a Chinese
CommandError (exit status 1), so every command says the same thing about the same mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policy.areas import AreaLevel, area_code_level, area_code_normalize
from policy.errors import ValidationFailed
from policy.months import month_parse
from policy.roles import Role

if TYPE_CHECKING:
    from apps.core.scoping import Actor


def actor_named(username: str) -> Actor:
    """The active user ``username``, whom the command acts as (their role and area apply)."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在或已停用")
    return user  # type: ignore[no-any-return]


def reader_for(*, username: str, area: str) -> Actor:
    """Whom a report is read as: ``--user`` if given (their area limits what they see), else the command
    line itself, reading ``area`` as its 管理员 would. Nothing is written as this unsaved reader."""
    if username:
        return actor_named(username)
    reader: Actor = get_user_model()(username="命令行", role=Role.ADMIN.value, area_id=area, is_active=True)
    return reader


def county_arg(text: str) -> str:
    """A county's 12-digit code from 6 or 12 digits."""
    try:
        code = area_code_normalize(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if area_code_level(code) != AreaLevel.COUNTY:
        raise CommandError(f"“{text}”不是县（区）级区划代码")
    return code


def month_arg(text: str) -> date:
    """The first day of the month written ``YYYY-MM``."""
    try:
        return month_parse(text)
    except ValidationFailed as exc:
        raise CommandError(exc.message) from None


def console_for(stdout: Any) -> Console:
    # A wide console when piped, so a long Chinese reason stays on one line for grep and logs.
    return Console(file=stdout, width=None if stdout.isatty() else 200)


@contextmanager
def bars(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress display; yields ``progress(stage, done, total)``, which adds a bar per stage
    (``progress.display`` is the display, for a line logged above the bars)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as display:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = display.add_task(stage, total=total or None)
            display.update(tasks[stage], completed=done, total=total or None)

        progress.display = display  # type: ignore[attr-defined]
        yield progress


__all__ = ["actor_named", "bars", "console_for", "county_arg", "month_arg", "reader_for"]
