"""Random edits of every kind the core offers, for the undo/redo sequence tests.

:func:`undo_plan` is a small plan with what the edits act on: territories with boundaries,
homes and a rep-named territory, frequencies set by hand, the list's own cells, closing and
visit days, a calendar built over Golden Week (holidays move visits). :data:`KINDS` maps a
name to a builder ``(rng, plan) -> Edit | None`` (None: that kind makes no sense on this
plan now); the edit is what the window would push for that gesture. A builder may return an
edit the plan refuses (a PlannerError): the sequence then draws another.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

import numpy as np
import pandas as pd
import shapely

from planner import edits as E
from planner import model as m
from planner.frequency import OVERRIDES_KEY, apply_frequency_rules
from planner.geometry import boundaries_from_assignment
from planner.maps.actions import draw_edit, place_edit
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

HEADERS = ("得意先コード", "得意先名", "フリガナ", "住所", "電話番号", "ランク", "備考")


def undo_plan(seed: int, n: int = 48, *, calendar: bool = True) -> m.Plan:
    """``n`` customers in 3 territories with a calendar built from 2027-04-26 (Golden Week);
    a few values as an older plan or a file edited in another program has them (a territory
    without a name, 日,土, 午前, a lock without a territory)."""
    plan = synthetic_plan(n, territories=3, seed=seed)
    plan = plan.replace(territories=boundaries_from_assignment(plan))
    t0, t1, t2 = plan.territories
    territories = (t0.replace(name=t0.rep), t1, t2.replace(name=""))  # named after its rep; none
    c = plan.customers.copy()
    rng = np.random.default_rng(seed)
    c[m.FREQUENCY] = rng.choice([1.0, 2.0, 4.0, 8.0], size=len(c))
    c[m.SERVICE_MINUTES] = 20.0
    c.loc[c.index[::7], m.CLOSED_DAYS] = "wed"
    c.loc[c.index[3::11], m.VISIT_DAYS] = "tue"
    c.loc[c.index[5::9], m.VISIT_TIME] = "10:00-12:00"
    c.loc[c.index[::5], m.LOCKED] = True
    c.loc[c.index[-2:], m.TERRITORY] = ""  # two customers in no territory
    c.loc[c.index[-2:], m.LOCKED] = (True, False)  # an older plan's stray lock
    c.loc[c.index[1], m.CLOSED_DAYS] = "sun,sat"
    c.loc[c.index[2], m.VISIT_TIME] = "午前"
    cells = [
        c[m.CUSTOMER_ID], c[m.NAME], c[m.NAME_KANA], c[m.ADDRESS], c[m.PHONE], c[m.RANK],
        pd.Series([f"メモ{i}" for i in range(len(c))], index=c.index),
    ]
    for i, column in enumerate(cells):
        c[f"{m.ORIGINAL_PREFIX}{i}"] = column.astype(str).to_numpy(dtype=object)
    ids = list(c[m.CUSTOMER_ID])
    settings = dataclasses.replace(plan.settings, start_date="2027-04-26")
    plan = plan.replace(customers=c, territories=territories, settings=settings,
                        original_columns=HEADERS, meta={OVERRIDES_KEY: sorted(ids[:6])})
    return build_schedule(plan) if calendar else plan


# --- picking ------------------------------------------------------------------------------


def _ids(plan: m.Plan) -> list[str]:
    return [str(i) for i in plan.customers[m.CUSTOMER_ID]]


def _some(rng: random.Random, plan: m.Plan, most: int = 6) -> tuple[str, ...] | None:
    ids = _ids(plan)
    if not ids:
        return None
    return tuple(rng.sample(ids, rng.randint(1, min(most, len(ids)))))


def _territory(rng: random.Random, plan: m.Plan) -> m.Territory | None:
    return rng.choice(plan.territories) if plan.territories else None


def _near(rng: random.Random, plan: m.Plan) -> tuple[float, float]:
    """A position near a customer (inside the synthetic area)."""
    c = plan.customers
    lat = c[m.LAT].to_numpy(dtype=float)
    lon = c[m.LON].to_numpy(dtype=float)
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    k = rng.choice(ok.tolist()) if len(ok) else None
    base = (35.6, 139.7) if k is None else (lat[k], lon[k])
    return (round(base[0] + rng.uniform(-0.01, 0.01), 6), round(base[1] + rng.uniform(-0.01, 0.01), 6))


# --- customers ----------------------------------------------------------------------------


def assign(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    ids = _some(rng, plan)
    if ids is None:
        return None
    choices = [*plan.territory_ids, ""]
    if rng.random() < 0.3:  # typed in the list's cells: each their own
        return E.AssignCustomers(ids, tuple(rng.choice(choices) for _ in ids))
    return E.AssignCustomers.to(ids, rng.choice(choices))


def assign_areas(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Assigned in the window: the territory areas follow the customers."""
    ids = _some(rng, plan)
    if ids is None:
        return None
    choices = [*plan.territory_ids, ""]
    if rng.random() < 0.3:
        return E.AssignWithAreas(ids, tuple(rng.choice(choices) for _ in ids))
    return E.AssignWithAreas.to(ids, rng.choice(choices))


def frequency(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    ids = _some(rng, plan)
    value = rng.choice([0.0, 1.0, 2.0, 4.0, 8.0, 12.0, float("nan")])
    return None if ids is None else E.SetFrequency(ids, (value,) * len(ids))


def lock(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    ids = _some(rng, plan)
    if ids is None:
        return None
    if rng.random() < 0.3:
        return E.LockCustomers(ids, tuple(rng.random() < 0.5 for _ in ids))
    return E.LockCustomers(ids, rng.random() < 0.6)


def _texts(kind: type, values: list[str]) -> Callable[[random.Random, m.Plan], E.Edit | None]:
    def build(rng: random.Random, plan: m.Plan) -> E.Edit | None:
        ids = _some(rng, plan, 4)
        return None if ids is None else kind.to(ids, rng.choice(values))

    build.__name__ = kind.__name__
    return build


def move_customer(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    ids = _ids(plan)
    if not ids:
        return None
    cid = rng.choice(ids)
    if rng.random() < 0.2:
        return E.MoveCustomer(cid, float("nan"), float("nan"))  # position taken away
    lat, lon = _near(rng, plan)
    return place_edit(plan, cid, lat, lon)  # a dragged pin (joins a territory when first placed)


def edit_customer(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    ids = _ids(plan)
    if not ids:
        return None
    options = {
        m.NAME: lambda: rng.choice(["山田商店本店", "ｽｽﾞｷ商会", "カフェ青空"]),
        m.NAME_KANA: lambda: rng.choice(["ﾔﾏﾀﾞ", "スズキ", ""]),
        m.ADDRESS: lambda: rng.choice(["東京都新宿区西新宿2-8-1", "神奈川県横浜市中区1-1"]),
        m.PHONE: lambda: rng.choice(["03-1234-5678", ""]),
        m.RANK: lambda: rng.choice(["A", "ｂ", "C", "S"]),
        m.SERVICE_MINUTES: lambda: rng.choice([15, "45分", "1:30", None]),
        m.SALES: lambda: rng.choice([1200000, "120万", None]),
    }
    keys = rng.sample(list(options), rng.randint(1, 3))
    values = {k: options[k]() for k in keys}
    if rng.random() < 0.3:
        values[m.LAT], values[m.LON] = _near(rng, plan) if rng.random() < 0.8 else (None, None)
    return E.EditCustomer.of(rng.choice(ids), **values)


def add_customer(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    fields: dict[str, object] = {m.NAME: rng.choice(["新規商店", "佐藤酒店", "ミニマート"]),
                                 m.RANK: rng.choice(["A", "B", "C"])}
    if rng.random() < 0.7:
        fields[m.LAT], fields[m.LON] = _near(rng, plan)
    if rng.random() < 0.3:
        fields[m.FREQUENCY] = rng.choice(["隔週", 4, ""])
    territory = rng.choice([None, None, "", *plan.territory_ids])
    return E.AddCustomer.of(territory, **fields)


def remove_customers(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    if len(plan.customers) <= 10:
        return None
    ids = _some(rng, plan, 3)
    return None if ids is None else E.RemoveCustomers(ids)


# --- territories -------------------------------------------------------------------------


def create_territory(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    if len(plan.territories) >= 6:
        return None
    return E.CreateTerritory(E.new_territory(plan, E.free_name(plan, "新エリア")))


def draw_territory(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    if len(plan.territories) >= 6:
        return None
    lat, lon = _near(rng, plan)
    return draw_edit(plan, shapely.Point(lon, lat).buffer(rng.uniform(0.01, 0.03)))


def delete_territory(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    if len(plan.territories) <= 2:
        return None
    t = _territory(rng, plan)
    return None if t is None else E.DeleteTerritory(t.id)


def rename(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    name = rng.choice(["北エリア", "南エリア", "東京エリア", "新宿"])
    return None if t is None else E.RenameTerritory(t.id, E.free_name(plan, name))


def recolor(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    return None if t is None else E.RecolorTerritory(t.id, rng.choice(m.PALETTE))


def set_rep(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    return None if t is None else E.SetRep(t.id, rng.choice(["木村 拓也", "山田 太郎", ""]))


def set_home(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    if t is None:
        return None
    if rng.random() < 0.25:
        return E.SetHome(t.id, None, None)
    return E.SetHome(t.id, *_near(rng, plan))


def capacity(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    return None if t is None else E.SetCapacity(t.id, rng.choice([20.0, 32.0, 40.0, 45.5]))


def working_days(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    days = rng.choice([(), ("mon", "tue", "wed", "thu"), ("tue", "wed", "thu", "fri", "sat")])
    return None if t is None else E.SetWorkingDays(t.id, days)


def rep_time(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """A rep's own hours, days off or start of the day (the territory dialog)."""
    t = _territory(rng, plan)
    if t is None:
        return None
    field, value = rng.choice([
        ("day_hours", rng.choice([None, 6.0, 7.5])),
        ("days_off", rng.choice([(), ("2027-05-06",), ("2027-04-27", "2027-05-11")])),
        ("day_start", rng.choice(["", "08:30", "10:00"])),
    ])
    return E.UpdateTerritory.of(t.id, **{field: value})


def merge(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    if len(plan.territories) < 3:
        return None
    a, b = rng.sample(list(plan.territories), 2)
    return E.MergeTerritories(a.id, b.id)


def split(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    t = _territory(rng, plan)
    return None if t is None or len(plan.territories) >= 6 else E.SplitTerritory(t.id)


def reshape(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Grow a territory by a disc around a point near a customer, or shrink it."""
    shaped = [t for t in plan.territories if t.boundary is not None]
    if not shaped:
        return None
    t = rng.choice(shaped)
    lat, lon = _near(rng, plan)
    disc = shapely.Point(lon, lat).buffer(rng.uniform(0.01, 0.04))
    new = shapely.union(t.boundary, disc) if rng.random() < 0.6 else shapely.difference(
        t.boundary, disc)
    return None if new.is_empty else E.ReshapeTerritory(t.id, new)


# --- plan-wide ----------------------------------------------------------------------------


def settings(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    s = plan.settings
    field, value = rng.choice([
        ("tolerance", rng.choice([0.03, 0.05, 0.1])),
        ("day_start", rng.choice(["08:30", "09:00"])),
        ("lunch_minutes", rng.choice([0.0, 45.0, 60.0])),
        ("company_days_off", rng.choice([(), ("2027-05-06",)])),
        ("start_date", rng.choice(["2027-04-26", "2027-05-10"])),
        ("working_days", rng.choice([("mon", "tue", "wed", "thu", "fri"),
                                     ("mon", "tue", "wed", "thu", "fri", "sat")])),
        ("day_hours", rng.choice([7.0, 8.0, 9.5])),
        ("skip_holidays", rng.choice([True, False])),
        ("speed_kmh", rng.choice([25.0, 30.0])),
        ("frequency_by_rank", rng.choice([{"A": 8.0, "B": 4.0, "C": 2.0},
                                          dict(s.frequency_by_rank)])),
        ("service_minutes_by_rank", rng.choice([{"A": 40.0, "B": 30.0, "C": 20.0},
                                                dict(s.service_minutes_by_rank)])),
    ])
    return E.UpdateSettings(dataclasses.replace(s, **{field: value}))


def frequency_rules(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Frequency rules… as the dialog pushes them: the whole plan replaced."""
    rules = {"A": rng.choice([4, 8]), "B": rng.choice([2, 4]), "C": rng.choice([1, 2])}
    bands = rng.choice([None, [(0.0, 1.0), (5_000_000.0, 4.0)]])
    new = apply_frequency_rules(plan, by_rank=rules, sales_bands=bands,
                                keep_overrides=rng.random() < 0.5, keep_listed=rng.random() < 0.3)
    return E.ReplacePlan(new, "Frequency rules")


def build_calendar(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Build calendar… as the dialog pushes it: the whole plan replaced."""
    return E.ReplacePlan(build_schedule(plan), "Build calendar")


def move_visits(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Drag one or two customers' visits of a day to another day (and maybe week)."""
    s = plan.schedule
    if s is None or s.empty:
        return None
    row = s.iloc[rng.randrange(len(s))]
    same = s[(s["territory"] == row["territory"]) & (s["week"] == row["week"])
             & (s["day"] == row["day"])]
    ids = tuple(dict.fromkeys([str(row["customer_id"]),
                               str(same["customer_id"].iloc[rng.randrange(len(same))])]))
    weeks = int(plan.meta.get("schedule_weeks") or s["week"].max())
    target = (rng.randint(1, weeks) if rng.random() < 0.3 else int(row["week"]),
              rng.choice(["mon", "tue", "wed", "thu", "fri"]))
    return E.MoveVisits(ids, (int(row["week"]), str(row["day"])), target)


def batch(rng: random.Random, plan: m.Plan) -> E.Edit | None:
    """Two cheap edits as one undo step (as the window joins a placement and an assignment)."""
    steps = []
    for build in rng.sample([assign, frequency, lock, rename, set_home, move_customer], 2):
        edit = build(rng, plan)
        if edit is not None:
            steps.append(edit)
    return E.Batch(tuple(steps), "two changes") if steps else None


#: Every edit kind, by name, with its weight in the draw (the costly ones drawn less often).
KINDS: dict[str, tuple[Callable[[random.Random, m.Plan], E.Edit | None], float]] = {
    "assign": (assign, 3),
    "assign_areas": (assign_areas, 2),
    "frequency": (frequency, 3),
    "lock": (lock, 2),
    "closed_days": (_texts(E.SetClosedDays, ["sat,sun", "wed", "mon,fri", ""]), 1),
    "visit_days": (_texts(E.SetVisitDays, ["tue", "mon,thu", ""]), 1),
    "visit_week": (_texts(E.SetVisitWeek, ["1", "2", ""]), 1),
    "visit_time": (_texts(E.SetVisitTime, ["午前", "14時以降", "10:00-12:00", ""]), 1),
    "move_customer": (move_customer, 2),
    "edit_customer": (edit_customer, 2),
    "add_customer": (add_customer, 1),
    "remove_customers": (remove_customers, 2),
    "create_territory": (create_territory, 1),
    "draw_territory": (draw_territory, 1),
    "delete_territory": (delete_territory, 1),
    "rename": (rename, 1),
    "recolor": (recolor, 1),
    "set_rep": (set_rep, 1),
    "set_home": (set_home, 1),
    "capacity": (capacity, 1),
    "working_days": (working_days, 1),
    "rep_time": (rep_time, 1),
    "merge": (merge, 1),
    "split": (split, 1),
    "reshape": (reshape, 2),
    "settings": (settings, 1),
    "frequency_rules": (frequency_rules, 1),
    "build_calendar": (build_calendar, 1),
    "move_visits": (move_visits, 8),
    "batch": (batch, 1),
}


def draw_kind(rng: random.Random) -> str:
    names = list(KINDS)
    return rng.choices(names, weights=[KINDS[k][1] for k in names])[0]
