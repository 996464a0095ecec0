"""Running a long computation in a thread while its progress is yielded step by step, so a streamed page
can show how far a ten-million-row match has got (the matcher itself only calls a callback)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
_END = object()


def steps_of(work: Callable[[Progress], T]) -> Generator[tuple[str, int, int], None, T]:
    """Run ``work(progress)`` in a thread; yield each ``(stage, done, total)`` it reports; return its
    result (``value = yield from steps_of(...)``) or raise its error. It must not touch the database:
    the thread has a connection of its own, outside the caller's transaction."""
    inbox: queue.Queue[Any] = queue.Queue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(lambda stage, done, total: inbox.put((stage, done, total)))
        except BaseException as exc:  # handed to the caller's thread, which raises it
            outcome["error"] = exc
        finally:
            inbox.put(_END)

    thread = threading.Thread(target=run, name="crosscheck-step", daemon=True)
    thread.start()
    while (item := inbox.get()) is not _END:
        yield item
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
