"""Forked worker processes that answer tasks in order, without helper threads.

``multiprocessing.Pool`` runs three threads in the parent that pickle, unpickle
and supervise; on a two-core machine they take CPU and the GIL from the process
that must also index and write every document. Here the parent does its own
sends and receives between documents, and a dead worker is an error, not a hang.

No deadlock: a task is only written when the worker's pipe can hold it whole
(or the worker has nothing in flight and so is reading), so the parent never
blocks on a send while a worker blocks on sending it a result.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from .errors import CleanCorpusError

#: Tasks kept in flight per worker: one being worked on, one waiting in the pipe.
DEPTH = 2
#: Pipe capacity asked for (Linux); tasks up to half of it are sent ahead.
PIPE_BYTES = 1 << 20
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _pipe_capacity(fd: int) -> int:
    try:
        import fcntl
        try:
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # type: ignore[attr-defined]
        except OSError:
            pass  # above /proc/sys/fs/pipe-max-size: keep what the pipe has
        return int(fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ))  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return 16384  # the smallest pipe buffer of the systems with fork


def _serve(func: Callable[[Any], Any], tasks: Any, results: Any) -> None:
    """A worker: answer each task with ``(True, value)`` or ``(False, exception)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its workers
    while True:
        try:
            data = tasks.recv_bytes()
        except (EOFError, OSError):
            return
        if not data:
            return
        try:
            answer: tuple[bool, Any] = (True, func(pickle.loads(data)))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, raised there
            answer = (False, exc)
        try:
            payload = pickle.dumps(answer, _PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable exception
            payload = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")),
                                   _PROTOCOL)
        try:
            results.send_bytes(payload)
        except OSError:  # the parent is gone
            return


class OrderedPool:
    """``processes`` forked workers running ``func``; :meth:`imap` answers in order.

    ``func`` and everything it reaches are inherited by the fork, never pickled;
    only tasks and answers cross the pipes.
    """

    def __init__(self, processes: int, func: Callable[[Any], Any]) -> None:
        ctx = multiprocessing.get_context("fork")
        pipes = [(ctx.Pipe(duplex=False), ctx.Pipe(duplex=False)) for _ in range(processes)]
        self._send = [task_w for (_, task_w), _ in pipes]
        self._recv = [res_r for _, (res_r, _) in pipes]
        self._capacity = [_pipe_capacity(c.fileno()) for c in self._send]
        self._procs = []
        for i, ((task_r, _), (_, res_w)) in enumerate(pipes):
            # the child keeps only its own ends, so a dead sibling shows as EOF here
            others = [c for j, (a, b) in enumerate(pipes) for c in (*a, *b)
                      if j != i or c is not task_r and c is not res_w]
            p = ctx.Process(target=_child, args=(func, task_r, res_w, others), daemon=True)
            p.start()
            self._procs.append(p)
        for (task_r, _), (_, res_w) in pipes:
            task_r.close()
            res_w.close()

    def imap(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """``func(task)`` for each task, in order; at most :data:`DEPTH` per worker."""
        source = iter(tasks)
        n = len(self._procs)
        flight: list[deque[int]] = [deque() for _ in range(n)]  # payload sizes
        order: deque[int] = deque()  # the worker answering each pending task
        held: bytes | None = None
        exhausted = False

        def fill() -> None:
            nonlocal held, exhausted
            while True:
                if held is None:
                    if exhausted:
                        return
                    try:
                        held = pickle.dumps(next(source), _PROTOCOL)
                    except StopIteration:
                        exhausted = True
                        return
                size = len(held) + 8
                for w in sorted(range(n), key=lambda i: len(flight[i])):
                    busy = flight[w]
                    if not busy or len(busy) < DEPTH and sum(busy) + size <= self._capacity[w]:
                        try:
                            self._send[w].send_bytes(held)
                        except OSError:
                            raise self._died(w) from None
                        busy.append(size)
                        order.append(w)
                        held = None
                        break
                else:
                    return  # every worker is full: wait for an answer

        fill()
        while order:
            w = order.popleft()
            try:
                data = self._recv[w].recv_bytes()
            except (EOFError, OSError):
                raise self._died(w) from None
            flight[w].popleft()
            fill()
            ok, value = pickle.loads(data)
            if not ok:
                raise value
            yield value

    def _died(self, w: int) -> CleanCorpusError:
        self._procs[w].join(timeout=5)  # reaped, so its exit code is known
        code = self._procs[w].exitcode
        return CleanCorpusError(f"worker process {w + 1} died"
                                + (f" (exit code {code})" if code is not None else "")
                                + "; its documents were not cleaned")

    def close(self, *, abandon: bool = False) -> None:
        """Stop the workers; ``abandon`` stops them mid-task (after an error)."""
        for c in self._send:
            try:
                if not abandon:
                    c.send_bytes(b"")  # the pipes are empty: this never blocks
            except OSError:
                pass
        for p in self._procs:
            if abandon:
                p.terminate()
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
                p.join()
        for c in (*self._send, *self._recv):
            c.close()

    def __enter__(self) -> "OrderedPool":
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(abandon=kind is not None)


def _child(func: Callable[[Any], Any], tasks: Any, results: Any, others: list[Any]) -> None:
    for c in others:
        c.close()
    _serve(func, tasks, results)
    os._exit(0)  # no parent atexit handlers, no flushing of inherited buffers
