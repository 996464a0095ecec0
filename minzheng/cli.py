"""The ``minzheng`` command.

    minzheng                          the command groups, one line each (also --help, -h, help)
    minzheng payroll                  a group's verbs, one line each (also ``minzheng payroll --help``)
    minzheng payroll prepare ...      run a verb: the management command ``payroll_prepare``
    minzheng demo ...                 a command of one word runs as it is named
    minzheng migrate ...              any Django management command, as with manage.py
    minzheng help django              Django's whole list of commands

The groups are read from the installed management commands of the ``apps.*`` packages: a command named
``<group>_<verb>`` is the verb of a group, one without ``_`` stands alone, and each line is the command's
``help``. A new app's commands therefore appear here without editing this file.
"""

from __future__ import annotations

import ast
import difflib
import importlib.util
import os
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.core.management.base import BaseCommand

TITLE = "minzheng 民政：县（区）民政局的日常工作"
HELP_WORDS = {"-h", "--help", "help"}


@dataclass(frozen=True)
class Verb:
    """One of minzheng's own management commands, as the command line shows it."""

    group: str  # "payroll"; a command of one word is its own group
    verb: str  # "prepare"; "" for a command of one word
    command: str  # the management command: "payroll_prepare"
    app: str  # "apps.payroll"

    @property
    def words(self) -> str:
        return f"{self.group} {self.verb}".strip()


def _order() -> dict[str, int]:
    """Apps in the order of the floors (INSTALLED_APPS), the demo first: it is what a newcomer runs."""
    from django.apps import apps

    names = [config.name for config in apps.get_app_configs()]
    return {name: (-1 if name == "apps.demo" else n) for n, name in enumerate(names)}


def own_verbs() -> dict[str, list[Verb]]:
    """minzheng's commands by group, verbs by name. A group stands where its app stands in the floors (the
    app named like it, as ``apps.payroll`` for payroll, else the lowest app with one of its verbs), and an
    app's commands of one word come before its groups."""
    from django.core.management import get_commands

    order = _order()
    groups: dict[str, list[Verb]] = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("apps."):
            group, _, verb = name.partition("_")
            groups.setdefault(group, []).append(Verb(group=group, verb=verb, command=name, app=app))

    def place(group: str) -> tuple[int, bool, str]:
        verbs = groups[group]
        home = order.get(f"apps.{group}", min(order.get(v.app, len(order)) for v in verbs))
        return home, any(v.verb for v in verbs), group

    return {group: groups[group] for group in sorted(groups, key=place)}


def _command(verb: Verb) -> BaseCommand:
    from django.core.management import load_command_class

    return load_command_class(verb.app, verb.command)


def _written_help(verb: Verb) -> str | None:
    """The ``help = "…"`` written in the command's class, read from its source without importing it:
    importing every command (polars, numpy, the services) would take a second or more to print a list.
    None when it is not a plain string there; the class is loaded then."""
    spec = importlib.util.find_spec(f"{verb.app}.management.commands.{verb.command}")
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    values = [
        statement.value
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name == "Command"
        for statement in node.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == "help" for target in statement.targets)
    ]
    try:
        value = ast.literal_eval(values[0]) if values else None
    except ValueError:  # not a literal: a name, a call, an f-string
        return None
    return value if isinstance(value, str) else None


def help_line(verb: Verb) -> str:
    """The first line of the command's ``help``."""
    try:
        text = _written_help(verb)
        if text is None:
            text = str(_command(verb).help)
    except Exception as exc:  # a broken command must not hide the others from the list
        return f"（无法载入：{type(exc).__name__}: {exc}）"
    return text.strip().splitlines()[0] if text.strip() else ""


def summary(verb: Verb) -> str:
    """The help line without its options: "审批发放表：--county …" reads "审批发放表" in the overview."""
    line = help_line(verb)
    head, colon, rest = line.partition("：")
    if colon and ("--" in rest or rest.startswith("minzheng")):
        line = head
    return line.partition("；")[0]


def _app_names(verbs: list[Verb]) -> str:
    """What the group is about: the verbose name of the app named like it ("资金发放" for payroll, though
    ``prepare`` lives in the workbench), else of every app with one of its verbs ("统计、…" for report)."""
    from django.apps import apps

    configs = {config.name: config for config in apps.get_app_configs()}
    home = configs.get(f"apps.{verbs[0].group}")
    names = (
        [home] if home else [configs[v.app] for v in sorted(verbs, key=lambda v: list(configs).index(v.app))]
    )
    return "、".join(dict.fromkeys(str(config.verbose_name) for config in names))


def _fit(text: str, columns: int) -> str:
    """The text cut with "…" to at most ``columns`` terminal columns (a Chinese character takes two)."""
    used = 0
    for n, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used > columns - 1 and n < len(text) - 1:
            return text[:n] + "…"
    return text


def overview() -> str:
    """``minzheng --help``: a line per group with its verbs, or per command where a group has one verb."""
    rows = []
    for group, verbs in own_verbs().items():
        if len(verbs) == 1:
            rows.append((verbs[0].words, summary(verbs[0])))
        else:
            rows.append((group, f"{' | '.join(v.verb for v in verbs)}   {_app_names(verbs)}"))
    width = max(len(words) for words, _ in rows) + 3
    room = max(shutil.get_terminal_size((100, 24)).columns - width - 3, 20)
    lines = [
        TITLE,
        "",
        "用法：minzheng <命令> [<动作>] [参数…]",
        "      minzheng <命令> --help       列出一个命令的动作，或它的参数",
        "",
        "命令：",
        *(f"  {words.ljust(width)}{_fit(text, room)}".rstrip() for words, text in rows),
        "",
        "Django 自带的命令（migrate、shell、createsuperuser、check 等）照常可用，",
        "minzheng help django 列出全部。",
    ]
    return "\n".join(lines)


def group_help(group: str, verbs: list[Verb]) -> str:
    """``minzheng payroll``: the group's verbs, one line each from the command's ``help``."""
    width = max(len(v.verb) for v in verbs) + 3
    return "\n".join(
        [
            f"minzheng {group}：{_app_names(verbs)}",
            "",
            "动作：",
            *(f"  minzheng {group} {v.verb.ljust(width)}{help_line(v)}".rstrip() for v in verbs),
            "",
            f"minzheng {group} <动作> --help 查看参数。",
        ]
    )


def _django(args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["minzheng", *args])
    return 0


def _run(verb: Verb, args: list[str]) -> int:
    """Run a verb under its own name, so that its usage and errors read "minzheng payroll prepare"."""
    _command(verb).run_from_argv([f"minzheng {verb.group}", verb.verb, *args])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; answers the exit code (2 for an unknown command or verb)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    import django
    from django.core.management import get_commands

    django.setup()
    commands = get_commands()
    groups = own_verbs()

    if not args or (args[0] in HELP_WORDS and len(args) == 1):
        sys.stdout.write(overview() + "\n")
        return 0
    if args[0] == "help" and args[1:] == ["django"]:
        return _django(["help"])
    if args[0] == "help" and args[1] in groups and args[1] not in commands:
        args = [*args[1:3], "--help"]  # "help payroll [prepare]" is "payroll [prepare] --help"
    if args[0] == "help":
        return _django(args)

    group, verb, rest = args[0], (args[1:2] or [""])[0], args[2:]
    verbs = {v.verb: v for v in groups.get(group, [])}
    if verb and verb in verbs:
        return _run(verbs[verb], rest)
    if group in commands or group == "version" or group.startswith("-"):  # Django's, as manage.py has them
        return _django(args)
    if verbs:
        if verb in ("", *HELP_WORDS):
            sys.stdout.write(group_help(group, groups[group]) + "\n")
            return 0
        close = difflib.get_close_matches(verb, list(verbs), n=3)
        hint = f"是不是：{'、'.join(close)}？" if close else ""
        sys.stderr.write(f"minzheng {group} 没有“{verb}”这个动作（unknown verb）。{hint}\n\n")
        sys.stderr.write(group_help(group, groups[group]) + "\n")
        return 2
    django_own = [name for name, app in commands.items() if not app.startswith("apps.")]
    close = difflib.get_close_matches(group, [*groups, *django_own], n=3)
    hint = f"是不是：{'、'.join(close)}？" if close else ""
    sys.stderr.write(
        f"minzheng 没有“{group}”这个命令（unknown command）。{hint}运行 minzheng --help 查看全部命令。\n"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
