"""The territories' calendars built side by side, one worker process per core.

Each territory's calendar depends only on its own :class:`~planner._schedule_input.TerritoryInput`
(every search seeds its own ``random.Random``), so :func:`run_territories` hands them to a
``spawn`` :class:`~concurrent.futures.ProcessPoolExecutor` (the only start method Windows has),
largest first, and gives the results back in the territories' order: the calendar is the one
the sequential build gives. The workers send how far they are through a queue; the parent
reports the finished share and the reps being built, and its progress callback may cancel:
the workers are then ended at once. The sequential loop runs instead for one worker, a plan
too small to pay for starting the workers (:data:`MIN_PARALLEL_CUSTOMERS`), inside a daemonic
process (which may not start any), and when the workers cannot be started at all.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import queue
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner._schedule_territory import TerritoryInput, territory_schedule
from planner.errors import PlannerError
from planner.i18n import language, listing, tr
from planner.progress import Progress, report

#: Fewer customers to schedule than this: one process builds them all. Starting a spawned
#: worker (its interpreter, numpy, pandas) takes 1.5–2.5 s on a busy 2-core machine
#: (benchmarks/README.md), while 500 customers take 5–10 s in one process: from about there
#: on, two cores save more than the start costs.
MIN_PARALLEL_CUSTOMERS = 500
#: The reps named in the progress message at most (the others are counted).
NAMES_SHOWN = 3
#: Seconds between two looks at the workers (progress, cancel) while they build.
POLL_SECONDS = 0.2


@dataclass
class TerritoryJob:
    """One territory's calendar to build: its input and :func:`territory_schedule`'s options."""

    label: str  # the territory's name (or id), for the progress messages
    ctx: TerritoryInput
    options: dict[str, Any]


Result = tuple[Any, ...]  # territory_schedule's six values, then the input as it left it


def default_workers(territories: int) -> int:
    """The cores this process may use, at most one per territory."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        cores = os.cpu_count() or 1
    return max(1, min(cores, territories))


def run_territories(
    jobs: Sequence[TerritoryJob], *, workers: int | None, progress: Progress | None
) -> list[Result]:
    """Each job's calendar, in the jobs' order, built by ``workers`` processes (``None``: the
    cores available)."""
    count = default_workers(len(jobs)) if workers is None else max(1, min(workers, len(jobs)))
    sizes = [len(j.ctx.rows) for j in jobs]
    if count > 1 and sum(sizes) >= MIN_PARALLEL_CUSTOMERS and _may_start_processes():
        try:
            return _parallel(jobs, count, progress)
        except _NoWorkers:
            pass  # the workers could not start: build them here
    return _sequential(jobs, progress)


def _sequential(jobs: Sequence[TerritoryJob], progress: Progress | None) -> list[Result]:
    total = max(1, sum(len(j.ctx.rows) for j in jobs))
    done = 0
    results: list[Result] = []
    for job in jobs:
        share, base = len(job.ctx.rows) / total, done / total
        report(progress, base, tr("Calendar for {name}…", name=job.label))

        def sub(fraction: float, _b: float = base, _s: float = share, _n: str = job.label) -> None:
            report(progress, _b + _s * fraction, tr("Calendar for {name}…", name=_n))

        results.append((*territory_schedule(job.ctx, progress=sub, **job.options), job.ctx))
        done += len(job.ctx.rows)
    return results


class _NoWorkers(Exception):
    """The worker processes could not be started (or died before any result)."""


def _may_start_processes() -> bool:
    """False inside a daemonic process: multiprocessing forbids it children (the window's
    :class:`~planner.ui.process_task.ProcessTask` child is one; the calendar is built in a
    thread of the window's own process instead, which may start them)."""
    return not multiprocessing.current_process().daemon


def _unless_bootstrapping() -> None:
    """Re-raise the error at hand in a spawned child still importing its parent's main script
    (a script without ``if __name__ == "__main__":`` runs again in each worker): the worker
    ends at once, and the parent builds in its own loop, instead of every worker building the
    whole calendar before doing its share."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise  # noqa: PLE0704 - called from an except block only


_updates: Any = None  # in a worker: the queue to the parent


def _init_worker(lang: str, updates: Any) -> None:
    """A worker's start: the parent's language, its queue, and an end with the parent."""
    global _updates
    from planner._process_child import _end_with_parent
    from planner.i18n import set_language

    set_language(lang)
    _updates = updates
    _end_with_parent()  # a parent killed (the window's Cancel, a crash) leaves no worker behind


def _build_one(index: int, ctx: TerritoryInput, options: dict[str, Any]) -> Result:
    """In a worker: one territory's calendar, telling the parent how far it is."""
    last = [0.0]

    def tell(fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= POLL_SECONDS or fraction >= 1.0:
            last[0] = now
            _updates.put((index, float(fraction)))

    tell(0.0)
    return (*territory_schedule(ctx, progress=tell, **options), ctx)


def _parallel(jobs: Sequence[TerritoryJob], count: int, progress: Progress | None
              ) -> list[Result]:
    context = multiprocessing.get_context("spawn")
    sizes = [len(j.ctx.rows) for j in jobs]
    total = max(1, sum(sizes))
    try:
        updates = context.Queue()
        pool = cf.ProcessPoolExecutor(count, mp_context=context, initializer=_init_worker,
                                      initargs=(language(), updates))
    except (OSError, RuntimeError, AssertionError) as exc:
        _unless_bootstrapping()
        raise _NoWorkers from exc
    fraction = [0.0] * len(jobs)
    began: set[int] = set()  # the jobs a worker has begun (it said so): named while building
    results: list[Result | None] = [None] * len(jobs)
    try:
        order = sorted(range(len(jobs)), key=lambda k: -sizes[k])  # the largest first
        try:
            futures = {pool.submit(_build_one, k, jobs[k].ctx, jobs[k].options): k
                       for k in order}
        except (OSError, RuntimeError, AssertionError) as exc:
            _unless_bootstrapping()
            raise _NoWorkers from exc
        pending = set(futures)
        report(progress, 0.0, _message(jobs, fraction, set()))
        while pending:
            finished, pending = cf.wait(pending, timeout=POLL_SECONDS,
                                        return_when=cf.FIRST_COMPLETED)
            for future in finished:
                k = futures[future]
                results[k] = _result(future, any(r is not None for r in results))
                fraction[k] = 1.0
            _drain(updates, fraction, began)
            done = sum(s * f for s, f in zip(sizes, fraction, strict=True)) / total
            building = {k for k in began if fraction[k] < 1.0}
            report(progress, min(done, 0.999), _message(jobs, fraction, building))
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        updates.close()  # its pipe and lock: not left to the garbage collector
    return [r for r in results if r is not None]


def _drain(updates: Any, fraction: list[float], began: set[int]) -> None:
    """Take what the workers sent: each job's fraction done (never going back), and which
    jobs have begun."""
    while True:
        try:
            k, f = updates.get_nowait()
        except queue.Empty:
            return
        except (EOFError, OSError, ValueError):  # a worker ended mid-message
            return
        began.add(k)
        if fraction[k] < 1.0:
            fraction[k] = max(fraction[k], min(f, 0.99))


def _result(future: cf.Future[Result], any_done: bool) -> Result:
    """A worker's result; its exception as the sequential build raises it. A worker that died
    before any result means workers cannot run here (the sequential build follows)."""
    try:
        return future.result()
    except cf.process.BrokenProcessPool as exc:
        if not any_done:
            raise _NoWorkers from exc
        raise PlannerError(tr(
            "Building the calendar stopped unexpectedly: a helper process ended, perhaps for "
            "want of memory; nothing has been changed.")) from exc


def _message(jobs: Sequence[TerritoryJob], fraction: list[float], building: set[int]) -> str:
    finished = sum(1 for f in fraction if f >= 1.0)
    shown = sorted(building)[:NAMES_SHOWN]  # eight cores: eight names would widen the dialog
    names = listing(jobs[k].label for k in shown)
    if len(building) > len(shown):
        names = tr("{names} and {n} more", names=names, n=len(building) - len(shown))
    if names:
        return tr("Calendar: {done} of {total} territories ready; building {names}…",
                  done=finished, total=len(jobs), names=names)
    return tr("Calendar: {done} of {total} territories ready…", done=finished, total=len(jobs))


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """End the workers now (cancel, or a worker's error): nothing is left running."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # before the pool's
    for process in workers:  # own thread, seeing them end, forgets them
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(2.0)
        if process.is_alive():
            process.kill()
            process.join()
    pool.shutdown(wait=True, cancel_futures=True)
