"""``minzheng serve``: run the web UI and API under gunicorn, static files served by whitenoise.

    minzheng serve [--bind 127.0.0.1:8000] [--workers N] [--threads T] [--access-log]

The process becomes gunicorn (``exec``), so Ctrl-C and service managers talk to it directly. It runs
``sys.executable -m gunicorn``, so it works from the virtual environment without it being activated.

Defaults: 2 × cores + 1 synchronous workers. A sync worker takes one request at a time and closes the
connection after it, so every request queues at the one listening socket and goes to the first free
worker. With gthread workers, kept-alive connections stay with the process that accepted them, and under
load some users queue behind a busy process while another idles: the household list benchmark showed a
p95 several times its median that way (docs/benchmarks.md).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections


def default_workers() -> int:
    # gunicorn's rule of thumb, 2 × cores + 1: both cores stay busy while a request waits on the disk.
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(
    *,
    bind: str,
    workers: int,
    threads: int = 1,
    access_log: bool = False,
    worker_class: str = "sync",
    keep_alive: int = 2,
) -> list[str]:
    """The full command line that starts gunicorn for minzheng."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "minzheng.wsgi:application",
        "--chdir",
        str(settings.BASE_DIR),
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else worker_class,
        "--keep-alive",
        str(keep_alive),
        "--no-control-socket",
        # The master loads the application once (minzheng/wsgi.py warms it): no worker's first request
        # waits 2–3 s for the imports, and the workers share the loaded code (apps/core/warmup.py).
        "--preload",
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--error-logfile",
        "-",
    ]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


class Command(BaseCommand):
    help = "启动网页服务（gunicorn），默认 http://127.0.0.1:8000/"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="监听地址，如 127.0.0.1:8000 或 0.0.0.0:80"
        )
        parser.add_argument("--workers", type=int, default=default_workers(), help="工作进程数")
        parser.add_argument("--threads", type=int, default=1, help="每个进程的线程数（大于1时使用 gthread）")
        parser.add_argument(
            "--worker-class", default="sync", choices=["sync", "gthread"], help="工作进程类型"
        )
        parser.add_argument("--keep-alive", type=int, default=2, help="长连接保持秒数（0为不保持）")
        parser.add_argument("--access-log", action="store_true", help="在终端输出访问日志")

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int,
        threads: int,
        worker_class: str,
        keep_alive: int,
        access_log: bool,
        **options: Any,
    ) -> None:
        argv = gunicorn_argv(
            bind=bind,
            workers=workers,
            threads=threads,
            access_log=access_log,
            worker_class=worker_class,
            keep_alive=keep_alive,
        )
        self.stdout.write(f"服务启动：http://{bind}/ （{workers}个进程×{threads}线程，Ctrl-C 停止）")
        self.stdout.flush()
        connections.close_all()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
        os.execv(sys.executable, argv)
