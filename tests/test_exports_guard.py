"""Every spreadsheet the system writes goes through apps/core/exports.py (issue 19, point 4), so that no
stored text comes out as a formula: a static check over apps/ that no other module writes a cell itself.

What counts as writing a cell, outside apps/core/exports.py:
- ``csv.writer(…)`` or ``csv.DictWriter(…)`` (use ``csv_writer``);
- ``.cell(…, value=…)`` or ``.cell(row, column, value)`` (use ``xlsx_put``); ``ws.cell(r, c)`` to style a
  cell, and python-docx's ``table.cell(r, c)``, are fine;
- ``.append(…)`` on a worksheet (use ``xlsx_append``): a worksheet is a name bound to ``book.active``,
  ``book.create_sheet(…)``, ``book.worksheets[…]``, another worksheet name, a parameter annotated
  ``Worksheet``, or a parameter with a worksheet's usual name (ws, sheet, worksheet, …_sheet) in a module
  that imports openpyxl; ``list.append`` is not flagged;
- in a module that imports openpyxl, ``<cell>.value = …`` and ``ws["A1"] = …``;
- a module that builds a ``Workbook(…)`` or writes sheet XML (``inlineStr``) without importing
  apps.core.exports.

A module-level check cannot follow every alias; each export's own test (tests/apps/*/test_exports_formula.py)
also runs the export on stored formula-like text and asserts that the file holds no formula.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "apps"
THE_ONE_PLACE = APPS / "core" / "exports.py"
COORDINATE = re.compile(r"^\$?[A-Z]{1,3}\$?[0-9]+$")
SHEET_NAMES = re.compile(r"^(ws|sheet|worksheet|\w+_sheet|sheet_\w+)$")


def _imports(tree: ast.Module, prefix: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.startswith(prefix) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix):
            return True
    return False


def _makes_sheet(node: ast.AST, sheets: set[str]) -> bool:
    """Whether the expression is a worksheet: ``x.active``, ``x.create_sheet(…)``, ``x.worksheets[…]``
    or a name already known to be one."""
    if isinstance(node, ast.Name):
        return node.id in sheets
    if isinstance(node, ast.Attribute):
        return node.attr == "active"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "create_sheet"
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        return node.value.attr == "worksheets"
    return False


def _annotated_sheet(annotation: ast.expr | None) -> bool:
    text = ast.unparse(annotation) if annotation is not None else ""
    return "Worksheet" in text


def _sheet_names(scope: ast.AST, inherited: set[str], openpyxl: bool) -> set[str]:
    sheets = set(inherited)
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
        for arg in [*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs]:
            if _annotated_sheet(arg.annotation) or (openpyxl and SHEET_NAMES.match(arg.arg)):
                sheets.add(arg.arg)
    changed = True
    while changed:  # follow chains such as ``ws = book.active; out = ws``
        changed = False
        for node in ast.walk(scope):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign) and _makes_sheet(node.value, sheets):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                if _makes_sheet(node.value, sheets) or _annotated_sheet(node.annotation):
                    targets = [node.target]
            elif isinstance(node, ast.For) and ast.unparse(node.iter).endswith(".worksheets"):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id not in sheets:
                    sheets.add(target.id)
                    changed = True
    return sheets


def violations(source: str, name: str = "<source>") -> list[str]:
    """Every place in ``source`` that writes a spreadsheet cell without apps.core.exports."""
    tree = ast.parse(source)
    openpyxl = _imports(tree, "openpyxl")
    found: list[str] = []

    def flag(node: ast.AST, why: str) -> None:
        found.append(f"{name}:{getattr(node, 'lineno', 0)}: {why}: {ast.unparse(node)[:80]}")

    module_sheets = _sheet_names(
        ast.Module(
            body=[n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)], type_ignores=[]
        ),
        set(),
        openpyxl,
    )
    scopes: list[tuple[ast.AST, set[str]]] = [(tree, module_sheets)]
    scopes += [
        (node, _sheet_names(node, module_sheets, openpyxl))
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    seen: set[int] = set()
    for scope, sheets in reversed(scopes):  # innermost first, so a call is judged in its own function
        for node in ast.walk(scope):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                func = node.func
                if func.attr in ("writer", "DictWriter") and isinstance(func.value, ast.Name):
                    if func.value.id == "csv":
                        flag(node, "csv.writer: use apps.core.exports.csv_writer")
                elif func.attr == "cell":
                    if len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords):
                        flag(node, "cell(value=…): use apps.core.exports.xlsx_put")
                elif func.attr == "append" and _makes_sheet(func.value, sheets):
                    flag(node, "worksheet append: use apps.core.exports.xlsx_append")
            elif isinstance(node, ast.ImportFrom) and node.module == "csv":
                if any(a.name in ("writer", "DictWriter") for a in node.names):
                    flag(node, "csv.writer: use apps.core.exports.csv_writer")
            elif isinstance(node, ast.Assign) and openpyxl:
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "value":
                        flag(node, "cell.value = …: use apps.core.exports.xlsx_put")
                    elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                        key = target.slice.value
                        if isinstance(key, str) and COORDINATE.match(key):
                            flag(node, 'ws["A1"] = …: use apps.core.exports.xlsx_put')
    writes_book = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Workbook"
        for n in ast.walk(tree)
    ) or any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and "inlineStr" in n.value
        for n in ast.walk(tree)
    )
    if writes_book and not _imports(tree, "apps.core.exports"):
        found.append(f"{name}: writes a workbook but does not import apps.core.exports")
    return found


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(APPS.rglob("*.py"))
        if path != THE_ONE_PLACE and "migrations" not in path.parts
    ]


def test_no_module_outside_apps_core_exports_writes_a_spreadsheet_cell_itself():
    found = [
        v for path in _modules() for v in violations(path.read_text("utf-8"), str(path.relative_to(ROOT)))
    ]

    assert found == []


def test_the_writers_of_the_project_are_the_ones_the_check_knows():
    # The check is only as good as its picture of the writers: each one named here builds a workbook or
    # a CSV and imports the one place (a new writer shows up here as well as in the check above).
    writers = {
        str(path.relative_to(ROOT))
        for path in _modules()
        if re.search(r"\bWorkbook\(|inlineStr|csv_writer\(", path.read_text("utf-8"))
    }

    assert writers >= {
        "apps/annual/documents/__init__.py",
        "apps/crosscheck/services/uploads.py",
        "apps/demo/crosscheck/practice.py",
        "apps/demo/payroll_history.py",
        "apps/demo/targets.py",
        "apps/disclosure/documents/xlsx.py",
        "apps/payroll/documents/payment.py",
        "apps/payroll/documents/xlsx.py",
        "apps/registry/services/exports.py",
        "apps/registry/services/import_sheets.py",
        "apps/standards/services/importing.py",
        "apps/statistics/documents/xlsx.py",
        "apps/targets/documents/__init__.py",
    }
    for path in writers:
        assert "apps.core.exports" in (ROOT / path).read_text("utf-8"), path


BYPASSES = {
    "a plain append": "from openpyxl import Workbook\nbook = Workbook()\nws = book.active\nws.append([x])\n",
    "a new sheet's append": "def f(book):\n    out = book.create_sheet('x')\n    out.append([x])\n",
    "an alias": "def f(book):\n    ws = book.active\n    other = ws\n    other.append([x])\n",
    "a typed parameter": "def f(page: Worksheet):\n    page.append([x])\n",
    "a direct append": "def f(book):\n    book.active.append([x])\n",
    "cell(value=)": "def f(ws):\n    ws.cell(row=1, column=1, value=x)\n",
    "cell(r, c, v)": "def f(ws):\n    ws.cell(1, 1, x).font = bold\n",
    "a coordinate": "import openpyxl\ndef f(ws):\n    ws['B2'] = x\n",
    "a cell's value": "import openpyxl\ndef f(ws):\n    target = ws.cell(1, 1)\n    target.value = x\n",
    "csv.writer": "import csv\nw = csv.writer(out)\n",
    "csv.DictWriter": "import csv\nw = csv.DictWriter(out, fieldnames=[])\n",
    "from csv import writer": "from csv import writer\n",
    "a workbook without the one place": "from openpyxl import Workbook\nbook = Workbook()\n",
}


@pytest.mark.parametrize("source", BYPASSES.values(), ids=BYPASSES.keys())
def test_the_check_finds_each_way_round_the_one_place(source):
    assert violations(source)


ALLOWED = {
    "a list": "def f():\n    rows = []\n    rows.append(1)\n",
    "a list named like a sheet elsewhere": (
        "def f(book):\n    ws = book.active\n\ndef g():\n    ws = []\n    ws.append(1)\n"
    ),
    "a styled cell": "def f(ws):\n    ws.cell(row=1, column=2).font = bold\n",
    "a Word table cell": "def f(table):\n    table.cell(0, 1).text = 'x'\n",
    "the one place": "from apps.core.exports import xlsx_append\ndef f(ws):\n    xlsx_append(ws, [x])\n",
    "a dict": "def f():\n    data = {}\n    data['A1'] = 1\n",
    "reading": "import csv\nrows = csv.reader(handle)\n",
}


@pytest.mark.parametrize("source", ALLOWED.values(), ids=ALLOWED.keys())
def test_the_check_leaves_ordinary_code_alone(source):
    assert violations(source) == []
