"""Run independent jobs on the machine's cores (processes), results in completion order.

The explicit-state search is pure Python, so threads would share one core: each job
runs in a worker process. Workers ignore SIGINT; on Ctrl-C the parent terminates them
(``multiprocessing.Pool.terminate``) and re-raises, so no worker prints a traceback and
none is left running. With one job (``jobs=1``) everything runs in this process, in
order, which tests and debuggers prefer.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _start(init: Callable[..., None], args: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init(*args)


def _call(item: tuple[int, Callable[[Any], Any], Any]) -> tuple[int, Any]:
    index, fn, task = item
    return index, fn(task)


def parallel_map(fn: Callable[[T], R], tasks: Sequence[T], jobs: int, init: Callable[..., None],
                 args: tuple[Any, ...] = ()) -> Iterator[tuple[int, R]]:
    """``(index, fn(task))`` for every task, as they finish; ``init(*args)`` runs once in each worker."""
    if jobs <= 1 or len(tasks) <= 1:
        init(*args)
        for i, task in enumerate(tasks):
            yield i, fn(task)
        return
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
        else multiprocessing.get_context()
    pool = ctx.Pool(min(jobs, len(tasks)), initializer=_start, initargs=(init, args))
    try:
        yield from pool.imap_unordered(_call, [(i, fn, t) for i, t in enumerate(tasks)])
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def run_all(fn: Callable[[T], R], tasks: Sequence[T], jobs: int, init: Callable[..., None],
            args: tuple[Any, ...] = (), on_done: Callable[[R, int, int], None] | None = None) -> list[R]:
    """``fn(task)`` for every task, in the tasks' order; ``on_done(result, done, total)`` as each finishes."""
    out: dict[int, R] = {}
    for done, (k, result) in enumerate(parallel_map(fn, tasks, jobs, init, args), start=1):
        out[k] = result
        if on_done is not None:
            on_done(result, done, len(tasks))
    return [out[k] for k in range(len(tasks))]
