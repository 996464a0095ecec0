"""Benchmark: how long a person waits to log in, right after the server starts (every worker fresh).

    .venv/bin/python bench/bench_login.py [--var-dir /tmp/demo_var] [--rounds 3]

Starts ``minzheng serve`` (gunicorn, 2 × cores + 1 workers) on a free loopback port against the database
in ``--var-dir`` (the demo: ``minzheng demo --no-serve``), then, as soon as it answers, logs in through the
real forms as a browser does: the staff login (village_worker) and the portal login (the demo resident),
``--rounds`` times each, alternating, on new connections, so the first rounds land on workers that have
served nothing yet. It prints each login's three requests (the form, the POST with the password check,
the page it lands on). Target (issue 20, point 8): every login under 1 s on the 2-core machine.
Before `--preload` and apps/core/warmup.py, the first request on each fresh worker took 2–2.8 s.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench_list_load import PASSWORD, _free_port, _wait_until_up

ROOT = Path(__file__).resolve().parent.parent
LOGINS = (("/accounts/login/", "village_worker"), ("/portal/login/", "421303193906049555"))


def _timed_login(base: str, path: str, username: str) -> tuple[float, float, float]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    started = time.perf_counter()
    html = opener.open(base + path).read().decode()
    form_at = time.perf_counter()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        sys.exit(f"no CSRF token on {path}")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
    ).encode()
    answer = opener.open(urllib.request.Request(base + path, data=body, headers={"Referer": base + path}))
    answer.read()  # the redirect is followed: this is the POST and the landing page together
    landed = time.perf_counter()
    if "sessionid" not in {c.name for c in jar}:
        sys.exit(f"login as {username} failed (is the demo loaded?)")
    return form_at - started, landed - form_at, landed - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, MINZHENG_VAR_DIR=str(args.var_dir), DJANGO_SETTINGS_MODULE="minzheng.settings")
    command = [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    worst = 0.0
    try:
        _wait_until_up(base, server)
        print(f"server: {' '.join(command[2:])}; database in {args.var_dir}")
        for round_ in range(1, args.rounds + 1):
            for path, username in LOGINS:
                form, post, total = _timed_login(base, path, username)
                worst = max(worst, total)
                print(
                    f"round {round_}  {path:<17} {username:<19} form {form * 1000:6.0f} ms   "
                    f"password + landing {post * 1000:6.0f} ms   total {total * 1000:6.0f} ms"
                )
        print(f"slowest login {worst * 1000:.0f} ms   target < 1000 ms: {'met' if worst < 1 else 'MISSED'}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
