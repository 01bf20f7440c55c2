"""Cancel while a hand-out map's street tiles load: seconds from Cancel to the export's end.

Run: ``python benchmarks/bench_print_cancel.py``. A two-rep synthetic plan's hand-outs are
exported against a local tile server (:mod:`tests.core.tile_server`) that waits ``latency``
seconds before each tile; Cancel is pressed as the first tile is asked for. "cut" is the
export as shipped (the fetch looks at Cancel every 0.1 s and cuts the requests under way);
"left to end" the same look without the cut (the requests under way ran on in their threads
until the server answered); "between maps" no look at all, as before both: Cancel seen only
once the map's tiles are all in. "s to stop": from Cancel to the export's end; "s requests
run": from Cancel until the last fetching thread has ended.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.errors import Cancelled  # noqa: E402
from planner.export.handouts import export_handouts  # noqa: E402
from planner.export.print_tiles import THREAD_NAME, PrintTiles  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from tests.core.tile_server import tile_server  # noqa: E402


class BetweenMaps(PrintTiles):
    """The fetch as first shipped: it never looks at Cancel."""

    def watching(self, stopped: Callable[[], bool] | None) -> AbstractContextManager[None]:
        return super().watching(None)


class LeftToEnd(PrintTiles):
    """The fetch as shipped next: Cancel seen while tiles load, the requests under way left
    to run on in their threads."""

    def __init__(self, *args, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self._requests.cut = lambda: None  # type: ignore[method-assign]

    def _call_off(self, pool, futures) -> None:  # type: ignore[no-untyped-def]
        pool.shutdown(wait=False, cancel_futures=True)


def fetching() -> int:
    """The tile-fetching threads still running."""
    return sum(t.name.startswith(THREAD_NAME) for t in threading.enumerate())


def run(plan, latency: float, kind: type[PrintTiles], folder: Path) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    with tile_server("colour", latency=latency) as server:
        tiles = kind(url=server.url, cache_dir=folder / f"cache-{kind.__name__}-{latency}")
        pressed: list[float] = []

        def press() -> None:  # the manager presses Cancel as the first tile is asked for
            while not server.requests:
                time.sleep(0.001)
            pressed.append(time.perf_counter())

        watcher = threading.Thread(target=press, daemon=True)
        watcher.start()

        def progress(_f: float, _m: str) -> bool:
            return not pressed

        try:
            export_handouts(plan, folder / "h.pdf", progress=progress, background=tiles)
        except Cancelled:
            pass
        stopped = time.perf_counter() - pressed[0]
        while fetching():  # the requests under way at Cancel, still running
            time.sleep(0.002)
        return stopped, time.perf_counter() - pressed[0], server.requests


def main() -> None:
    plan = build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1,
                          route_seconds=0.01)
    print("Cancel as the first tile is asked for; 4 fetching threads, 3 s per-tile timeout")
    print(f"{'latency s':>9}  {'cancel seen':<13} {'s to stop':>9}  {'s requests run':>14}  "
          f"{'tiles asked':>11}")
    kinds = (("between maps", BetweenMaps), ("left to end", LeftToEnd), ("cut", PrintTiles))
    with tempfile.TemporaryDirectory() as tmp:
        for latency in (0.5, 2.0):
            for name, kind in kinds:
                seconds, running, asked = run(plan, latency, kind, Path(tmp))
                print(f"{latency:9.1f}  {name:<13} {seconds:9.2f}  {running:14.2f}  "
                      f"{asked:11d}")


if __name__ == "__main__":
    main()


