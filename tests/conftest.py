"""Fixtures for the whole test session."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

#: The tile server of every test unless it serves its own: the discard port, refused at once.
OFFLINE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture(autouse=True, scope="session")
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The program's data folder (autosaves) and its geocode cache live under the session's
    tmp folder: no test reads or fills the user's real cache, even through a command run in
    a subprocess (it inherits the environment). A test may still point them elsewhere.

    The hand-outs' street tiles (:mod:`planner.export.print_tiles`) are asked of a local port
    nothing listens on (refused at once: the maps print as offline) and cached there too: no
    test reaches the internet; a test of the tiles serves its own."""
    data = tmp_path_factory.mktemp("user-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_DATA_DIR", str(data))
        patch.setenv("PLANNER_GEOCODE_CACHE", str(data / "geocode_cache.sqlite"))
        patch.setenv("TP_PRINT_TILES_URL", OFFLINE_TILES)
        patch.setenv("PLANNER_TILE_CACHE", str(data / "print_tiles"))
        yield


@pytest.fixture(autouse=True, scope="module")
def language_of_the_machine() -> Iterator[None]:
    """Each test module starts in the machine's language, whatever the module before chose
    (a module-scoped fixture built a calendar in the Japanese a previous module left set,
    and its English reasons failed only when the modules ran in that order)."""
    from planner.i18n import set_language

    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def japanese() -> Iterator[None]:
    """Texts compared in Japanese."""
    from planner.i18n import set_language

    set_language("ja")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def long_day_plan():  # type: ignore[no-untyped-def]
    """鈴木 一郎's one-week calendar from Monday 2026-12-14: 8 stops on Monday and 45 on
    Wednesday 12/16, a day whose stop table runs onto a second page of the hand-outs."""
    import pandas as pd

    from planner import model as m
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(53, territories=1, seed=6)
    t = plan.territories[0]
    ids = list(plan.customers[m.CUSTOMER_ID])
    rows = []
    for k, cid in enumerate(ids):
        day, seq = ("wed", k + 1) if k < 45 else ("mon", k - 44)
        start = 9 * 60 + (seq - 1) * 15
        rows.append({"territory": t.id, "customer_id": cid, "week": 1, "day": day, "seq": seq,
                     "arrival": f"{start // 60:02d}:{start % 60:02d}",
                     "departure": f"{(start + 10) // 60:02d}:{(start + 10) % 60:02d}",
                     "travel_km": 1.5, "travel_minutes": 5.0})
    customers = plan.customers.copy()
    customers[m.FREQUENCY] = 1.0
    return plan.replace(
        customers=customers, territories=[dataclasses.replace(t, rep="鈴木 一郎")],
        settings=dataclasses.replace(plan.settings, working_days=("mon", "wed"), cycle_weeks=1,
                                     start_date="2026-12-14"),
        schedule=pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS)))
