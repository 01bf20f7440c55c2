"""Rebuilding a calendar without moving customers: each keeps the weekday and week it has.

In route sales a customer knows its day ("Tuesdays, every other week"); rebuilding the
calendar after a few changes (new customers, a customer dropped, a frequency changed)
should place the new and changed customers and leave the others where they are.
:func:`kept_positions` reads the present calendar and returns, for every customer that can
keep its position, the visit days (訪問曜日) and visit week (訪問週) that pin it there; the
calendar builder treats them like ones the manager typed, for this build only (nothing is
stored in the customer table). A customer is placed anew when it moved to another
territory, has no visit in the present calendar, now needs another number of visits a
week, or its present days are no longer allowed (a new closing day, the rep's working days
changed). Days and weeks the manager set by hand always win. When the kept days leave a
customer out, a kept customer gives up its day only if that lets the other in
(:meth:`planner._schedule_days.TerritoryDays.reinsert` with ``release``, and
:func:`planner._schedule_territory.reclaim` for a customer needing several days, rolled back
otherwise); it is then listed among the customers to tell (:func:`planner._schedule_told.changed_days`). Customers
the previous calendar left out give way to those it visited: they leave a full day first,
and make room for a weekly customer whose closing day moved onto its visit day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import first_monday
from planner._schedule_zones import Pattern, pattern_for
from planner.closed_days import join_days, split_days
from planner.schedule_index import customers_mask
from planner.visit_days import day_limits
from planner.visit_weeks import fixed_offset, visit_week_text


def _text(values: pd.Series) -> np.ndarray:
    """Stored day or week values as text ("" for empty and missing)."""
    return values.map(lambda v: v if isinstance(v, str) else "").to_numpy(dtype=object)


def _week1(calendar: pd.DataFrame) -> dt.date | None:
    """Week 1's Monday of a dated ``calendar`` (None when it has no dates)."""
    if calendar.empty or "date" not in calendar.columns:
        return None
    # a moved visit's week may be its planned one: the first dated visit not moved, else the
    # first dated one; looked for a block of rows at a time (the first block has it: the
    # whole calendar's dates written as text took 40 ms after every hand move at 100,000)
    at = _first_row(calendar, moved=False)
    if at is None and "moved_from" in calendar.columns:
        at = _first_row(calendar, moved=True)
    if at is None:
        return None
    day = dt.date.fromisoformat(str(calendar["date"].iloc[at]))
    return day - dt.timedelta(days=day.weekday(), weeks=int(calendar["week"].iloc[at]) - 1)


def _first_row(calendar: pd.DataFrame, *, moved: bool, block: int = 4096) -> int | None:
    """The position of ``calendar``'s first dated row (``moved``: moved or not; else not
    moved, when the calendar says which were), None when none is."""
    for start in range(0, len(calendar), block):
        part = calendar.iloc[start:start + block]
        ok = (part["date"].astype(str) != "").to_numpy()
        if not moved and "moved_from" in part.columns:
            ok = ok & (part["moved_from"].astype(str) == "").to_numpy()
        hit = np.flatnonzero(ok)
        if len(hit):
            return start + int(hit[0])
    return None


def week_shift(old: pd.DataFrame | None, settings: m.Settings) -> int:
    """Weeks from the ``old`` calendar's week 1 to the week 1 of a calendar built with
    ``settings`` (0 unless both have dates). Rolling a dated calendar on (``--start`` a few
    weeks later) keeps each customer on the rhythm of its dates: its week moves back by as
    many weeks."""
    first = first_monday(settings)
    old_first = None if old is None else _week1(old)
    if first is None or old_first is None:
        return 0
    return (first - old_first).days // 7


def planned_visits(calendar: pd.DataFrame, *, first: dt.date | None | str = "") -> pd.DataFrame:
    """``calendar`` with each visit a holiday or day off moved (``moved_from``) back on the
    week and weekday it was planned on: the customer's own pattern, which a rebuild keeps
    and against which a change is told. ``first``: week 1's Monday when ``calendar`` is a
    part of the calendar (a few customers' visits), "" to read it from ``calendar``."""
    if "moved_from" not in calendar.columns:
        return calendar
    moved = (calendar["moved_from"].astype(str) != "").to_numpy()
    if isinstance(first, str):
        first = _week1(calendar)
    if not moved.any() or first is None:
        return calendar
    out = calendar.copy()
    planned = [dt.date.fromisoformat(str(d)) for d in out.loc[moved, "moved_from"]]
    out.loc[moved, "week"] = [(d - first).days // 7 + 1 for d in planned]
    out.loc[moved, "day"] = [m.WEEKDAYS[d.weekday()] for d in planned]
    return out


def pattern_visits(plan: m.Plan, customer_ids: Collection[str] | None = None
                   ) -> pd.DataFrame | None:
    """The calendar's visits on the weeks and weekdays of the customers' own rhythm, which
    the visit-day texts read: a visit a holiday moved back on its planned day
    (:func:`planned_visits`), and one left out on a closed day put back on its day, for a
    customer the calendar still visits (``毎週 木``, not ``1,2,3週 木``). None without a
    calendar."""
    from planner._schedule_off import skipped_visits

    s = plan.schedule
    if s is None or s.empty:
        return s
    first = _week1(s)
    if customer_ids is not None:  # only theirs (a hand move's customers: not every visit)
        s = s[customers_mask(s, customer_ids)]
    out = planned_visits(s, first=first)
    skipped = skipped_visits(plan)
    if skipped.empty or first is None:
        return out
    skipped = skipped[skipped["customer_id"].isin(set(s["customer_id"]))]
    dates = [dt.date.fromisoformat(str(d)) for d in skipped["date"]]
    extra = pd.DataFrame({
        "customer_id": skipped["customer_id"].to_numpy(dtype=object),
        "territory": skipped["territory"].to_numpy(dtype=object),
        "week": np.array([(d - first).days // 7 + 1 for d in dates], dtype=np.int64),
        "day": [m.WEEKDAYS[d.weekday()] for d in dates],
    })
    return pd.concat([out, extra], ignore_index=True) if len(extra) else out


def kept_positions(
    plan: m.Plan, *, freq: np.ndarray, day_sets: Mapping[str, Sequence[str]]
) -> tuple[dict[int, str], dict[int, str]]:
    """({row: visit-day codes}, {row: visit week}) that keep customers where the present
    calendar has them (module docstring); rows are positions in ``plan.customers``.

    ``freq`` is each customer's frequency as the builder uses it (visits per 4 weeks, the
    rank's when the customer has none); ``day_sets`` each territory's working days.
    """
    if plan.schedule is None or plan.schedule.empty:
        return {}, {}
    from planner._schedule_keep_off import previous_visits

    old = previous_visits(plan)
    c = plan.customers
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy()
    terr = c[m.TERRITORY].astype(str).to_numpy()
    row_of = pd.Series(np.arange(len(c)), index=ids)
    row_of = row_of[~row_of.index.duplicated()]
    visits = pd.DataFrame(
        {
            "row": row_of.reindex(old["customer_id"].astype(str).to_numpy()).to_numpy(),
            "territory": old["territory"].astype(str).to_numpy(),
            "week": old["week"].to_numpy(dtype=np.int64),
            "day": old["day"].astype(str).to_numpy(),
        }
    )
    visits = visits[visits["row"].notna()].astype({"row": np.int64})
    # still in the same territory, with visits and working days to keep
    same = visits["territory"].to_numpy(dtype=object) == terr[visits["row"].to_numpy()]
    moved = set(visits.loc[~same, "row"].tolist())
    visits = visits[~visits["row"].isin(moved)]
    rows = np.unique(visits["row"].to_numpy())
    pattern = {
        int(i): pattern_for(float(freq[i]), len(day_sets.get(terr[i], ())))
        for i in rows
        if np.isfinite(freq[i]) and freq[i] > 0 and day_sets.get(terr[i])
    }
    if not pattern:
        return {}, {}
    visits = visits[visits["row"].isin(pattern)]
    own_days = _text(c[m.VISIT_DAYS])
    own_week = _text(c[m.VISIT_WEEK])
    closed = _text(c[m.CLOSED_DAYS])
    days_out = _kept_days(visits, pattern, own_days, closed, terr, day_sets)
    weeks_out = _kept_weeks(visits, pattern, own_week,
                            shift=week_shift(plan.schedule, plan.settings))
    return days_out, weeks_out


def pin_kept(
    plan: m.Plan,
    freq: np.ndarray,
    day_sets: Mapping[str, Sequence[str]],
    visit_codes: np.ndarray,
    visit_weeks: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, set[int], set[int]]:
    """Copies of the customers' visit days and weeks with :func:`kept_positions` filled in,
    the rows pinned, and those of them now visited more often (:func:`more_often`)."""
    kept_days, kept_weeks = kept_positions(plan, freq=freq, day_sets=day_sets)
    codes, weeks = visit_codes.copy(), visit_weeks.copy()
    for i, code in kept_days.items():
        codes[i] = code
    for i, week in kept_weeks.items():
        weeks[i] = week
    kept = set(kept_days) | set(kept_weeks)
    return codes, weeks, kept, more_often(plan, kept, freq=freq, day_sets=day_sets)


def more_often(
    plan: m.Plan, rows: set[int], *, freq: np.ndarray, day_sets: Mapping[str, Sequence[str]]
) -> set[int]:
    """The ``rows`` kept on their weekday that changed in the plan's last update and that the
    new frequency visits more often than the present calendar does (every 2 weeks → weekly:
    a rank that went up). On a day too full, such a customer leaves it before a neighbour who
    did not change (:meth:`planner._schedule_days.TerritoryDays.repair`)."""
    from planner._update_changes import last_update

    changed = set(last_update(plan)["changed"])
    if not rows or not changed or plan.schedule is None or plan.schedule.empty:
        return set()
    old = planned_visits(plan.schedule)
    weeks = old[["customer_id", "week"]].drop_duplicates().sort_values(["customer_id", "week"])
    gaps = weeks.groupby("customer_id")["week"].diff().groupby(weeks["customer_id"]).min()
    horizon = int(old["week"].max())
    c = plan.customers
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy()
    terr = c[m.TERRITORY].astype(str).to_numpy()
    out = set()
    for i in rows:
        days = day_sets.get(terr[i], ())
        if ids[i] not in changed or not days:
            continue
        gap = gaps.get(ids[i])
        # one visit in the old calendar (a holiday may have taken the other): its week count
        before = int(gap) if gap is not None and np.isfinite(gap) else horizon
        if pattern_for(float(freq[i]), len(days)).period < before:
            out.add(i)
    return out


def free_pin(
    closed: object, own_days: object, own_week: object, days: Sequence[str], pattern: Pattern
) -> tuple[frozenset[int], int | None]:
    """A kept customer's closing days and visit week as they are without the keeping pin
    (its real 定休日 and the days and week set by hand), to release it if room is needed."""
    shut, _reason = day_limits(closed, own_days, days, pattern.per_week)
    return shut, fixed_offset(own_week, pattern.period)


def _kept_days(
    visits: pd.DataFrame,
    pattern: Mapping[int, Pattern],
    own_days: np.ndarray,
    closed: np.ndarray,
    terr: np.ndarray,
    day_sets: Mapping[str, Sequence[str]],
) -> dict[int, str]:
    """Each customer's usual weekdays (:func:`usual_days`), when that is still its pattern."""
    out: dict[int, str] = {}
    for row, wanted in usual_days(visits, "row").items():
        i = int(row)
        if own_days[i] or len(wanted) != pattern[i].per_week:
            continue  # days set by hand win; a new number of visits a week is placed anew
        if not wanted <= set(day_sets[terr[i]]) or wanted & split_days(closed[i]):
            continue
        out[i] = join_days(wanted)
    return out


def usual_days(visits: pd.DataFrame, key: str) -> pd.Series:
    """Per value of column ``key`` of a calendar's ``visits`` (``week``, ``day``): the set of
    its most frequent weekdays, as many as its busiest week has visits — a visit a holiday
    pushed to another day does not count."""
    per_week = visits.groupby([key, "week"]).size().groupby(level=key).max()
    counts = visits.groupby([key, "day"]).size().rename("n").reset_index()
    counts["order"] = counts["day"].map({d: k for k, d in enumerate(m.WEEKDAYS)}).fillna(7)
    counts = counts.sort_values([key, "n", "order"], ascending=[True, False, True])
    counts["rank"] = counts.groupby(key).cumcount()
    counts = counts[counts["rank"] < counts[key].map(per_week)]
    return counts.groupby(key, sort=False)["day"].agg(lambda d: frozenset(d.tolist()))


def _kept_weeks(
    visits: pd.DataFrame, pattern: Mapping[int, Pattern], own_week: np.ndarray, *, shift: int = 0
) -> dict[int, str]:
    """The visit week (1-based, within the period) most of each customer's visits fall on,
    for customers seen every 2 weeks or less often without a week set by hand; ``shift``
    (:func:`week_shift`) weeks earlier when the new calendar starts that much later."""
    period = visits["row"].map({i: p.period for i, p in pattern.items()})
    visits = visits[(period > 1).to_numpy()]
    if visits.empty:
        return {}
    offset = (visits["week"] - 1 - shift) % period[period > 1]
    counts = offset.groupby([visits["row"], offset]).size()
    best = counts.groupby(level=0).idxmax()
    out: dict[int, str] = {}
    for row, (_r, off) in best.items():
        i = int(row)
        if not own_week[i]:
            out[i] = visit_week_text(int(off) + 1)
    return out
