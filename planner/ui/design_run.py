"""Where the design dialog's run goes: a worker thread, or a process of its own when large.

OR-Tools' min-cost flow (:mod:`planner._design_flow`) holds Python's GIL while it solves: on
a large design a worker thread froze the window for seconds at a time, and Cancel waited for
the round to end. From :data:`PROCESS_FROM` the design runs in a child process
(:mod:`planner.ui.process_task`); below it in a thread, as starting a process (a fresh
interpreter importing the design) costs about a second, several times a small design. The
child sends the design back in a lighter form (:mod:`planner._design_transfer`: the
customers' territories, not the whole customer table) that the helper thread rebuilds
against the window's plan.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtWidgets import QWidget

from planner import model as m
from planner._design_result import DesignResult
from planner._design_subset import resolve
from planner._design_transfer import design_light, restore_design
from planner.design import design_territories
from planner.i18n import tr
from planner.ui.process_task import ProcessTask, run_process_task
from planner.ui.workers import Task, run_task

# territories × customers designed from which the run takes a process of its own
# (measured: benchmarks/bench_design_window.py, benchmarks/README.md "Main window")
PROCESS_FROM = 500_000


def design_size(plan: m.Plan, options: dict[str, Any]) -> int:
    """Territories × customers of the design ``options`` ask for (only the chosen ones')."""
    customers = len(plan.customers)
    territories = max(int(options["count"]), 1)
    if options.get("only"):
        chosen = resolve(plan, options["only"])
        customers = int(plan.customers[m.TERRITORY].isin(chosen).sum())
    return territories * customers


def start_design(
    parent: QWidget,
    plan: m.Plan,
    options: dict[str, Any],
    *,
    in_process: bool | None = None,
    on_done: Any = None,
    on_error: Any = None,
) -> Task | ProcessTask:
    """Run ``design_territories(plan, **options)`` with progress and Cancel: in a process
    when ``in_process`` (``None``: from :data:`PROCESS_FROM`), else in a worker thread."""
    title = tr("Designing territories…")
    if in_process is None:
        in_process = design_size(plan, options) >= PROCESS_FROM
    if in_process:
        return run_process_task(parent, title, functools.partial(design_light, plan, **options),
                                on_done=on_done, on_error=on_error,
                                receive=functools.partial(restore_design, plan),
                                receiving_text=tr("Receiving the design…"))

    def work(progress: Any) -> DesignResult:
        return design_territories(plan, progress=progress, **options)

    return run_task(parent, title, work, on_done=on_done, on_error=on_error)
