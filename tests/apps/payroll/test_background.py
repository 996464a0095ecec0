"""The policy path's thread: items in order from another thread, its errors raised here, and it stops when
the consumer leaves early."""

from __future__ import annotations

import threading
import time

import pytest

from apps.payroll.services.background import in_background


def test_items_come_in_order_from_another_thread():
    def items():
        for n in range(5):
            yield n, threading.current_thread().name

    with in_background(items()) as results:
        got = list(results)
    assert [n for n, _ in got] == [0, 1, 2, 3, 4]
    assert {name for _, name in got} == {"payroll-background"}


def test_an_error_on_the_thread_is_raised_to_the_consumer():
    def items():
        yield 1
        raise ValueError("坏数据")

    with pytest.raises(ValueError, match="坏数据"), in_background(items()) as results:
        list(results)


def test_leaving_early_stops_the_thread_at_its_next_item():
    made = []

    def items():
        for n in range(1000):
            made.append(n)
            yield n

    with in_background(items()) as results:
        assert next(results) == 0
    time.sleep(0.2)
    assert len(made) < 10  # stopped, not run to the end
    assert not [t for t in threading.enumerate() if t.name == "payroll-background"]
