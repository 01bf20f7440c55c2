"""Two plans side by side: which territory design (案) is better, and what changing costs.

A manager tries alternatives — eight reps or nine, whole municipalities or not, the present
map or a fresh design — by saving each as its own plan file. :func:`compare_plans` puts two
of them side by side on the same customers: the plan's figures (balance, compactness, the
reps' weeks, the calendar's kilometres), each territory's figures in both, and the cost of
going from one to the other — the customers who would change territory (and so rep), those
whose visit day would change, and those in only one of the files. Customers are matched by
code (``001234`` = ``1234``, as the monthly update matches them); territories by id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import calendar_weeks
from planner._schedule_keep import pattern_visits
from planner._schedule_keep_off import previous_visits
from planner._update_match import code_keys
from planner.export.common import visit_pattern
from planner.export.figures import calendar_km_per_week
from planner.i18n import tr, trn
from planner.stats import schedule_summary
from planner.territories import (
    MEASURES,
    balance_summary,
    compactness,
    deviation_text,
    service_hours_per_week,
    territory_metrics,
)

#: The plan figures compared, in the order they are shown: key → (label, format, lower is better).
OVERALL: dict[str, tuple[str, str, bool | None]] = {
    "territories": ("Territories", "{:,.0f}", None),
    "assigned": ("Customers in a territory", "{:,.0f}", None),
    "max_deviation": ("Largest deviation", "{:.1%}", True),
    "cv": ("Variation", "{:.1%}", True),
    "compactness_km": ("Compactness (mean km to the centre)", "{:.2f}", True),
    "workload_hours_per_week": ("Work of all reps (h a week)", "{:,.1f}", True),
    "busiest_hours_per_week": ("Busiest rep (h a week)", "{:,.1f}", True),
    "over_hours": ("Reps over their hours", "{:,.0f}", True),
    "calendar_days": ("Working days in the calendar", "{:,.0f}", None),
    "calendar_visits": ("Visits in the calendar", "{:,.0f}", None),
    "calendar_km": ("Calendar travel (km)", "{:,.0f}", True),
    # an 8-week calendar (customers seen every 8 weeks) against a 4-week one compares here
    "calendar_km_per_week": ("Calendar km per working week", "{:,.0f}", True),
    # calendars of different days (December's holidays against a plain cycle) compare here
    "calendar_km_per_visit": ("Calendar km per visit", "{:.2f}", True),
    "longest_day_hours": ("Longest day (h)", "{:.1f}", True),
    "unscheduled": ("Unscheduled customers", "{:,.0f}", True),
}

#: Columns of :attr:`PlanComparison.moved` (one row per customer who changes territory).
MOVED_COLUMNS = ("customer_id", "name", "address", "from_territory", "to_territory",
                 "hours_per_week", "days_before", "days_after")


@dataclass(frozen=True)
class PlanComparison:
    """Plan A (usually the open one) against plan B; "from" is A, "to" is B."""

    labels: tuple[str, str]
    measure: str  # the balance measure both plans' deviations are taken on (A's)
    overall: pd.DataFrame  # index OVERALL's keys present; columns "a", "b"
    territories: pd.DataFrame  # index: territory id (A's order, then B's new ones)
    moved: pd.DataFrame  # MOVED_COLUMNS; territories by name ("" = none)
    only_a: int  # customers in A and not in B (e.g. closed since B was saved)
    only_b: int
    common: int
    frequency_changed: int  # customers in both whose visit frequency differs
    days_changed: int | None  # … whose calendar days differ (None: see ``calendars``)
    calendars: tuple[str, str] = ("none", "none")  # each plan's calendar: none, stale or built
    #: customers who keep their territory but get other visit days (MOVED_COLUMNS; empty
    #: unless both calendars are built and up to date)
    rescheduled: pd.DataFrame = dataclasses.field(
        default_factory=lambda: pd.DataFrame(columns=list(MOVED_COLUMNS)))
    #: the paths of the lists both plans came from: no output of the comparison replaces one
    sources: tuple[str, ...] = ()

    @property
    def moved_hours(self) -> float:
        """The visit hours a week that change hands (B's visit times)."""
        return float(self.moved["hours_per_week"].sum()) if len(self.moved) else 0.0

    def flows(self) -> pd.DataFrame:
        """Customers and visit hours a week from each territory to each other, most first."""
        if self.moved.empty:
            return pd.DataFrame(columns=["from_territory", "to_territory", "customers",
                                         "hours_per_week"])
        out = (
            self.moved.groupby(["from_territory", "to_territory"], sort=False)
            .agg(customers=("customer_id", "size"), hours_per_week=("hours_per_week", "sum"))
            .reset_index()
        )
        return out.sort_values(["customers", "hours_per_week"], ascending=False,
                               kind="stable").reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """``compare --json``: plain numbers, territories and flows as lists of objects."""

        def plain(v: Any) -> Any:
            if isinstance(v, (np.integer, np.floating)):
                v = v.item()
            return None if isinstance(v, float) and not np.isfinite(v) else v

        terr = self.territories.reset_index()
        return {
            "labels": list(self.labels),
            "measure": self.measure,
            "a": {k: plain(v) for k, v in self.overall["a"].items()},
            "b": {k: plain(v) for k, v in self.overall["b"].items()},
            "territories": [{k: plain(v) for k, v in row.items()}
                            for row in terr.to_dict(orient="records")],
            "moved_customers": int(len(self.moved)),
            "moved_hours_per_week": round(self.moved_hours, 2),
            "flows": [{k: plain(v) for k, v in row.items()}
                      for row in self.flows().to_dict(orient="records")],
            "only_a": self.only_a,
            "only_b": self.only_b,
            "common": self.common,
            "frequency_changed": self.frequency_changed,
            "days_changed": self.days_changed,
            "calendars": list(self.calendars),
        }

    def summary_lines(self) -> list[str]:
        """The comparison in a few sentences (the dialog, the command, the workbook)."""
        a, b = self.labels
        lines = [tr("{a} against {b}: {n} customers in both.", a=a, b=b, n=f"{self.common:,}")]
        if len(self.moved):
            lines.append(tr("{n} customers change territory ({h} visit hours a week).",
                            n=f"{len(self.moved):,}", h=f"{self.moved_hours:,.1f}"))
        else:
            lines.append(tr("No customer changes territory."))
        if self.days_changed is not None:
            lines.append(trn(
                "{n} customer would be visited on other days.",
                "{n} customers would be visited on other days.",
                self.days_changed,
                n=f"{self.days_changed:,}"))
        if self.frequency_changed:
            lines.append(trn(
                "{n} customer has another visit frequency.",
                "{n} customers have another visit frequency.",
                self.frequency_changed,
                n=f"{self.frequency_changed:,}"))
        if self.only_a or self.only_b:
            lines.append(tr("Customers only in {a}: {na}; only in {b}: {nb}.", a=a, b=b,
                            na=f"{self.only_a:,}", nb=f"{self.only_b:,}"))
        note = self.calendar_note()
        return lines + ([note] if note else [])

    def figure_rows(self) -> list[list[str]]:
        """[label, A, B] for each figure of :data:`OVERALL`, as the tables show them."""
        return [[tr(OVERALL[k][0]), figure_text(k, self.overall.at[k, "a"]),
                 figure_text(k, self.overall.at[k, "b"])] for k in self.overall.index]

    def territory_rows(self) -> list[list[str]]:
        """[id, name, rep, customers, hours a week, of hours, deviation], ``A → B`` where they
        differ (— where a territory is in one plan only; a territory without customers has
        no deviation: 「顧客なし」, as the Territories dock and the design dialog say)."""
        return [
            [tid, _changed(r.name_a, r.name_b), _changed(r.rep_a, r.rep_b),
             _pair(r.customers_a, r.customers_b, "{:,.0f}"),
             _pair(r.hours_a, r.hours_b, "{:.1f}"),
             _pair(r.capacity_use_a, r.capacity_use_b, "{:.0%}"),
             _deviation_pair(r.deviation_a, r.customers_a, r.deviation_b, r.customers_b)]
            for tid, r in zip(self.territories.index,
                              self.territories.itertuples(index=False), strict=True)
        ]

    def moved_table(self) -> tuple[list[str], list[list[Any]]]:
        """(headers, rows) of the customers to tell: those who change territory (and so rep),
        then those who keep it but get other visit days, with their visit days in both."""
        a, b = self.labels
        headers = [tr("Change"), tr("Code"), tr("Name"), tr("Address"),
                   territory_in(a), territory_in(b), tr("Visit hours a week"),
                   visit_days_in(a), visit_days_in(b)]
        rows = [[change, r.customer_id, r.name, r.address, r.from_territory, r.to_territory,
                 round(float(r.hours_per_week), 2), r.days_before, r.days_after]
                for change, frame in ((tr("New rep"), self.moved),
                                      (tr("New visit day"), self.rescheduled))
                for r in frame.itertuples(index=False)]
        return headers, rows

    def calendar_note(self) -> str:
        """Why the calendar figures or day changes are missing ("" when both calendars are
        built and up to date)."""
        for label, state in zip(self.labels, self.calendars, strict=True):
            if state == "none":
                return tr("{plan} has no calendar yet: build it to compare kilometres and "
                          "visit days.", plan=label)
            if state == "stale":
                return tr("{plan}'s calendar is out of date (the plan changed since): build it "
                          "again to compare kilometres and visit days.", plan=label)
        days = self.overall.loc["calendar_days"] if "calendar_days" in self.overall.index else None
        if days is not None and np.isfinite(days["a"]) and days["a"] != days["b"]:
            return tr("The two calendars have different numbers of working days ({a}: {da}, "
                      "{b}: {db}; holidays or another cycle): compare km per working week or per "
                      "visit rather than total km.", a=self.labels[0], b=self.labels[1],
                      da=f"{days['a']:,.0f}", db=f"{days['b']:,.0f}")
        return ""


#: Headers of :meth:`PlanComparison.territory_rows`.
TERRITORY_HEADERS = ("ID", "Territory name", "Rep", "Customers", "Hours/week", "Of hours",
                     "Deviation")


def _pair(a: float, b: float, fmt: str | Callable[[float], str]) -> str:
    """``a → b``, one value when they read the same, ``—`` for a value one plan lacks."""
    text = fmt if callable(fmt) else fmt.format
    ta = "—" if not np.isfinite(a) else text(a)
    tb = "—" if not np.isfinite(b) else text(b)
    return ta if ta == tb else f"{ta} → {tb}"


def _deviation_pair(a: float, customers_a: float, b: float, customers_b: float) -> str:
    """A territory's deviation ``a → b`` (:func:`_pair`): 「—」 in a plan without the
    territory (no customer count there), 「顧客なし」 in one where it has no customers
    (:func:`~planner.territories.deviation_text`, as the Territories dock and the design
    dialog say it)."""
    ta = "—" if not np.isfinite(customers_a) else deviation_text(a)
    tb = "—" if not np.isfinite(customers_b) else deviation_text(b)
    return ta if ta == tb else f"{ta} → {tb}"


def _changed(a: str, b: str) -> str:
    """A name in both plans: ``a``, or ``a → b`` when it changed (``b`` when new)."""
    return a if a == b or not b else (f"{a} → {b}" if a else b)


def figure_text(key: str, value: float) -> str:
    """One of :data:`OVERALL`'s figures as the tables show it ("—" when there is none)."""
    if not np.isfinite(value):
        return "—"
    return OVERALL[key][1].format(value)


def calendar_state(plan: m.Plan) -> str:
    """``none`` (no calendar), ``stale`` (the plan changed since it was built) or ``built``."""
    if plan.schedule is None:
        return "none"
    return "stale" if plan.meta.get("schedule_stale", False) else "built"


def plan_figures(plan: m.Plan, *, measure: str | None = None) -> dict[str, float]:
    """The figures :data:`OVERALL` names for one plan (calendar ones NaN without a calendar)."""
    metrics = territory_metrics(plan, balance=measure)
    balance = balance_summary(metrics, measure or plan.settings.balance)
    work = metrics["workload_hours_per_week"].to_numpy(dtype=float)
    use = metrics["capacity_use"].to_numpy(dtype=float)
    out: dict[str, float] = {
        "territories": float(len(plan.territories)),
        "assigned": float(metrics["customers"].sum()) if len(metrics) else 0.0,
        "max_deviation": float(balance["max_deviation"]),
        "cv": float(balance["cv"]),
        "compactness_km": compactness(plan),
        "workload_hours_per_week": float(work.sum()),
        "busiest_hours_per_week": float(work.max()) if len(work) else 0.0,
        "over_hours": float((use > 1.0).sum()),
        "calendar_days": float("nan"),
        "calendar_visits": float("nan"),
        "calendar_km": float("nan"),
        "calendar_km_per_week": float("nan"),
        "calendar_km_per_visit": float("nan"),
        "longest_day_hours": float("nan"),
        "unscheduled": float("nan"),
    }
    s = schedule_summary(plan)
    if s is not None and plan.schedule is not None and calendar_state(plan) == "built":
        days = plan.schedule[["week", "day"]].drop_duplicates()  # (an old one would mislead)
        out |= {"calendar_km": float(s["travel_km"]), "longest_day_hours": float(s["max_day_hours"]),
                "unscheduled": float(s["unscheduled"]), "calendar_days": float(len(days)),
                "calendar_visits": float(s["visits"]),
                "calendar_km_per_visit": float(s["travel_km"]) / s["visits"] if s["visits"]
                else float("nan")}
        week_km = calendar_km_per_week(plan)  # the reps' km a working week
        if week_km is not None:
            out["calendar_km_per_week"] = float(week_km.sum())
    return out


def _territory_table(a: m.Plan, b: m.Plan, measure: str) -> pd.DataFrame:
    """Each territory's name, rep and figures in A and in B (NaN where it does not exist)."""
    cols = {"customers": "customers", "hours": "workload_hours_per_week", "sales": "sales",
            "deviation": "deviation", "capacity_use": "capacity_use"}
    ma, mb = territory_metrics(a, balance=measure), territory_metrics(b, balance=measure)
    ids = list(a.territory_ids) + [t for t in b.territory_ids if t not in set(a.territory_ids)]
    frame = pd.DataFrame(index=pd.Index(ids, name="territory", dtype=object))
    names_a = {t.id: t for t in a.territories}
    names_b = {t.id: t for t in b.territories}
    frame["name_a"] = [names_a[t].name if t in names_a else "" for t in ids]
    frame["name_b"] = [names_b[t].name if t in names_b else "" for t in ids]
    frame["rep_a"] = [names_a[t].rep if t in names_a else "" for t in ids]
    frame["rep_b"] = [names_b[t].rep if t in names_b else "" for t in ids]
    for short, col in cols.items():
        frame[f"{short}_a"] = ma[col].reindex(ids).to_numpy(dtype=float)
        frame[f"{short}_b"] = mb[col].reindex(ids).to_numpy(dtype=float)
    return frame


def _day_masks(schedule: pd.DataFrame | None, ids: np.ndarray) -> np.ndarray:
    """Each customer's calendar days as 7 bit masks of weeks, one per weekday (week w is bit
    w - 1; all 0 without visits): equal masks, equal visit days. Vectorised, so 100,000
    customers' calendars compare in a fraction of a second."""
    out = np.zeros((len(ids), len(m.WEEKDAYS)), dtype=np.int64)
    if schedule is None or not len(schedule) or not len(ids):
        return out
    day = schedule["day"].map({d: i for i, d in enumerate(m.WEEKDAYS)}).to_numpy()
    week = schedule["week"].to_numpy(dtype=np.int64)
    ok = np.isfinite(day.astype(float)) & (week >= 1) & (week <= MAX_MASK_WEEK)
    frame = pd.DataFrame({"c": schedule["customer_id"].astype(str).to_numpy()[ok],
                          "d": day[ok].astype(np.int64),
                          "v": np.left_shift(np.int64(1), week[ok] - 1)}).drop_duplicates()
    masks = frame.groupby(["c", "d"])["v"].sum().unstack(fill_value=0)
    masks = masks.reindex(columns=range(len(m.WEEKDAYS)), fill_value=0)
    return masks.reindex(pd.Index(ids, dtype=object), fill_value=0).to_numpy(dtype=np.int64)


#: Weeks a day mask holds (a calendar's horizon is at most a year: 52 weeks).
MAX_MASK_WEEK = 62


def _words(masks: np.ndarray, weeks: int) -> list[str]:
    """:func:`_day_masks` rows in words (``毎週 火``), each distinct pattern worded once
    (found by hashing the rows: no Python object per customer, so 100,000 rows cost tens
    of milliseconds)."""
    if not len(masks):
        return []
    # the distinct rows by hashing (np.unique(axis=0) sorts them: 0.6–0.8 s at 100,000)
    which = pd.DataFrame(masks).groupby(list(range(masks.shape[1])), sort=False).ngroup()
    which = which.to_numpy(dtype=np.int64)
    _codes, first = np.unique(which, return_index=True)
    patterns = masks[first]
    words = []
    for row in patterns.tolist():
        by_day = {m.WEEKDAYS[d]: [w + 1 for w in range(MAX_MASK_WEEK) if bits >> w & 1]
                  for d, bits in enumerate(row) if bits}
        words.append(visit_pattern(by_day, cycle_weeks=weeks) if by_day else "")
    return np.array(words, dtype=object)[np.ravel(which)].tolist()


def _none_said(words: list[str], plan: m.Plan) -> list[str]:
    """``words`` with a customer its built calendar does not visit said so (訪問なし), not
    left blank as if the day were unknown."""
    if calendar_state(plan) != "built":
        return words
    return [w or tr("No visit") for w in words]


def compare_plans(
    a: m.Plan, b: m.Plan, *, labels: tuple[str, str] = ("A", "B"), balance: str | None = None
) -> PlanComparison:
    """Plan ``a`` against plan ``b`` on the customers they share (matched by code).

    Deviations are taken on ``balance`` (default: A's measure) in both, so the two are
    measured alike; a customer "moves" when its territory id differs (a customer in no
    territory in one of them counts too).
    """
    measure = balance or a.settings.balance
    if measure not in MEASURES:
        measure = "workload"
    ca, cb = a.customers, b.customers
    key_a = pd.Series(code_keys(ca[m.CUSTOMER_ID].to_numpy()))
    key_b = pd.Series(code_keys(cb[m.CUSTOMER_ID].to_numpy()))
    # the first of a repeated code is the one matched; the others count as in one plan only
    first_a = ~key_a.duplicated().to_numpy()
    lookup_b = pd.Series(np.arange(len(cb)), index=key_b)[~key_b.duplicated().to_numpy()]
    rows_b = lookup_b.reindex(key_a.to_numpy()).to_numpy()
    both = first_a & np.isfinite(rows_b)
    ia = np.flatnonzero(both)
    ib = rows_b[both].astype(np.int64)

    terr_a = ca[m.TERRITORY].astype(str).to_numpy(dtype=object)[ia]
    terr_b = cb[m.TERRITORY].astype(str).to_numpy(dtype=object)[ib]
    diff = terr_a != terr_b
    names_a = {t.id: t.name for t in a.territories}
    names_b = {t.id: t.name for t in b.territories}
    ids_a = ca[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[ia]
    ids_b = cb[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[ib]
    # every visit each calendar planned, those a holiday or the year-end closure took too (a
    # customer whose only December visit fell on 12/31 keeps its day in January: no news)
    days_a = _day_masks(previous_visits(a) if calendar_state(a) == "built" else None, ids_a)
    days_b = _day_masks(previous_visits(b) if calendar_state(b) == "built" else None, ids_b)
    hours = service_hours_per_week(cb, b.settings)[ib]

    def listed(mask: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({
            "customer_id": ids_a[mask],
            "name": ca[m.NAME].astype(str).to_numpy(dtype=object)[ia][mask],
            "address": ca[m.ADDRESS].astype(str).to_numpy(dtype=object)[ia][mask],
            "from_territory": [names_a.get(t, "") for t in terr_a[mask]],
            "to_territory": [names_b.get(t, "") for t in terr_b[mask]],
            "hours_per_week": hours[mask],
            "days_before": _none_said(_words(days_a[mask], calendar_weeks(a)), a),
            "days_after": _none_said(_words(days_b[mask], calendar_weeks(b)), b),
        }, columns=list(MOVED_COLUMNS))

    freq_a = ca[m.FREQUENCY].to_numpy(dtype=float)[ia]
    freq_b = cb[m.FREQUENCY].to_numpy(dtype=float)[ib]
    freq_changed = ~np.isclose(freq_a, freq_b, equal_nan=True)
    calendars = (calendar_state(a), calendar_state(b))
    days_changed = None
    other_days = np.zeros(len(ia), dtype=bool)
    if calendars == ("built", "built"):
        other_days = (days_a != days_b).any(axis=1)
        days_changed = int(other_days.sum())

    fa, fb = plan_figures(a, measure=measure), plan_figures(b, measure=measure)
    overall = pd.DataFrame({"a": fa, "b": fb}).reindex(list(OVERALL))
    return PlanComparison(
        labels=labels,
        measure=measure,
        overall=overall,
        territories=_territory_table(a, b, measure),
        moved=listed(diff),
        rescheduled=listed(other_days & ~diff),
        only_a=int(len(ca) - len(ia)),
        only_b=int(len(cb) - len(ib)),
        common=int(len(ia)),
        frequency_changed=int(freq_changed.sum()),
        days_changed=days_changed,
        calendars=calendars,
        sources=(*a.source_paths(), *b.source_paths()),
    )


def visit_day_texts(plan: m.Plan, ids: np.ndarray, *, few: bool = False) -> list[str]:
    """The calendar days of the customers ``ids`` in words (``毎週 火``; "" without visits),
    each distinct pattern worded once; ``few``: only these customers' visits are read (a hand
    move's: not the whole calendar's)."""
    visits = pattern_visits(plan, [str(i) for i in ids] if few else None)
    return _words(_day_masks(visits, ids), calendar_weeks(plan))


def territory_in(label: str) -> str:
    """The column of a plan's territories: ``Territory in idea``; the window's own plan
    (labelled ``This plan``, a column's first word) reads ``Territory in this plan``."""
    if label == tr("This plan"):
        return tr("Territory in this plan")
    return tr("Territory in {plan}", plan=label)


def visit_days_in(label: str) -> str:
    """``Visit days in idea`` / ``Visit days in this plan`` (as :func:`territory_in`)."""
    if label == tr("This plan"):
        return tr("Visit days in this plan")
    return tr("Visit days in {plan}", plan=label)


def plan_labels(path_a: str, path_b: str) -> tuple[str, str]:
    """Short names of two plan files: their names, with the folder when the names are alike."""
    from pathlib import Path

    pa, pb = Path(path_a).resolve(), Path(path_b).resolve()
    if pa.name != pb.name:
        return pa.stem, pb.stem
    if pa == pb:  # one file given twice: the same name twice, as it is
        return pa.stem, pb.stem
    return f"{pa.parent.name}/{pa.stem}", f"{pb.parent.name}/{pb.stem}"


def write_moved_csv(comparison: PlanComparison, path: Any) -> None:
    """The customers to tell (:meth:`PlanComparison.moved_table`), as a CSV file Excel opens
    (written atomically)."""
    from planner.spreadsheet import write_csv

    write_csv(path, *comparison.moved_table(), source=comparison.sources)
