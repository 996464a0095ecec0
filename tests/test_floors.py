"""The floors of the house, as a test (docs/architecture.md draws them and gives the reason for each).

Every import in ``policy/`` and ``apps/`` is read from the source, wherever it stands (module top,
inside a function, under ``TYPE_CHECKING``): a dependency is a dependency whether or not it runs at import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import only the apps before it (and policy/); nothing may import the project
# package ``minzheng`` (settings, URLs, the CLI), which sits on top of them all.
FLOORS: tuple[str, ...] = (
    "core",  # ground floor: audit, scoping, the clock, the web and API toolbox, stored files
    "areas",  # the area tree every record hangs from
    "accounts",  # users bound to one role and one area
    "registry",  # households and people
    "organisations",  # 法人和其他组织: the bodies the bureau deals with, and their staff
    "facilities",  # 民政服务机构: every place where the bureau's services are given
    "standards",  # local parameters with effective dates, read by every programme
    "assistance",  # applications, the workflow, cases, 调标
    "portal",  # residents' online applications, forwarded into assistance
    "payroll",  # frozen monthly payrolls and the bank
    "crosscheck",  # other departments' lists against cases; holds and remedies in the payroll
    "monitoring",  # early-warning rules over registry, cases and leads
    "statistics",  # the monthly fact table over cases and payrolls
    "annual",  # the year's work-summary appendix
    "disclosure",  # 政府信息公开年报
    "indicators",  # the one catalogue of indicators, evaluated from every domain's records
    "targets",  # 目标管理, bound to indicators
    "workbench",  # the pages that join several apps: home, 待办, 发放前比对, navigation by office
    "demo",  # synthetic data for every domain; a deployment leaves it out
)

THIRD_PARTY_FORBIDDEN_IN_POLICY = ("django", "rest_framework", "apps", "minzheng")


def _python_files(top: str) -> Iterator[Path]:
    for path in sorted((ROOT / top).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) of every absolute import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(a.name for a in node.names)


def _app_of(path: Path) -> str:
    return path.relative_to(ROOT / "apps").parts[0]


def test_every_app_has_a_floor() -> None:
    apps = {p.name for p in (ROOT / "apps").iterdir() if (p / "apps.py").exists()}
    assert apps - set(FLOORS) == set(), "a new app needs its place in FLOORS and in docs/architecture.md"
    assert set(FLOORS) - apps == set(), "FLOORS names an app that does not exist"


def test_policy_imports_neither_django_nor_any_app() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files("policy")
        for line, module, _ in _imports(path)
        if module.split(".")[0] in THIRD_PARTY_FORBIDDEN_IN_POLICY
    ]
    assert bad == []


def _app_imports() -> Iterator[tuple[str, str, int, str, tuple[str, ...]]]:
    for path in _python_files("apps"):
        if path.parent == ROOT / "apps":
            continue
        source = _app_of(path)
        for line, module, names in _imports(path):
            yield source, str(path.relative_to(ROOT)), line, module, names


def test_an_app_imports_only_the_floors_below_it() -> None:
    rank = {app: i for i, app in enumerate(FLOORS)}
    bad = []
    for source, where, line, module, _ in _app_imports():
        parts = module.split(".")
        if parts[0] == "minzheng":
            bad.append(f"{where}:{line} imports the project package {module}")
        if parts[0] != "apps" or len(parts) < 2 or parts[1] == source:
            continue
        target = parts[1]
        if rank.get(target, len(FLOORS)) > rank.get(source, -1):
            bad.append(f"{where}:{line} ({source}) imports {module}, a floor above")
    assert bad == []


def test_no_app_imports_another_apps_private_name() -> None:
    bad = []
    for source, where, line, module, names in _app_imports():
        parts = module.split(".")
        if parts[0] != "apps" or len(parts) < 2 or parts[1] == source:
            continue
        private_module = any(p.startswith("_") and not p.startswith("__") for p in parts)
        private_names = [n for n in names if n.startswith("_")]
        if private_module or private_names:
            bad.append(f"{where}:{line} imports {module} {private_names or ''}".rstrip())
    assert bad == []


@pytest.mark.parametrize("top", ["apps", "policy"])
def test_no_module_is_over_400_lines(top: str) -> None:
    long = [
        f"{path.relative_to(ROOT)} ({n} lines)"
        for path in _python_files(top)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []


# What an app's top level may hold: modules of these kinds, or packages of the same names. A newcomer can
# then guess where a thing is from its kind (docs/architecture.md, "Where each kind of thing lives").
# core is the ground floor's toolbox (one module a tool) and demo is no product, so both are exempt.
KINDS = {
    "__init__",
    "apps",
    "models",
    "choices",
    "selectors",
    "services",
    "api",
    "views",
    "forms",
    "urls",
    "admin",
    "mappers",
    "signals",
    "receivers",
    "middleware",
    "validators",
    "documents",
    "indicators",
    "templatetags",
    "management",
    "migrations",
}
EXEMPT = {"core", "demo"}


def test_an_apps_top_level_holds_only_modules_and_packages_of_the_known_kinds() -> None:
    bad = []
    for app in sorted(p for p in (ROOT / "apps").iterdir() if (p / "apps.py").exists()):
        if app.name in EXEMPT:
            continue
        for entry in sorted(app.iterdir()):
            name = entry.stem if entry.suffix == ".py" else entry.name
            is_python = entry.suffix == ".py" or (entry.is_dir() and (entry / "__init__.py").exists())
            if is_python and name not in KINDS:
                bad.append(str(entry.relative_to(ROOT)))
    assert bad == []


def test_modules_are_split_into_packages_not_suffixes() -> None:
    """``selectors_bank.py`` beside ``selectors.py`` is a package in hiding: make it ``selectors/bank.py``."""
    kinds = ("models", "selectors", "services", "views", "api", "forms")
    bad = [
        str(path.relative_to(ROOT))
        for path in _python_files("apps")
        for kind in kinds
        if path.stem.startswith(f"{kind}_") and path.parent.name != "management"
    ]
    assert bad == []
