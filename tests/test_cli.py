"""The ``minzheng`` command reads like a product: ``--help`` lists minzheng's own groups (read from the
installed commands), a group without a verb lists its verbs, an unknown verb exits 2, and
``minzheng <group> <verb>`` and ``minzheng <django command>`` still run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from minzheng.cli import main

PAYROLL_VERBS = ("approve", "export", "prepare", "reconcile")


def _help_line(command: str) -> str:
    return str(load_command_class(get_commands()[command], command).help).strip().splitlines()[0]


def _minzheng(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console script, in its own process, as a user types it."""
    script = Path(sys.executable).with_name("minzheng")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "minzheng.cli"]
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([*argv, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_help_lists_minzheng_groups_one_line_each_and_not_djangos_list(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out

    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.strip()}
    for group in ("demo", "serve", "areas", "user", "token", "registry", "standards", "assess", "cases"):
        assert group in lines
    assert lines["payroll"].split()[1:8:2] == list(PAYROLL_VERBS) and "资金发放" in lines["payroll"]
    assert {"monthly", "annual", "targets", "disclosure"} <= set(lines["report"].split())
    for group in ("crosscheck", "monitoring", "stats"):
        assert group in lines
    assert lines["cases"].startswith("  cases restandard") and "调标" in lines["cases"]
    assert "minzheng help django" in out
    assert "makemigrations" not in out and "runserver" not in out and "payroll_prepare" not in out


def test_every_command_of_an_app_appears_without_editing_the_cli(capsys):
    main(["--help"])
    out = capsys.readouterr().out

    for name, app in get_commands().items():
        if app.startswith("apps."):
            group, _, verb = name.partition("_")
            assert f"  {group} " in out or out.count(f"  {group}\n"), name
            assert not verb or verb in out, name


def test_a_group_without_a_verb_lists_its_verbs_with_their_help(capsys):
    # given nothing but the group's name, or its --help
    for argv in (["payroll"], ["payroll", "--help"], ["help", "payroll"]):
        # when it is run
        assert main(argv) == 0

        # then each verb has a line carrying the first line of its command's help
        out = capsys.readouterr().out
        for verb in PAYROLL_VERBS:
            line = next(x for x in out.splitlines() if x.startswith(f"  minzheng payroll {verb} "))
            assert line.endswith(_help_line(f"payroll_{verb}"))
        assert "Unknown command" not in out


def test_an_unknown_verb_says_so_lists_the_verbs_and_exits_2(capsys):
    assert main(["payroll", "aprove"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert "没有“aprove”这个动作" in captured.err and "是不是：approve" in captured.err
    assert all(f"minzheng payroll {verb} " in captured.err for verb in PAYROLL_VERBS)


def test_an_unknown_command_says_so_and_exits_2(capsys):
    assert main(["payrol"]) == 2
    assert "没有“payrol”这个命令" in capsys.readouterr().err


def test_help_django_lists_djangos_own_commands(capsys):
    assert main(["help", "django"]) == 0
    out = capsys.readouterr().out
    assert "migrate" in out and "makemigrations" in out and "shell" in out


def test_the_console_script_answers_with_the_same_lists_and_exit_codes():
    overview = _minzheng("--help")
    assert overview.returncode == 0 and "  payroll " in overview.stdout and "migrate" in overview.stdout

    group = _minzheng("payroll")
    assert group.returncode == 0
    assert [
        line.split()[2] for line in group.stdout.splitlines() if line.startswith("  minzheng payroll ")
    ] == [*PAYROLL_VERBS]

    unknown = _minzheng("payroll", "frobnicate")
    assert unknown.returncode == 2 and "frobnicate" in unknown.stderr and "payroll prepare" in unknown.stderr


def test_group_verb_and_django_commands_still_run():
    verb = _minzheng("payroll", "prepare", "--help")
    assert verb.returncode == 0 and verb.stdout.startswith("usage: minzheng payroll prepare ")

    missing = _minzheng("payroll", "prepare", "--county", "421303")
    assert missing.returncode == 2 and "minzheng payroll prepare: error:" in missing.stderr

    django = _minzheng("version")
    assert django.returncode == 0 and django.stdout.strip().startswith("5.2")


@pytest.mark.parametrize("argv", [["payroll_prepare", "--help"], ["help", "payroll", "prepare"]])
def test_the_command_names_of_django_still_work(argv):
    run = _minzheng(*argv)
    assert run.returncode == 0 and "--county" in run.stdout
