"""Day trips for the territory designer: which reps can reach each customer from home.

The calendar leaves out a customer whose visit and drive there and back take longer than
its rep's working day ("Too far from the start point": :func:`planner.travel.round_trip_minutes`
against :func:`planner.rep_days.rep_day_hours`). When the territories grow around the reps'
homes, the design gives a customer only to a rep who can reach it in a day: every step that
hands customers over (the flow's arcs, the island repair, the boundary moves, the filling of
empty territories, whole areas, the second measure) asks :func:`reach_matrix`'s table first.
A territory without a home has no such limit; a customer no rep can reach goes to the rep
with the nearest home (the calendar lists it, as it would anyway). Reachability wins over
contiguity: a customer only a distant rep reaches may stay a small island of that rep's
territory rather than join the neighbours around it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from planner import model as m
from planner.i18n import tr
from planner.progress import Progress, report
from planner.rep_days import rep_day_hours, territory_days
from planner.territories import service_minutes
from planner.travel import round_trip_minutes, travel_matrices

#: Day trips (homes × customers) reckoned between two progress reports (~40 ms: 10,000
#: customers at 50 homes, 1,666 at 300).
CHUNK_CELLS = 500_000


def reach_matrix(
    plan: m.Plan,
    terrs: Sequence[m.Territory],
    rows: np.ndarray,
    fixed: np.ndarray,
    progress: Progress | None = None,
) -> np.ndarray | None:
    """(customers ``rows``, territories) True where the territory may hold the customer:
    its rep's home is within a day trip (straight line × detour at the plan's speed, as the
    calendar reckons it without a routing server), or it has no home, or no home is, and it
    is the nearest one; a locked customer's own territory (``fixed``) always. None when no
    territory has a home. ``progress`` hears the share reckoned before every
    :data:`CHUNK_CELLS` day trips (all of them: 0.3 s at 50 × 100,000) and may cancel."""
    homes = [j for j, t in enumerate(terrs) if t.has_home]
    if not homes:
        return None
    s = plan.settings
    customers = plan.customers.iloc[rows]
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    reach = np.ones((len(rows), len(terrs)), dtype=bool)
    if not len(rows):
        return reach
    straight = dataclasses.replace(s, routing_url="")  # a server for every home: too slow
    home_lat = [float(terrs[j].home_lat) for j in homes]  # type: ignore[arg-type]
    home_lon = [float(terrs[j].home_lon) for j in homes]  # type: ignore[arg-type]
    visit = service_minutes(customers, s)
    limit = np.array(
        [rep_day_hours(terrs[j], s.day_hours, len(territory_days(terrs[j], s.working_days)))
         for j in homes]
    ) * 60.0
    step = max(1, CHUNK_CELLS // len(homes))
    for start in range(0, len(rows), step):  # the share done so far, then the next part
        report(progress, start / len(rows),
               tr("Finding the reps who can reach each customer in a day…"))
        part = slice(start, start + step)
        there = travel_matrices(home_lat, home_lon, lat[part], lon[part],
                                settings=straight).minutes
        fits = round_trip_minutes(there, there, visit[None, part]) <= limit[:, None]
        reach[part, homes] = fits.T
        nobody = ~fits.any(axis=0)
        if nobody.any():  # no rep reaches it: the nearest home's rep may hold it
            nearest = np.asarray(homes)[there[:, nobody].argmin(axis=0)]
            reach[start + np.flatnonzero(nobody), nearest] = True
    held = np.flatnonzero(fixed >= 0)
    reach[held, fixed[held]] = True
    return reach


def reach_classes(reach: np.ndarray) -> np.ndarray:
    """A number per customer, the same for customers the same territories may hold."""
    packed = np.ascontiguousarray(np.packbits(reach, axis=1))
    rows = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()  # one bytes key a row
    return np.unique(rows, return_inverse=True)[1].ravel().astype(np.int64)


def group_reach(reach: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """(groups, territories) True where the territory may hold every customer of the group
    (a unit or an area); a group no territory may hold whole may go to those that may hold
    the most of its customers."""
    bad = np.zeros((n, reach.shape[1]), dtype=np.int64)
    for t in np.flatnonzero(~reach.all(axis=0)).tolist():
        bad[:, t] = np.bincount(group, weights=~reach[:, t], minlength=n)[:n]
    best = bad.min(axis=1, keepdims=True)
    return bad <= best  # == bad == 0 wherever some territory holds the whole group


def reachable(
    reach: np.ndarray | None, who: np.ndarray, to: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate moves ``who[i] → to[i]`` (customer or group, territory) whose rep
    reaches it in a day: all of them when ``reach`` is None."""
    if reach is None:
        return who, to
    ok = reach[who, to]
    return who[ok], to[ok]


def nearest_allowed(d2: np.ndarray, reach: np.ndarray | None) -> np.ndarray:
    """Per row, the column of the smallest ``d2`` among those ``reach`` allows."""
    if reach is None:
        return d2.argmin(axis=1)
    return np.where(reach, d2, np.inf).argmin(axis=1)


def reach_fix(
    adj: list[list[int]],
    labels: np.ndarray,
    reach: np.ndarray | None,
    *,
    locked: np.ndarray,
    d2: np.ndarray,
    rounds: int = 20,
) -> np.ndarray:
    """Hand every free customer its rep cannot reach to a territory that can: the one
    holding most of its neighbours, else (after a few rounds, neighbours having moved
    too) the nearest centre (``d2``: squared distance to each territory's centre)."""
    if reach is None:
        return labels
    labels = labels.copy()
    rows = np.arange(len(labels))

    def out_of_reach() -> np.ndarray:
        return np.flatnonzero(~locked & (labels >= 0) & ~reach[rows, np.maximum(labels, 0)])

    for _ in range(rounds):
        bad = out_of_reach()
        if not len(bad):
            return labels
        moved = False
        for i in bad.tolist():
            votes: dict[int, int] = {}
            for j in adj[i]:
                t = int(labels[j])
                if t >= 0 and reach[i, t]:
                    votes[t] = votes.get(t, 0) + 1
            if votes:
                labels[i] = max(votes, key=lambda t: (votes[t], -d2[i, t]))
                moved = True
        if not moved:
            break
    bad = out_of_reach()
    labels[bad] = nearest_allowed(d2[bad], reach[bad])
    return labels
