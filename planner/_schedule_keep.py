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
otherwise); it is then listed among the customers to tell (:func:`changed_days`). Customers
the previous calendar left out give way to those it visited: they leave a full day first,
and make room for a weekly customer whose closing day moved onto its visit day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_reps import RepNames
from planner._schedule_dates import first_monday
from planner._schedule_zones import Pattern, pattern_for
from planner.closed_days import join_days, split_days
from planner.i18n import listing, tr, trn
from planner.visit_days import day_limits
from planner.visit_weeks import fixed_offset, visit_week_text

#: The plan meta key of the customers to tell about a new rep, day or week (:func:`changed_days`).
CHANGED_KEY = "schedule_changed_days"
#: The previous first week of a customer whose previous day is unknown: the saved calendar's
#: rows of it were damaged (:func:`first_visits` with ``lost``)
LOST_WEEK = -1


def changed_customers(plan: m.Plan) -> dict[str, list[Any]]:
    """The customers the last calendar build or hand move gave another rep, day or week."""
    return dict((plan.meta or {}).get(CHANGED_KEY) or {})


def _text(values: pd.Series) -> np.ndarray:
    """Stored day or week values as text ("" for empty and missing)."""
    return values.map(lambda v: v if isinstance(v, str) else "").to_numpy(dtype=object)


def _week1(calendar: pd.DataFrame) -> dt.date | None:
    """Week 1's Monday of a dated ``calendar`` (None when it has no dates)."""
    if calendar.empty or "date" not in calendar.columns:
        return None
    dated = calendar[calendar["date"].astype(str) != ""]
    if "moved_from" in dated.columns:  # a moved visit's week may be its planned one
        unmoved = dated[dated["moved_from"].astype(str) == ""]
        dated = unmoved if len(unmoved) else dated
    if dated.empty:
        return None
    day = dt.date.fromisoformat(str(dated["date"].iloc[0]))
    return day - dt.timedelta(days=day.weekday(), weeks=int(dated["week"].iloc[0]) - 1)


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


def planned_visits(calendar: pd.DataFrame) -> pd.DataFrame:
    """``calendar`` with each visit a holiday or day off moved (``moved_from``) back on the
    week and weekday it was planned on: the customer's own pattern, which a rebuild keeps
    and against which a change is told."""
    if "moved_from" not in calendar.columns:
        return calendar
    moved = (calendar["moved_from"].astype(str) != "").to_numpy()
    first = _week1(calendar)
    if not moved.any() or first is None:
        return calendar
    out = calendar.copy()
    planned = [dt.date.fromisoformat(str(d)) for d in out.loc[moved, "moved_from"]]
    out.loc[moved, "week"] = [(d - first).days // 7 + 1 for d in planned]
    out.loc[moved, "day"] = [m.WEEKDAYS[d.weekday()] for d in planned]
    return out


def pattern_visits(plan: m.Plan) -> pd.DataFrame | None:
    """The calendar's visits on the weeks and weekdays of the customers' own rhythm, which
    the visit-day texts read: a visit a holiday moved back on its planned day
    (:func:`planned_visits`), and one left out on a closed day put back on its day, for a
    customer the calendar still visits (``毎週 木``, not ``1,2,3週 木``). None without a
    calendar."""
    from planner._schedule_off import skipped_visits

    s = plan.schedule
    if s is None or s.empty:
        return s
    out = planned_visits(s)
    skipped = skipped_visits(plan)
    first = _week1(s)
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


def crowded_note(n: int, names: Sequence[str] = ()) -> str:
    """The calendar's note when kept days left no room for ``n`` customers, naming them
    (``names``: "C000934 name"; the first :data:`NAMED`, the rest counted)."""
    if names:
        shown = listing(names[:NAMED])
        if len(names) > NAMED:
            shown = tr("{names} and {more} more", names=shown, more=len(names) - NAMED)
        return trn(
            "1 customer did not fit around the visit days kept from the previous calendar "
            "({names}): build it without keeping the days to make room for it.",
            "{n} customers did not fit around the visit days kept from the previous calendar "
            "({names}): build it without keeping the days to make room for them.",
            n, names=shown)
    if n == 1:
        return tr("1 customer did not fit around the visit days kept from the previous "
                  "calendar: build it without keeping the days to make room for it.")
    return tr(
        "{n} customers did not fit around the visit days kept from the previous "
        "calendar: build it without keeping the days to make room for them.",
        n=n,
    )


#: Customers the crowded note names (the rest are counted).
NAMED = 10


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


def changed_days(
    old: pd.DataFrame | None,
    new: pd.DataFrame,
    *,
    periods: Mapping[str, int] | None = None,
    shift: int = 0,
    old_rhythm: pd.DataFrame | None = None,
    reps: RepNames | None = None,
) -> dict[str, list[object]]:
    """Customers whose visits fall on other weekdays or weeks, or to another rep, than in the
    ``old`` calendar (``reps``: who the territories' reps were and are, :class:`RepNames`:
    a rep replaced in the same territory is another rep, a territory given to the same rep
    is not; without it, another territory is another rep): ``{customer_id: [old day codes, old first week, new day codes, new
    first week, old territory, new territory]}`` (the first calendar week with a visit, so
    that "week 1 → week 3" counts too). Customers new to the calendar or left out of it are
    not listed: the reps tell the listed ones at the visit.

    With ``periods`` (customer id → weeks between visits) the weeks are compared within the
    period, the old one ``shift`` weeks earlier (:func:`week_shift`): a calendar rolled on
    to later dates, or a first visit a holiday left out, is no change for the customer; and
    a customer now seen more or less often (every 2 weeks → weekly) is listed too, its entry
    followed by the weeks between visits before and now (read from ``old_rhythm``, the old
    calendar with the visits holidays left out put back, :func:`pattern_visits`, when given)."""
    if old is None or old.empty or new.empty:
        return {}
    before, after = _positions(planned_visits(old)), _positions(planned_visits(new))
    both = before.index.intersection(after.index)
    b, a = before.loc[both].copy(), after.loc[both].copy()
    if periods is not None:
        period = pd.Series([int(periods.get(c, 0)) or 10**6 for c in both], index=both)
        b["first"] = (b["first"] - 1 - shift) % period + 1
        a["first"] = (a["first"] - 1) % period + 1
    if reps is None:
        other_rep = (b["territory"] != a["territory"]).to_numpy()
    else:
        pairs = list(zip(b["territory"], a["territory"], strict=True))
        told = {pair: reps.changed(*pair) for pair in set(pairs)}
        other_rep = np.array([told[pair] for pair in pairs], dtype=bool)
    moved = ((b["days"] != a["days"]) | (b["first"] != a["first"])).to_numpy() | other_rep
    rhythm = np.zeros(len(both), dtype=bool)
    if periods is not None:  # a customer now seen more or less often (隔週 → 毎週) is told too
        rhythm_of = planned_visits(old) if old_rhythm is None else old_rhythm
        was = visit_rhythms(rhythm_of).reindex(both).fillna(0).to_numpy(dtype=int)
        now = np.array([int(periods.get(c, 0)) for c in both])
        rhythm = (was > 0) & (now > 0) & (was != now)
        moved = moved | rhythm
    out: dict[str, list[object]] = {}
    for k in np.flatnonzero(moved):
        cid = both[k]
        entry: list[object] = [str(b.at[cid, "days"]), int(b.at[cid, "first"]),
                               str(a.at[cid, "days"]), int(a.at[cid, "first"]),
                               str(b.at[cid, "territory"]), str(a.at[cid, "territory"])]
        if rhythm[k]:
            entry += [int(was[k]), int(now[k])]  # weeks between visits, before and now
        out[str(cid)] = entry
    return out


def visit_rhythms(s: pd.DataFrame) -> pd.Series:
    """Per customer of calendar ``s``: the weeks between its visits (the shortest gap between
    its visit weeks; the calendar's weeks for a single visit in a 4-week calendar), 0 when
    it cannot be told (a single visit in a longer calendar: a holiday may have taken one)."""
    ids = s["customer_id"].astype(str)
    weeks = pd.DataFrame({"id": ids, "week": s["week"].astype(int)}).drop_duplicates()
    weeks = weeks.sort_values(["id", "week"])
    gap = weeks.groupby("id")["week"].diff().groupby(weeks["id"]).min()
    horizon = int(s["week"].max()) if len(s) else 0
    return gap.fillna(4 if horizon == 4 else 0).astype(int)


def _positions(s: pd.DataFrame) -> pd.DataFrame:
    """Per customer of calendar ``s``: its usual weekdays (``days``), first week with a visit
    (``first``) and territory."""
    ids = s["customer_id"].astype(str)
    visits = pd.DataFrame({"id": ids, "week": s["week"].astype(int), "day": s["day"].astype(str)})
    days = usual_days(visits, "id").map(join_days)
    first = s["week"].astype(int).groupby(ids).min()
    territory = s["territory"].astype(str).groupby(ids).first()
    return pd.DataFrame({"days": days, "first": first, "territory": territory})


def first_visits(
    old: pd.DataFrame | None, new: pd.DataFrame, *, skip: set[str],
    lost: Collection[str] = (),
) -> dict[str, list[object]]:
    """Customers the ``new`` calendar visits and the ``old`` one did not (left out last time
    for lack of room, or placed only now), as :func:`changed_days` entries without a
    previous day or week (``["", 0, days, first week, territory, territory]``): they learn
    their day now. ``skip``: customers told otherwise (new from the company's list, 新規);
    ``lost``: customers whose previous day is unknown (the saved calendar's rows of them
    were damaged), their previous week :data:`LOST_WEEK`: they were visited, on a day the
    program no longer knows."""
    if new.empty or ((old is None or old.empty) and not lost):
        return {}
    if old is None:  # every visit of the old calendar was of customers whose day was lost
        old = new.iloc[:0]
    before = set(old["customer_id"].astype(str))
    visits = planned_visits(new)
    ids = visits["customer_id"].astype(str)
    fresh = ~ids.isin(before) & ~ids.isin(skip)
    if not fresh.any():
        return {}
    now = _positions(visits[fresh.to_numpy()])
    gone = {str(c) for c in lost}
    return {str(cid): ["", LOST_WEEK if str(cid) in gone else 0, str(row.days), int(row.first),
                       str(row.territory), str(row.territory)] for cid, row in now.iterrows()}


def lost_visits(
    old: pd.DataFrame | None, new: pd.DataFrame, customers: pd.DataFrame, *,
    old_rhythm: pd.DataFrame | None = None,
) -> dict[str, list[object]]:
    """Customers of the plan the ``old`` calendar visited and the ``new`` one does not (no
    room now, another rep's full week), as :func:`changed_days` entries without a new day
    (``[old days, old first week, "", 0, old territory, territory now]``), followed by the
    weeks between its visits before and 0 when that is known (read from ``old_rhythm``, as
    in :func:`changed_days`): the office tells them, as no visit is left to tell them at,
    and names the day they had in their rhythm (``4週毎(1週) 金``)."""
    if old is None or old.empty:
        return {}
    before = _positions(planned_visits(old))
    visited = set(new["customer_id"].astype(str)) if not new.empty else set()
    terr = dict(zip(customers[m.CUSTOMER_ID].astype(str),
                    customers[m.TERRITORY].astype(str), strict=True))
    gone = [cid for cid in before.index.astype(str) if cid not in visited and cid in terr]
    was = visit_rhythms(planned_visits(old) if old_rhythm is None else old_rhythm)
    out: dict[str, list[object]] = {}
    for cid in gone:
        entry: list[object] = [str(before.at[cid, "days"]), int(before.at[cid, "first"]), "",
                               0, str(before.at[cid, "territory"]), terr[cid]]
        period = int(was.get(cid, 0))
        out[cid] = entry + [period, 0] if period > 0 else entry
    return out


def moved_changes(
    changed: Mapping[str, list[object]], before: pd.DataFrame, after: pd.DataFrame,
    ids: Sequence[str], reps: RepNames | None = None,
) -> dict[str, list[object]]:
    """``changed`` after a hand move of ``ids`` from calendar ``before`` to ``after``: each
    moved customer compared with where the last build (or, when that did not change it,
    the calendar before the move) had it; a customer moved back is no longer listed (unless
    the build gave it another rep, ``reps``)."""
    out = dict(changed)
    mine = [str(i) for i in ids]
    was = changed_days(before[before["customer_id"].astype(str).isin(mine)],
                       after[after["customer_id"].astype(str).isin(mine)])
    for cid in mine:
        entry = was.get(cid)
        if entry is None:
            continue
        old = list(out[cid]) if cid in out else entry
        merged = [old[0], old[1], entry[2], entry[3], old[4], entry[5], *old[6:8]]
        same_rep = merged[4] == merged[5] if reps is None else not reps.changed(*merged[4:6])
        if merged[:2] == merged[2:4] and same_rep and len(merged) == 6:
            out.pop(cid, None)  # back where the customer expects the rep (and as often)
        else:
            out[cid] = merged
    return out


def changed_note(change: object, reps: RepNames | Mapping[str, str] | None = None) -> str:
    """The route sheet's note for a customer whose rep, visit day or week changed in the last
    build (an entry of :func:`changed_days`; ``reps`` names the territories' reps, the plan's
    :class:`RepNames` or a territory id → name mapping), "" for anything else."""
    if not isinstance(change, (list, tuple)) or len(change) not in (6, 8):
        return ""
    old_days, old_week, new_days, new_week = change[:4]
    if not new_days:  # no visit left in this calendar (lost_visits): nothing to note at one
        return ""
    if not old_days and old_week == LOST_WEEK:  # its rows of the saved calendar were damaged
        return tr("Previous day unknown (its saved calendar row was damaged): tell the "
                  "customer its day")
    if not old_days and change[4] == change[5]:  # not in the previous calendar (first_visits)
        return tr("First visit in this calendar: tell the customer its day")
    who = reps if isinstance(reps, RepNames) else RepNames.plain(reps)
    parts = []
    if who.changed(change[4], change[5]):
        parts.append(tr("New rep (was {rep})", rep=who.previous(change[4])))
    names = "・".join(tr(d.capitalize()) for d in str(old_days).split(",") if d)
    if old_days == new_days and old_week != new_week:
        parts.append(tr("New week (was week {week})", week=int(old_week)))
    elif old_days != new_days and old_week == new_week:
        parts.append(tr("New day (was {days})", days=names))
    elif old_days != new_days:
        parts.append(tr("New day (was {days}, week {week})", days=names, week=int(old_week)))
    if len(change) == 8:
        parts.append(tr("Now {rhythm} (was {before})", rhythm=rhythm_words(int(change[7])),
                        before=rhythm_words(int(change[6]))))
    return " / ".join(parts)


def rhythm_words(period: int) -> str:
    """Visits every ``period`` weeks in the office's words: 毎週, 隔週, 4週に1回 …"""
    from planner.frequency import frequency_label

    if period <= 0:
        return ""
    label = frequency_label(4.0 / period)
    return tr(label) if not label[0].isdigit() else tr("every {n} weeks", n=period)
