"""A deployment without the demo: with ``MINZHENG_DEMO=0`` the project leaves ``apps.demo`` out of
INSTALLED_APPS, and the system checks, every URL, every command, the pages and the OpenAPI schema work
without it, and nothing imports it.

The app list is read once, when Django starts, so this cannot be faked inside the test process
(``override_settings`` would leave the demo's modules, commands and URLs loaded): each check runs
``manage.py`` in a fresh process with the variable set, its files and database in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import COUNTY, UserFactory

ROOT = Path(__file__).resolve().parent.parent

# Run inside ``manage.py shell``: import every module of every other app, load every command, walk every
# URL, then ask for the cross-check's 导入 page and the demo's download as a county approver.
PROBE = """
import json, sys
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.core.management import call_command, get_commands, load_command_class
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.factories import COUNTY, UserFactory, area_tree

for path in sorted(Path("apps").rglob("*.py")):
    if path.parts[1] != "demo":
        import_module(".".join(path.with_suffix("").parts).removesuffix(".__init__"))
for name, app in get_commands().items():
    load_command_class(app, name)

def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + (p.namespace + ":" if p.namespace else ""))
        elif p.name:
            yield prefix + p.name

names = sorted(set(walk(get_resolver().url_patterns)))
call_command("migrate", verbosity=0, interactive=False)
area_tree()
client = Client()
client.force_login(UserFactory(role="county_approver", area_id=COUNTY))
page = client.get("/crosscheck/import/")
download = client.get("/demo/crosscheck/sample.csv")
print(json.dumps({
    "installed": apps.is_installed("apps.demo"),
    "demo_modules": sorted(m for m in sys.modules if m == "apps.demo" or m.startswith("apps.demo.")),
    "commands": sorted(get_commands()),
    "url_names": names,
    "page": [page.status_code, "示例死亡名单" in page.content.decode()],
    "download": download.status_code,
}))
"""


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MINZHENG_DEMO": "0",
        "MINZHENG_VAR_DIR": str(tmp_path),
        # The probe migrates: never the database the suite runs on.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'without_demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "minzheng.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_system_checks_pass_without_the_demo(tmp_path):
    result = _manage(tmp_path, "check")

    assert "System check identified no issues" in result.stdout


def test_the_api_schema_without_the_demo_is_the_whole_schema(tmp_path):
    without = tmp_path / "without.json"
    _manage(
        tmp_path,
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(without),
    )
    full = tmp_path / "full.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(full))

    assert json.loads(without.read_text())["paths"] == json.loads(full.read_text())["paths"]


@pytest.mark.django_db
def test_without_the_demo_nothing_imports_it_and_every_other_page_stays(tmp_path, areas):
    # given: this process, with the demo
    with_demo = Client()
    with_demo.force_login(UserFactory(role="county_approver", area_id=COUNTY))
    assert "示例死亡名单" in with_demo.get(reverse("crosscheck:import")).content.decode()

    # when
    probe = json.loads(_manage(tmp_path, "shell", "-c", PROBE).stdout.strip().splitlines()[-1])

    # then
    assert probe["installed"] is False and probe["demo_modules"] == []
    assert {"demo", "assistance_demo"} & set(probe["commands"]) == set() and "serve" in probe["commands"]
    assert [n for n in probe["url_names"] if n.startswith("demo:")] == []
    assert "crosscheck:import" in probe["url_names"]
    assert probe["page"] == [200, False]  # the 导入 page, without the practice list's offer
    assert probe["download"] == 404
