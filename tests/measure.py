"""Measuring one call for the tests that the issues hold to "in seconds, in bounded memory".

The memory is the process's resident set (``/proc/self/statm``), sampled by a thread while the call runs:
unlike tracemalloc it sees what Polars and SQLite allocate outside Python, and it does not slow the call
down five-fold. The figure is the growth over the resident size just before the call.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
PAGE = os.sysconf("SC_PAGE_SIZE")
EVERY = 0.005  # seconds between samples


def resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE


@dataclass(frozen=True)
class Measured(Generic[T]):
    result: T
    seconds: float
    growth: int  # bytes: the highest resident size seen during the call, less the size before it

    @property
    def growth_mib(self) -> float:
        return self.growth / 2**20


def measured(call: Callable[[], T]) -> Measured[T]:
    """Run ``call`` once; its result, its wall time and how far it made the process grow."""
    before = resident_bytes()
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, resident_bytes())
            done.wait(EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        result = call()
    finally:
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    peak = max(peak, resident_bytes())
    return Measured(result=result, seconds=seconds, growth=peak - before)
