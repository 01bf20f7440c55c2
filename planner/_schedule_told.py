"""The customers a rebuilt calendar (or a hand move in it) tells: those whose rep, visit day,
visit week or rhythm changed since the previous calendar (:func:`changed_days`), those it
visits for the first time (:func:`first_visits`) or no longer (:func:`lost_visits`), kept in
the plan meta under :data:`CHANGED_KEY`; and the note the route sheets, hand-outs and the
Calendar dock print at each such visit (:func:`changed_note`: "担当変更（旧 田中 健太）",
"曜日変更（旧 火）").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_reps import RepNames
from planner._schedule_keep import planned_visits, usual_days
from planner.closed_days import join_days
from planner.i18n import tr
from planner.schedule_index import customers_mask

#: The plan meta key of the customers to tell about a new rep, day or week (:func:`changed_days`).
CHANGED_KEY = "schedule_changed_days"
#: The previous first week of a customer whose previous day is unknown: the saved calendar's
#: rows of it were damaged (:func:`first_visits` with ``lost``)
LOST_WEEK = -1


def changed_customers(plan: m.Plan) -> dict[str, list[Any]]:
    """The customers the last calendar build or hand move gave another rep, day or week."""
    return dict((plan.meta or {}).get(CHANGED_KEY) or {})


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
    first_before = b["first"].copy()
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
            # the old week within the old rhythm: week 3 of a monthly visit stays 第3週, not
            # wrapped by the new fortnight into 第1週
            entry[1] = (int(first_before.at[cid]) - 1 - shift) % int(was[k]) + 1
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
    and names the day they had in their rhythm (``4週に1回(第1週) 金``)."""
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
    was = changed_days(before.iloc[np.flatnonzero(customers_mask(before, mine))],
                       after.iloc[np.flatnonzero(customers_mask(after, mine))])
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
    new_weeks = _other_weeks(change)
    if old_days == new_days and new_weeks:
        parts.append(tr("New week (was week {week})", week=int(old_week)))
    elif old_days != new_days and not new_weeks:
        parts.append(tr("New day (was {days})", days=names))
    elif old_days != new_days:
        parts.append(tr("New day (was {days}, week {week})", days=names, week=int(old_week)))
    if len(change) == 8:
        parts.append(tr("Now {rhythm} (was {before})", rhythm=rhythm_words(int(change[7])),
                        before=rhythm_words(int(change[6]))))
    return " / ".join(parts)


def _other_weeks(change: Sequence[Any]) -> bool:
    """Whether a changed customer's visits fall on other weeks: at a new rhythm (monthly in
    week 3 → every 2 weeks) only when none of the new visits is on a week it had one."""
    old_week, new_week = int(change[1]), int(change[3])
    if len(change) != 8 or int(change[6]) <= 0 or int(change[7]) <= 0:
        return old_week != new_week
    was, now = int(change[6]), int(change[7])
    span = range(1, 2 * max(was, now, 4) + 1)
    return not any((w - old_week) % was == 0 and (w - new_week) % now == 0 for w in span)


def rhythm_words(period: int) -> str:
    """Visits every ``period`` weeks in the office's words: 毎週, 隔週, 4週に1回 …"""
    from planner.frequency import frequency_label

    if period <= 0:
        return ""
    label = frequency_label(4.0 / period)
    return tr(label) if not label[0].isdigit() else tr("every {n} weeks", n=period)
