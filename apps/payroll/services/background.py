"""Run a generator on a thread of its own, a little ahead of its consumer, so that its Python work overlaps
the consumer's long SQL statements: the sqlite3 module and psycopg release the GIL while a statement runs,
so on two cores the two really run at once.

The thread reads the database through its own connection, which it closes when done. That connection
sees only committed data: use this only when the consumer's transaction has not written what the thread
reads (:mod:`apps.payroll.services.prepare` reads cases and their history while it writes payroll lines),
and never inside an outer transaction, such as a test's, whose rows another connection cannot see.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import connection

T = TypeVar("T")
AHEAD = 2  # items the thread may hold ready: a batch of the policy path is some megabytes
_END = object()


@contextmanager
def in_background(items: Iterator[T]) -> Iterator[Iterator[T]]:
    """Start computing ``items`` on another thread at once; the block gets an iterator over them, which
    raises the thread's exception if it had one. Leaving the block stops the thread at its next item."""
    ready: queue.Queue[object] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def hand_over(value: object) -> None:
        while not stop.is_set():
            try:
                ready.put(value, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for item in items:
                hand_over(item)
                if stop.is_set():
                    return
            hand_over(_END)
        except BaseException as exc:  # handed to the consumer, which raises it
            hand_over(exc)
        finally:
            connection.close()  # this thread's own connection

    def results() -> Iterator[T]:
        while True:
            value = ready.get()
            if value is _END:
                return
            if isinstance(value, BaseException):
                raise value
            yield value  # type: ignore[misc]

    thread = threading.Thread(target=work, name="payroll-background", daemon=True)
    thread.start()
    try:
        yield results()
    finally:
        stop.set()
        thread.join()


__all__ = ["in_background"]
