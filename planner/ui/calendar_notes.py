"""The calendar panel's sentences: on a hand move, how many customers went where, their
visits of the other weeks that moved along, and what it did to the two days' lengths and the
driving (:mod:`planner.move_effect`); why the
calendar is out of date when a damaged saved calendar left visits out; the rep's customers
the calendar left out, why and what to change; and the route of a day for the map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from planner import model as m
from planner._calendar_once import day_text as one_day_text
from planner._calendar_reps import calendar_territories, named_territories
from planner.export.excel_routes import day_date
from planner.gave_way_notes import (
    customer_names,
    day_text,
    given_up,
    giver_text,
    placed_text,
)
from planner.i18n import listing, sentences, tr, trn
from planner.move_effect import MoveEffect, effect_text
from planner.schedule_index import customer_positions, day_rows
from planner.shared_reps import shared_rep_remark
from planner.stats import damaged_counts
from planner.unscheduled_groups import Group, group_of, reason_with_fix, reasons_by_customer


def damaged_note(plan: m.Plan, tid: str) -> str:
    """Why the calendar is out of date when the saved calendar's damaged rows left out
    customers' visits: how many of the rep ``tid``'s ("" when none of the plan's were)."""
    damaged = damaged_counts(plan)
    if damaged.get(tid):
        return trn("out of date: the visits of {n} customer were left out of the saved "
                   "calendar (damaged rows)",
                   "out of date: the visits of {n} customers were left out of the saved "
                   "calendar (damaged rows)", damaged[tid], n=f"{damaged[tid]:,}")
    if damaged or plan.calendar_left_out:  # another rep's customers
        return tr("out of date: visits of the saved calendar were left out")
    return ""


def summary_line(plan: m.Plan, tid: str, table: pd.DataFrame, weeks: int, over: int,
                 left: str | None = None) -> str:
    """The Calendar dock's line under the grid: the period and its figures (8 weeks when
    customers are seen every 8 weeks), the days too long, why the calendar is out of date,
    and a rep with two territories whose calendars may overlap; a territory the calendar
    does not name yet (the new half of a split) is said to have none, and one the plan no
    longer has (merged, deleted) is said to be gone until the calendar is built again."""
    if table.empty and tid in plan.territory_ids and tid not in named_territories(plan):
        t = plan.territory(tid)
        return tr("{territory} has no calendar yet: Schedule → Build calendar… makes one "
                  "with its visits.", territory=t.name or t.id)
    # what the rep drives in these weeks, holidays and days off as they fall: the figure
    # `stats` and the workbook's summary call the calendar's km
    text = trn(
        "{weeks} weeks ({days} working day): {visits} visits, {km:,.0f} km",
        "{weeks} weeks ({days} working days): {visits} visits, {km:,.0f} km",
        len(table),
        days=len(table),
        weeks=weeks,
        visits=int(table["visits"].sum()),
        km=float(table["travel_km"].sum()),
    )
    if over:
        text += " — " + trn("{n} day too long", "{n} days too long", over, n=over)
    if left is None:  # the caller's left_out(plan, tid)[0] when it has it already
        left = left_out(plan, tid)[0]
    if left:  # the rep's customers the calendar left out: how many, how many to fix
        text += " — " + left
    stale = bool((plan.meta or {}).get("schedule_stale"))
    damaged = damaged_note(plan, tid) if stale else ""
    if damaged:  # damaged rows of the saved calendar: customers left out until rebuilt
        text += " — " + damaged
    elif stale:  # short: the whole sentence is the line's tooltip (stale_tip)
        text += " — " + stale_note(plan, tid, short=True)
    if tid not in plan.territory_ids:  # merged or deleted: its visits wait for a rebuild
        text += " — " + tr("this territory is no longer in the plan: Schedule → Build "
                           "calendar… gives its customers' visits to their new reps")
    shared = shared_rep_remark(plan.territories, tid)  # one rep, two calendars: may overlap
    return text + (" — " + shared if shared else "")


def moved_since_build(plan: m.Plan, tid: str) -> tuple[int, int]:
    """The rep ``tid``'s customers whose territory changed since the calendar was built:
    (those in ``tid``'s calendar now in another territory, those in ``tid`` now whose visits
    the calendar gives another rep)."""
    visits = plan.schedule
    if visits is None or not len(visits):
        return 0, 0
    now = plan.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY].astype(str)
    now = now[~now.index.duplicated()]
    built = visits[["customer_id", "territory"]].drop_duplicates("customer_id")
    was = built["territory"].astype(str).to_numpy()
    is_now = now.reindex(built["customer_id"].astype(str)).to_numpy(dtype=object)
    present = pd.notna(is_now)
    gone = int((present & (was == tid) & (is_now != tid)).sum())
    came = int((present & (was != tid) & (is_now == tid)).sum())
    return gone, came


def stale_note(plan: m.Plan, tid: str, *, short: bool = False,
               moves: tuple[int, int] | None = None) -> str:
    """「カレンダー作成後にプランが変更されました」, and for a rep whose customers changed
    territory since, how many went and came (「ほかのテリトリーへ移った顧客 6件、ほかから移って
    きた顧客 3件」): after carving on the map the dock said only that something changed.
    ``short``: the counts alone, 「作成後の変更: 移った顧客 6件、移ってきた顧客 3件」, for the
    dock's line (the sentence took three lines of a dock at its usual width); ``moves``:
    :func:`moved_since_build`'s counts when the caller has them."""
    gone, came = moves if moves is not None else moved_since_build(plan, tid)
    if short and (gone or came):
        counts = []
        if gone:
            counts.append(trn("{n} customer moved out", "{n} customers moved out", gone,
                              n=f"{gone:,}"))
        if came:
            counts.append(trn("{n} customer moved in", "{n} customers moved in", came,
                              n=f"{came:,}"))
        return tr("changed since the build: {moves}", moves=listing(counts))
    parts = []
    if gone:
        parts.append(trn("{n} customer moved to another territory",
                         "{n} customers moved to other territories", gone, n=f"{gone:,}"))
    if came:
        parts.append(trn("{n} customer moved in from another", "{n} customers moved in from "
                         "others", came, n=f"{came:,}"))
    if not parts:
        return tr("the plan changed since the calendar was built")
    return tr("the plan changed since the calendar was built: {moves} (build the calendar "
              "again to give their visits to their new reps)", moves=listing(parts))


def stale_tip(plan: m.Plan, tid: str) -> str:
    """The whole sentence of the line's short 「作成後の変更: …」 for its tooltip ("" when the
    line says it whole)."""
    if not (plan.meta or {}).get("schedule_stale") or damaged_note(plan, tid):
        return ""
    moves = moved_since_build(plan, tid)
    return stale_note(plan, tid, moves=moves) if any(moves) else ""


#: The most customers the summary's tooltip names (the Customers list has them all).
LEFT_OUT_NAMED = 12


def left_out(plan: m.Plan, tid: str) -> tuple[str, str]:
    """The rep ``tid``'s customers the calendar left out: a few words for the summary line
    (how many, how many of them need a change to the customer) and the summary's tooltip,
    one line each (those to fix first): name, why and, for a reason of its own data, what
    to change; ("", "") when there are none."""
    un = plan.unscheduled
    if un is None or not len(un) or "territory" not in un.columns:
        return "", ""
    mine = list(dict.fromkeys(un.loc[un["territory"].astype(str) == tid, "customer_id"]
                              .astype(str)))
    if not mine:
        return "", ""
    reasons = reasons_by_customer(un)
    rank = {Group.FIX: 0, Group.ROOM: 1, Group.OTHER: 2}
    mine.sort(key=lambda cid: rank[group_of(reasons[cid][1])])
    fix = sum(group_of(reasons[cid][1]) == Group.FIX for cid in mine)
    text = trn("{n} customer not in the calendar ({fix} to fix)",
               "{n} customers not in the calendar ({fix} to fix)", len(mine),
               n=f"{len(mine):,}", fix=f"{fix:,}") if fix else trn(
        "{n} customer not in the calendar", "{n} customers not in the calendar", len(mine),
        n=f"{len(mine):,}")
    c = plan.customers
    named = mine[:LEFT_OUT_NAMED]  # the names of those only (not a dict of every customer)
    rows = c[c[m.CUSTOMER_ID].astype(str).isin(named)]
    names = dict(zip(rows[m.CUSTOMER_ID].astype(str), rows[m.NAME].astype(str), strict=True))
    lines = [f"{names.get(cid) or cid} — {reason_with_fix(*reasons[cid])}"
             for cid in mine[:LEFT_OUT_NAMED]]
    if len(mine) > LEFT_OUT_NAMED:
        lines.append(tr("… and {n} more", n=f"{len(mine) - LEFT_OUT_NAMED:,}"))
    return text, "\n".join(lines)


def day_title(week: int, day: str, plan: m.Plan | None = None, *,
              heading: bool = False) -> str:
    """``week 2 Tue`` / ``第2週 火曜日``; with the ``plan``'s calendar dated, the date too
    (``week 2 Wed 12/16`` / ``第2週 12/16(水)``): a manager names a day by its date.
    ``heading``: it begins a line (the day list's title), ``Week 2 Wed 12/16`` in English."""
    on = day_date(plan, week, day) if plan is not None else None
    name = tr(m.WEEKDAY_TITLES[day])
    if on is None:
        return (tr("Week {n} {day}", n=week, day=name) if heading else
                tr("week {n} {day}", n=week, day=name))
    date = f"{on.month}/{on.day}"
    return (tr("Week {n} {day} {date}", n=week, day=name, date=date) if heading else
            tr("week {n} {day} {date}", n=week, day=name, date=date))


def day_hours(table: pd.DataFrame | None, week: int, day: str) -> float:
    """The hours of ``day`` of ``week`` in a rep's ``table`` (0 without one)."""
    if table is None:
        return 0.0
    row = table[(table["week"] == week) & (table["day"] == day)]
    return float(row["hours"].iloc[0]) if len(row) else 0.0


def day_km(table: pd.DataFrame | None, week: int, day: str) -> float:
    """The kilometres of ``day`` of ``week`` in a rep's ``table``, the drive home included
    when the calendar lists it (0 without one): the grid's own figure, whatever columns an
    older plan's calendar has."""
    if table is None:
        return 0.0
    row = table[(table["week"] == week) & (table["day"] == day)]
    return float(row["travel_km"].iloc[0]) if len(row) else 0.0


def held_back(plan: m.Plan, customer_ids: Iterable[str], day: str) -> list[str]:
    """The dates a hand move to ``day`` could not take (closed: 12/29(火) 休業日), whose visits
    stayed on their own day: those of ``customer_ids`` noted as moved off a ``day``."""
    s = plan.schedule
    if s is None or "moved_from" not in s:
        return []
    mine = s[s["customer_id"].isin(set(customer_ids)) & (s["moved_from"].astype(str) != "")]
    dates = {str(v) for v in mine["moved_from"]
             if m.WEEKDAYS[dt.date.fromisoformat(str(v)).weekday()] == day}
    return [one_day_text(v) for v in sorted(dates)]


def move_message(
    n: int, target: tuple[int, str], series: bool, *, effect: MoveEffect | None = None,
    held: Sequence[str] = (), plan: m.Plan | None = None, once: bool = False,
) -> str:
    """The status-bar sentence after moving ``n`` customers to ``target``; ``series``: their
    visits of the other weeks moved too; ``effect``: what the move did to the rep's days
    (the two days' lengths before → after, a day past the rep's day, the cycle's driving);
    ``plan``: the day's date when its calendar has dates, written as a manager writes a day
    (「12/17(木)に移動しました」, not 「第2週 木曜日」); ``once``: moved for that day only."""
    week, day = target
    if effect is not None and not effect.moved:  # every visit is on its own day already
        return trn("The visits of the {n} customer are on those days already: nothing moved.",
                   "The visits of the {n} customers are on those days already: nothing moved.",
                   n, n=n)
    on = day_date(plan, week, day) if plan is not None else None
    said = [trn("Moved {n} customer to {date}.", "Moved {n} customers to {date}.", n,
                date=one_day_text(on.isoformat())) if on is not None else
            trn("Moved {n} customer to {day}.", "Moved {n} customers to {day}.", n,
                day=day_title(week, day, plan))]
    if once:  # 「この日だけ」: the usual days stay
        said.append(trn("For that day only: its usual day stays.",
                        "For that day only: their usual days stay.", n))
    if series:
        said.append(trn("Its visits in the other weeks of its rhythm moved too.",
                        "Their visits in the other weeks of their rhythm moved too.", n))
    if effect is not None:  # the two days before → after, and the driving of the cycle
        said.append(effect_text(effect))
    if held:  # a closed date of the new day: that week's visit stayed where it was
        said.append(tr("{dates} is closed: that visit stays on its day (the route sheet "
                       "tells the customer).", dates=listing(held)))
    return sentences(*said)


def route_of_day(
    plan: m.Plan, territory_id: str, week: int, day: str
) -> list[tuple[float, float, str, str | None]]:
    """(lat, lon, label, mark) of the day: the start point, the stops in order, and back.

    The start is marked "⌂" and the stops by their number; the drive back to the start
    point is a line without a marker. Without a home base, the route starts at the first stop.
    """
    s = plan.schedule
    if s is None:
        return []
    rows = day_rows(s, territory_id, week, day).sort_values("seq")
    # the day's customers only (an index of them all took 20 ms at 100,000)
    at = customer_positions(plan.customers, rows["customer_id"].to_numpy(dtype=object))
    c = plan.customers.iloc[at[at >= 0]]
    # each stop's fields by code (a row looked up in a frame for each stop took 40 ms)
    row_of = {k: r for r, k in enumerate(c[m.CUSTOMER_ID].to_numpy(dtype=object))}
    lats, lons, names = (c[col].to_numpy(dtype=object) for col in (m.LAT, m.LON, m.NAME))
    stops: list[tuple[float, float, str, str | None]] = []
    t = next((t for t in calendar_territories(plan) if t.id == territory_id), None)
    if t is None:
        return []
    home = (float(t.home_lat), float(t.home_lon)) if t.has_home else None  # type: ignore[arg-type]
    if home is not None:
        stops.append((home[0], home[1], tr("Start"), "⌂"))
    for rec in rows.itertuples(index=False):
        r = row_of[rec.customer_id]  # a stop of a customer the plan lost: a KeyError, as before
        stops.append(
            (
                float(lats[r]),
                float(lons[r]),
                f"{int(rec.seq)}. {names[r]} {rec.arrival}",
                str(int(rec.seq)),
            )
        )
    if home is not None and len(stops) > 1:
        stops.append((home[0], home[1], tr("Back at the start"), ""))
    return stops


def given_up_notes(plan: m.Plan, tid: str, rows: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The day shown (its stops ``rows`` of rep ``tid``), on visits that gave way
    (:mod:`planner.gave_way_notes`): a sentence per visit this day gave up, for its title,
    and per customer of the day a line for its tooltip (the one placed in another's stead,
    the one that gave up a visit of another day)."""
    dates = set(rows["date"].astype(str)) if "date" in rows.columns else set()
    mine = set(rows["customer_id"].astype(str))
    gone = [g for g in given_up(plan, tid) if g.date in dates or g.giver in mine]
    if not gone:
        return [], {}
    names = customer_names(plan)
    said = [day_text(g, names) for g in gone if g.date in dates]
    tips: dict[str, str] = {}
    for g in gone:
        if g.date in dates and g.placed in mine:
            tips[g.placed] = placed_text(g, names)
        if g.giver in mine:
            tips[g.giver] = giver_text(g, names)
    return said, tips


def once_text(panel: Any, movable: Sequence[str], week: int, day: str, closed: str) -> str:
    """The day menu's one-off move (「この日だけ移動…」): the selected customers' visits of the
    day shown, to this day only; their usual days stay."""
    shown = panel.shown
    if closed:
        return tr("No visits on this day ({label})", label=closed)
    if not movable or shown is None or (shown[1], shown[2]) == (week, day):
        return tr("Move for this day only (select customers on a day shown first)")
    return trn("Move {n} selected customer's visit of {source} to this day only",
               "Move {n} selected customers' visits of {source} to this day only", len(movable),
               n=len(movable), source=day_title(shown[1], shown[2], panel._doc.plan))
