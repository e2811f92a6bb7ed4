"""The ordered worker pool behind --jobs: order, big payloads, errors, dead workers."""

from __future__ import annotations

import os
import threading
import time

import pytest

from cleaner.errors import CleanCorpusError
from cleaner.parallel import OrderedPool


def _echo(task):
    n, size, pause = task
    if pause:
        time.sleep(pause)
    return n, "字" * size


def _in_thread(fn, limit=120):
    """Run ``fn`` and fail (instead of hanging CI) if it deadlocks."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(limit)
    assert not t.is_alive(), "the pool deadlocked"
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_answers_come_back_in_task_order_whatever_finishes_first():
    tasks = [(n, 10, 0.02 if n % 3 == 0 else 0) for n in range(40)]
    with OrderedPool(2, _echo) as pool:
        got = _in_thread(lambda: [n for n, _ in pool.imap(tasks)])
    assert got == list(range(40))


def test_payloads_larger_than_the_pipe_neither_block_nor_corrupt():
    # tasks and answers of several MB: more than any pipe holds, in both directions
    tasks = [(n, 1_500_000 if n % 2 else 100, 0) for n in range(8)]
    big = [("x" * 3_000_000, n) for n in range(6)]
    with OrderedPool(2, _echo) as pool:
        got = _in_thread(lambda: [(n, len(s)) for n, s in pool.imap(tasks)])
    assert got == [(n, 1_500_000 if n % 2 else 100) for n in range(8)]
    with OrderedPool(2, lambda t: (t[1], len(t[0]))) as pool:
        assert _in_thread(lambda: list(pool.imap(big))) == [(n, 3_000_000) for n in range(6)]


def _fail_on_three(n):
    if n == 3:
        raise ValueError("three is wrong")
    return n


def test_a_worker_exception_is_raised_in_the_parent_with_its_type():
    with pytest.raises(ValueError, match="three is wrong"):
        with OrderedPool(2, _fail_on_three) as pool:
            _in_thread(lambda: list(pool.imap(range(10))))


def _die_on_five(n):
    if n == 5:
        os._exit(3)
    return n


def test_a_dead_worker_is_an_error_not_a_hang():
    with pytest.raises(CleanCorpusError, match="worker process .* died .*exit code 3"):
        with OrderedPool(2, _die_on_five) as pool:
            _in_thread(lambda: list(pool.imap(range(10))))


def test_workers_are_gone_after_the_pool_closes_even_mid_task():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stop"):
        with OrderedPool(2, _echo) as pool:
            procs = list(pool._procs)
            it = pool.imap([(0, 10, 0), (1, 10, 60), (2, 10, 60), (3, 10, 60)])
            assert next(it)[0] == 0  # the others are now sleeping in the workers
            raise RuntimeError("stop")  # an error with tasks in flight abandons them
    assert all(not p.is_alive() for p in procs)
    assert time.monotonic() - started < 30  # terminated, not waited for


def test_an_unpicklable_answer_becomes_an_error_naming_it():
    with pytest.raises(RuntimeError, match="pickle"):
        with OrderedPool(1, lambda n: threading.Lock()) as pool:
            _in_thread(lambda: list(pool.imap([1])))
