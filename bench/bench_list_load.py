"""Benchmark: the household list page under 20 concurrent users, against the real server on loopback.

    .venv/bin/python bench/bench_list_load.py [--var-dir bench/out] [--users village_worker county_approver]
                                              [--connections 20] [--duration 30] [--workers N] [--threads T]

Starts ``minzheng serve`` (gunicorn) on a free loopback port against the database ``bench_generate.py``
left, logs in through the real login form to get a session cookie, checks that /registry/households/
answers 200, then runs ``wrk`` (Debian's, /usr/bin/wrk) with that cookie. A small Lua hook makes wrk print
p50/p90/p95/p99 and every kind of error, since ``wrk --latency`` alone stops at p90/p99.
Target (issue 2, point 12): p95 ≤ 300 ms with no errors.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/registry/households/"
PASSWORD = "minzheng2026"  # apps.demo.services.DEMO_PASSWORD
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "REPORT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("P%d %.2f\\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("PMAX %.2f\\n", latency.max / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"server exited with {server.returncode}")
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("server did not answer within 60 s")


def _login(base: str, username: str) -> str:
    """Log in through the form like a browser; return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        sys.exit("no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD, "next": PAGE}
    ).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form, headers={"Referer": base + "/"})
    answer = opener.open(request)
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit(f"login as {username} failed (is the demo loaded with its password?)")
    page = answer.read().decode()
    if answer.status != 200 or "家庭" not in page:
        sys.exit(f"{PAGE} did not answer 200 after login")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _wrk(url: str, cookie: str, connections: int, duration: int, threads: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.name,
                "-H",
                f"Cookie: {cookie}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    report = dict(re.findall(r"(\w+)=(\d+)", out.split("REPORT", 1)[1].splitlines()[0]))
    result = {k: float(v) for k, v in report.items()}
    result.update({k: float(v) for k, v in re.findall(r"^(P\d+|PMAX) ([\d.]+)$", out, re.M)})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument(
        "--users", nargs="+", default=["village_worker", "township_reviewer", "county_approver"]
    )
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--serve-args", default="", help="more options for minzheng serve, e.g. '--keep-alive 0'"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, MINZHENG_VAR_DIR=str(args.var_dir), DJANGO_SETTINGS_MODULE="minzheng.settings")
    command = [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    command += args.serve_args.split()
    # The tree may have gained migrations since the database was generated.
    subprocess.run(
        [sys.executable, "-m", "minzheng.cli", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        _wait_until_up(base, server)
        print(
            f"server: {' '.join(command[2:])} (pid {server.pid}); page {PAGE}; "
            f"{args.connections} connections for {args.duration} s per user"
        )
        for username in args.users:
            cookie = _login(base, username)
            threads = min(2, args.connections)
            _wrk(base + PAGE, cookie, args.connections, 3, threads=threads)  # warm-up, not counted
            r = _wrk(base + PAGE, cookie, args.connections, args.duration, threads=threads)
            errors = int(r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"])
            rate = r["requests"] / (r["duration_us"] / 1e6)
            verdict = "met" if r["P95"] <= 300 and errors == 0 else "MISSED"
            print(
                f"{username:<18} {int(r['requests']):>6} requests {rate:7.1f} req/s   "
                f"p50 {r['P50']:7.1f} ms   p90 {r['P90']:7.1f}   p95 {r['P95']:7.1f}   "
                f"p99 {r['P99']:7.1f}   max {r['PMAX']:7.1f}   "
                f"errors {errors}   target p95 ≤ 300 ms: {verdict}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
