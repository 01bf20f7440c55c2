"""Geocoding speed: address normalisation, cold cache against a local fake GSI, warm cache.

Run from the repository root: ``python benchmarks/bench_geocode.py [--sizes 1000 10000]``.
Nothing leaves the machine: the "cold" runs ask a fake GSI server on 127.0.0.1
(zero latency, so they measure our overhead, not the network's); the "warm"
runs answer everything from the SQLite cache. Target: 10,000 warm in under 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

from fake_geocoder import FakeGeocoder  # noqa: E402

from planner import model as m  # noqa: E402
from planner.geocode import GeocoderConfig, geocode_customers, normalize_address  # noqa: E402
from planner.synthetic import synthetic_customers  # noqa: E402


def unlocated(n: int):
    """``n`` synthetic customers with their coordinates removed (addresses kept)."""
    customers = synthetic_customers(n, seed=7)
    customers[m.LAT] = np.nan
    customers[m.LON] = np.nan
    return m.set_points(customers)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--cold-max",
        type=int,
        default=1000,
        help="largest size also run cold against the fake server",
    )
    args = parser.parse_args()

    rows: list[tuple[str, int, float, int, int, int]] = []
    with tempfile.TemporaryDirectory() as tmp, FakeGeocoder() as server:
        config = GeocoderConfig(gsi_url=server.gsi_url, min_delay=0.0)
        for n in args.sizes:
            customers = unlocated(n)
            addresses = customers[m.ADDRESS].tolist()
            variants = [a.replace("丁目", "-") + " 第一ビル 3F" for a in addresses]
            seconds, _ = timed(lambda a=addresses + variants: [normalize_address(x) for x in a])
            rows.append(("normalise", 2 * n, seconds, 0, 0, 0))

            cache = Path(tmp) / f"cache-{n}.sqlite"
            before = server.requests
            if n <= args.cold_max:
                seconds, result = timed(
                    lambda c=customers, p=cache: geocode_customers(
                        c, provider="gsi", settings=config, cache_path=p, timeout=5
                    )
                )
                rows.append(
                    (
                        "cold (fake GSI)",
                        n,
                        seconds,
                        server.requests - before,
                        result.stats["found"],
                        result.stats["cached"],
                    )
                )
            else:
                # fill the cache without timing it, so the warm run below has every answer
                geocode_customers(
                    customers, provider="gsi", settings=config, cache_path=cache, timeout=5
                )
            before = server.requests
            seconds, result = timed(
                lambda c=customers, p=cache: geocode_customers(
                    c, provider="gsi", settings=config, cache_path=p, timeout=5
                )
            )
            rows.append(
                (
                    "warm cache",
                    n,
                    seconds,
                    server.requests - before,
                    result.stats["found"],
                    result.stats["cached"],
                )
            )

    print(
        f"{'case':<18}{'rows':>8}{'seconds':>10}{'ms/row':>9}{'requests':>10}"
        f"{'found':>8}{'cached':>8}"
    )
    for case, n, seconds, requests, found, cached in rows:
        print(
            f"{case:<18}{n:>8}{seconds:>10.3f}{1000 * seconds / max(n, 1):>9.3f}"
            f"{requests:>10}{found:>8}{cached:>8}"
        )


if __name__ == "__main__":
    main()
