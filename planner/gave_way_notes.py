"""What the calendar and the route sheets say about a visit that gave way
(:mod:`planner._schedule_give_way`): on the working day that lost it, whose visit it was and
whose only visit of the cycle took its place; on the customer placed there, whose visit it
took; on the customer giving way, which visit it gave up.

The visit given is listed among the visits left out (``meta["schedule_gave_way"]``), which
the Calendar's grid and the route sheets showed only on closed days, so the day that lost a
weekly customer's visit looked like any other: the rep, finding a monthly customer where the
weekly one used to be, had nothing telling them why.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from planner import model as m
from planner._schedule_off import GAVE_WAY_KEY, gave_way_visits
from planner.i18n import language, tr, trn
from planner.schedule_index import memo


class GivenUp(NamedTuple):
    """A visit that gave way: the customer giving it up, the rep's territory, its date, the
    customer whose only visit took it, and the closed date that visit was planned on ("" when
    the calendar does not say)."""

    giver: str
    territory: str
    date: str
    placed: str
    closed: str


def given_up(plan: m.Plan, territory: str | None = None) -> list[GivenUp]:
    """The visits of the last build that gave way and still do (a hand move that carried
    one elsewhere drops it), of ``territory`` or of every rep, by date."""
    if not (plan.meta or {}).get(GAVE_WAY_KEY):  # none gave way: no calendar read
        return []
    still = gave_way_visits(plan)
    left = {(str(c), str(t), str(d)) for c, t, d in
            zip(still["customer_id"], still["territory"], still["date"], strict=True)}
    s = plan.schedule
    moved: dict[tuple[str, str], str] = {}
    if s is not None and "moved_from" in s.columns and "date" in s.columns:
        moved = memo("moved_from", s, _moved_visits)  # the grid and the day list both ask
    out = []
    for giver, tid, date, placed, *_rest in (plan.meta or {}).get(GAVE_WAY_KEY) or []:
        giver, tid, date, placed = str(giver), str(tid), str(date), str(placed)
        if (giver, tid, date) in left and territory in (None, tid):
            out.append(GivenUp(giver, tid, date, placed, moved.get((placed, date), "")))
    return sorted(out, key=lambda g: (g.date, g.giver))


def _moved_visits(s: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(customer, date) → the date it was moved from, of ``s``'s moved visits."""
    shifted = s[s["moved_from"].astype(str) != ""]
    return {(str(c), str(d)): str(f) for c, d, f in zip(
        shifted["customer_id"], shifted["date"], shifted["moved_from"], strict=True)}


def short_date(iso: str) -> str:
    """``12/29``."""
    day = dt.date.fromisoformat(iso)
    return f"{day.month}/{day.day}"


def day_text(g: GivenUp, names: dict[str, str]) -> str:
    """The day that lost the visit: ``山田商店の訪問は、12/29の休業で唯一の訪問を失う鈴木酒店に
    譲りました。``"""
    giver, placed = names.get(g.giver) or g.giver, names.get(g.placed) or g.placed
    if g.closed:
        return tr("{giver}'s visit gave way to {customer}, whose only visit of the cycle fell "
                  "on the closed day {date}.", giver=giver, customer=placed,
                  date=short_date(g.closed))
    return tr("{giver}'s visit gave way to the only visit of {customer} this cycle.",
              giver=giver, customer=placed)


def placed_text(g: GivenUp, names: dict[str, str]) -> str:
    """The customer placed on the day: ``山田商店（今週は訪問なし）の枠に入る``."""
    return tr("In the place of {giver} (no visit this week)",
              giver=names.get(g.giver) or g.giver)


def giver_text(g: GivenUp, names: dict[str, str]) -> str:
    """The customer giving way, at its other visits: ``12/22の訪問は鈴木酒店に譲りました``."""
    return tr("Its visit of {date} was given up for {customer}.", date=short_date(g.date),
              customer=names.get(g.placed) or g.placed)


def customer_names(plan: m.Plan) -> dict[str, str]:
    """Customer id → name (the id where the name is blank)."""
    c = plan.customers
    return {str(k): str(v) or str(k) for k, v in
            zip(c[m.CUSTOMER_ID], c[m.NAME].fillna(""), strict=True)}


def given_to(plan: m.Plan, gone: list[GivenUp]) -> dict[tuple[str, str], str]:
    """(customer giving way, date of the visit it gave up) → the name of the customer placed."""
    names = customer_names(plan) if gone else {}
    return {(g.giver, g.date): names.get(g.placed) or g.placed for g in gone}


def with_placed(plan: m.Plan, gone: list[GivenUp], notes: dict[object, str]) -> dict[object, str]:
    """``notes`` per schedule row label with, first on the visit placed in another's stead,
    :func:`placed_text`."""
    s = plan.schedule
    if not gone or s is None or "date" not in s.columns:
        return notes
    names = customer_names(plan)
    placed = {(g.placed, g.date): placed_text(g, names) for g in gone}
    for label, cid, date in zip(s.index, s["customer_id"].astype(str), s["date"].astype(str),
                                strict=True):
        if (cid, date) in placed:
            notes[label] = "; ".join(t for t in (placed[cid, date], notes.get(label, "")) if t)
    return notes


def _frequencies(plan: m.Plan, ids: list[str]) -> str:
    """The visit frequencies of the customers ``ids`` in words, the most common first
    (毎週, 毎週・隔週; "weekly", "weekly or every 2 weeks")."""
    from collections import Counter

    from planner.frequency import frequency_words
    from planner.territories import visits_per_week

    c = plan.customers
    per_4 = dict(zip(c[m.CUSTOMER_ID].astype(str), visits_per_week(c, settings=plan.settings)
                     * 4.0, strict=True))
    counts = Counter(frequency_words(float(per_4[i])) for i in ids if i in per_4)
    words = [w for w, _n in counts.most_common() if w]
    return ("・" if language() == "ja" else tr(" or ")).join(words)


def gave_way_sentence(plan: m.Plan) -> str:
    """The build's visits given way in one sentence a manager reads at a glance: the
    customers whose only visit of the cycle a closed day took kept a visit, and as many
    customers seen more often each lost one visit of theirs ("" when none did)."""
    gave = (plan.meta or {}).get(GAVE_WAY_KEY) or []
    still = gave_way_visits(plan)
    left = {(str(c), str(t), str(d)) for c, t, d in
            zip(still["customer_id"], still["territory"], still["date"], strict=True)}
    rows = [r for r in gave if (str(r[0]), str(r[1]), str(r[2])) in left]
    if not rows:
        return ""
    n = len(rows)  # one visit each: as many customers give as receive
    return trn(
        "{n} customer seen {placed} had the only visit of the cycle on a closed day; to keep "
        "that visit, {n} customer seen {givers} gives up one visit (its other visits stay).",
        "{n} customers seen {placed} had their only visit of the cycle on closed days; to keep "
        "those visits, {n} customers seen {givers} give up one visit each (their other visits "
        "stay).",
        n, n=f"{n:,}", placed=_frequencies(plan, [str(r[3]) for r in rows]),
        givers=_frequencies(plan, [str(r[0]) for r in rows]))
