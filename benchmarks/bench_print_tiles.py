"""The hand-outs' street backgrounds: ``export --pdf`` of the README sample with and without.

Run: ``python benchmarks/bench_print_tiles.py [PLAN.gpkg]`` (default: the README chain built
in a temporary folder: import, frequency A=4 B=2 C=1, design 8 territories with the sample
homes, schedule). Each case runs the command line in a subprocess (start-up included) against
a local tile server (:mod:`tests.core.tile_server`, street-like tiles) that waits ``--latency``
(default 50 ms) before each tile, as a real server over the internet would: without the
background (``--no-map-background``), with it from an empty cache (cold), again from the
filled cache (warm), and with the server down (offline: refused at once). Prints seconds,
pages, tiles asked of the server and the PDF's size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.tile_server import dead_url, tile_server  # noqa: E402


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", check=True)


def readme_plan(folder: Path) -> Path:
    """The README's sample chain, up to the calendar."""
    plan, sample = folder / "plan.gpkg", ROOT / "resources" / "sample"
    cli("import", str(sample / "sample_customers.xlsx"), "-o", str(plan))
    cli("frequency", str(plan), "--rule", "A=4", "--rule", "B=2", "--rule", "C=1")
    cli("design", str(plan), "--territories", "8", "--homes", str(sample / "homes.csv"))
    cli("schedule", str(plan))
    return plan


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", nargs="?")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per tile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = Path(args.plan) if args.plan else readme_plan(folder)
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "PLANNER_DATA_DIR": str(folder / "data"),
               "PLANNER_TILE_CACHE": str(folder / "tiles")}
        rows = []
        with tile_server("streets", latency=args.latency) as server:
            for case, extra, url in (
                ("without background", ["--no-map-background"], server.url),
                ("background, cold cache", [], server.url),
                ("background, warm cache", [], server.url),
                ("server down (offline)", [], dead_url()),
            ):
                if case.startswith("server down"):
                    env["PLANNER_TILE_CACHE"] = str(folder / "empty-cache")
                before = server.requests
                pdf = folder / f"{len(rows)}.pdf"
                start = time.perf_counter()
                done = cli("export", str(plan), "--pdf", str(pdf), *extra, "--lang", "en",
                           env={**env, "TP_PRINT_TILES_URL": url})
                seconds = time.perf_counter() - start
                said = "offline said" if "could not be fetched" in done.stderr else ""
                rows.append((case, seconds, pages(pdf), server.requests - before,
                             pdf.stat().st_size / 1e6, said))
    print(f"README sample export --pdf; tile latency {args.latency * 1000:.0f} ms")
    print(f"{'case':26} {'seconds':>8} {'pages':>6} {'tiles':>6} {'MB':>6}  note")
    for case, seconds, n, tiles, mb, said in rows:
        print(f"{case:26} {seconds:8.1f} {n:6d} {tiles:6d} {mb:6.1f}  {said}")


if __name__ == "__main__":
    main()
