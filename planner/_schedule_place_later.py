"""A visit that lost its day in a mid-cycle rebuild, put on a later working day of its rep.

:class:`Placer` tries the days from the rebuild's first day on: the visit's own week first
(nearest day first), then later weeks the customer has no visit in (a weekly customer only
its own week), never a closed day or one of the customer's closing days (定休日); a day takes
it when, routed again, it stays within the rep's hours and every visit's hours. A customer
whose only visit it is may take the place of a visit of a customer seen at least three times
(the least important first, each giving at most one, never one placed by hand).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from planner import model as m
from planner._calendar_edits import _reroute
from planner._calendar_reroute import _Stops, least_day_minutes
from planner._schedule_dates import first_monday
from planner._schedule_zones import pattern_for
from planner.closed_days import split_days
from planner.days_off import closed_cells
from planner.frequency import normalise_rank
from planner.rep_days import rep_day_hours, schedule_day_sets
from planner.visit_times import window_minutes

#: Hours a day's lower bound must pass the limit by before it is trusted without routing:
#: the day's hours are rounded to 0.001 h (above the bound by up to 0.0005 h) and compared
#: with 1e-6 h of tolerance.
_SLACK = 0.001


class Placer:
    """Puts a visit on a later working day of its rep with room, routing the day again."""

    def __init__(self, plan: m.Plan, cut: str, *, given: set[str]) -> None:
        self._plan = plan
        self._cut = cut
        s = plan.settings
        self._monday = first_monday(s)
        self._weeks = int(plan.meta.get("schedule_weeks") or 1)
        self._days = schedule_day_sets(plan, tuple(plan.meta.get("schedule_days")
                                                   or s.working_days))
        c = plan.customers
        self._row = {str(v): i for i, v in enumerate(c[m.CUSTOMER_ID].astype(str))}
        self._schedule = plan.schedule.copy()  # type: ignore[union-attr]
        #: visits given to another's only visit: [giver, territory, ISO date, customer placed]
        self.gave: list[list[str]] = []
        self._given = set(given)  # each customer gives at most one visit
        self._stops = _Stops(plan)  # positions, visit lengths: read once for every bound

    def plan(self) -> m.Plan:
        return self._plan.replace(schedule=self._schedule)

    def remove(self, cid: str, dates: Sequence[str]) -> None:
        """Take ``cid``'s visits on ``dates`` off, the days timed again in their order."""
        s = self._schedule
        gone = (s["customer_id"].astype(str) == cid) & s["date"].astype(str).isin(dates)
        slots = set(zip(s.loc[gone, "territory"], s.loc[gone, "week"], s.loc[gone, "day"],
                        strict=True))
        self._schedule = _reroute(self._plan, s[~gone].reset_index(drop=True), slots,
                                  keep_order=True)

    def place(self, cid: str, origin: str) -> str:
        """The date ``cid``'s visit planned on ``origin`` goes to ("" when none has room)."""
        c = self._plan.customers
        i = self._row.get(cid)
        if i is None or self._monday is None:
            return ""
        tid = str(c[m.TERRITORY].iat[i])
        try:
            territory = self._plan.territory(tid)
        except KeyError:
            return ""
        days = self._days[tid]
        freq = float(c[m.FREQUENCY].iat[i]) if pd.notna(c[m.FREQUENCY].iat[i]) else 0.0
        weekly = freq > 0 and pattern_for(freq, len(days)).period <= 1
        shut = {m.WEEKDAYS.index(d) for d in split_days(c[m.CLOSED_DAYS].iat[i])
                if d in m.WEEKDAYS}
        closed = closed_cells(territory, self._plan.settings, self._weeks, days)
        s = self._schedule
        mine = s[s["customer_id"].astype(str) == cid]
        seen_weeks = set(mine["week"].astype(int))
        start = dt.date.fromisoformat(origin)
        week0 = (start - self._monday).days // 7 + 1
        limit = rep_day_hours(territory, float(self._plan.settings.day_hours), len(days))
        options: list[tuple[int, int, int, str]] = []
        for w in range(1, self._weeks + 1):
            for k, d in enumerate(days):
                on = self._monday + dt.timedelta(weeks=w - 1, days=m.WEEKDAYS.index(d))
                iso = on.isoformat()
                if (iso < self._cut or (w - 1, k) in closed or m.WEEKDAYS.index(d) in shut
                        or iso in set(mine["date"].astype(str))):
                    continue
                if w != week0 and (weekly or w < week0 or w in seen_weeks):
                    continue
                options.append((0 if w == week0 else 1, abs((on - start).days), w, d))
        options.sort()
        for _same, _gap, w, d in options:
            if self._try(cid, tid, w, d, origin, limit):
                return self._date(w, d)
        if mine.empty:  # its only visit: a customer seen more often gives one of its own
            for _same, _gap, w, d in options:
                for giver in self._givers(tid, w, d):
                    if self._try(cid, tid, w, d, origin, limit, instead_of=giver):
                        self.gave.append([giver, tid, self._date(w, d), cid])
                        return self._date(w, d)
        return ""

    def _date(self, week: int, day: str) -> str:
        assert self._monday is not None
        return (self._monday + dt.timedelta(weeks=week - 1, days=m.WEEKDAYS.index(day))
                ).isoformat()

    def _givers(self, tid: str, week: int, day: str) -> list[str]:
        """Customers of the day who may give their visit to another's only visit: seen at
        least three times (two are left), not yet given one, not on days set by hand; the
        least important first (rank, then sales), six at most."""
        s = self._schedule
        counts = s["customer_id"].astype(str).value_counts()
        here = s[(s["territory"] == tid) & (s["week"] == week) & (s["day"] == day)]
        c = self._plan.customers
        hand = c[m.HAND_DAYS] if m.HAND_DAYS in c else pd.Series("", index=c.index)
        hand = hand.where(hand.notna(), "")
        given = self._given | {g[0] for g in self.gave}
        out = []
        for cid in here["customer_id"].astype(str):
            i = self._row.get(cid)
            if (i is None or counts.get(cid, 0) < 3 or cid in given
                    or str(hand.iat[i]).strip()):
                continue
            sales = pd.to_numeric(pd.Series([c[m.SALES].iat[i]]), errors="coerce").fillna(0)[0]
            out.append((normalise_rank(str(c[m.RANK].iat[i])) or "~", -float(sales), cid))
        return [cid for _r, _s, cid in sorted(out, reverse=True)[:6]]

    def _try(self, cid: str, tid: str, week: int, day: str, origin: str, limit: float,
             *, instead_of: str = "") -> bool:
        s = self._schedule
        if instead_of:
            s = s[~((s["customer_id"].astype(str) == instead_of) & (s["territory"] == tid)
                    & (s["week"] == week) & (s["day"] == day))].reset_index(drop=True)
        row = {col: s[col].iloc[0] if len(s) else "" for col in s.columns}
        row.update(territory=tid, customer_id=cid, week=week, day=day, seq=10_000,
                   moved_from=origin)
        trial = pd.concat([s, pd.DataFrame([row]).astype(s.dtypes.to_dict())],
                          ignore_index=True)
        if self._too_long(trial, tid, week, day, limit):
            return False  # no order of the day's visits fits: not routed (0.15 s a day)
        trial = _reroute(self._plan, trial, {(tid, week, day)})
        here = trial[(trial["territory"] == tid) & (trial["week"] == week)
                     & (trial["day"] == day)]
        if float(here["day_hours"].max()) > limit + 1e-6 or not _on_time(self._plan, here):
            return False
        self._schedule = trial
        return True

    def _too_long(self, trial: pd.DataFrame, tid: str, week: int, day: str,
                  limit: float) -> bool:
        """Whether day (``tid``, ``week``, ``day``) of ``trial`` is longer than ``limit``
        hours in every order (:func:`planner._calendar_reroute.least_day_minutes`, guided
        by the day's order with the new visit last): routing it could only say no."""
        here = ((trial["territory"] == tid) & (trial["week"] == week)
                & (trial["day"] == day)).to_numpy()
        ids = trial["customer_id"].astype(str).to_numpy()[here]
        over = (limit + _SLACK) * 60.0
        return least_day_minutes(self._plan, trial, tid, ids, above=over,
                                 stops=self._stops) > over


def _on_time(plan: m.Plan, day: pd.DataFrame) -> bool:
    """Whether every visit of ``day`` ends within its customer's visiting hours."""
    c = plan.customers
    hours = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.VISIT_TIME], strict=True))
    for cid, arrival, departure in zip(day["customer_id"].astype(str), day["arrival"],
                                       day["departure"], strict=True):
        window = window_minutes(hours.get(cid))
        if window is None:
            continue
        a, b = (_clock(arrival), _clock(departure))
        if a < window[0] - 1e-6 or b > window[1] + 1e-6:
            return False
    return True


def _clock(text: object) -> float:
    h, _, mm = str(text).partition(":")
    return int(h) * 60.0 + int(mm or 0)
