"""What a map gesture means for the plan: page messages → edit records (pure, no Qt).

The page proposes; this module decides. A dragged boundary becomes a
``ReshapeTerritory`` edit, a drawn polygon a new territory (created and shaped in
one undo step), a dragged customer a ``MoveCustomer`` edit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner import edits
from planner import model as m
from planner.errors import PlannerError
from planner.i18n import listing, sentences, tr, trn
from planner.maps import protocol
from planner.maps.data import COORD_DIGITS


def clean_polygon(geometry: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon from a page polygon (self-crossings repaired), or an error."""
    fixed = shapely.make_valid(geometry)
    parts = [
        g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    polys: list[BaseGeometry] = []
    for part in parts:
        polys.extend(getattr(part, "geoms", [part]))
    polys = [p for p in polys if p.area > 0]
    if not polys:
        raise PlannerError(tr("The drawn area has no surface."))
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _edit_class(name: str) -> type:
    cls = getattr(edits, name, None)
    if cls is None:
        raise NotImplementedError(name)
    return cls


def reshape_edit(plan: m.Plan, territory_id: str, polygon: BaseGeometry) -> edits.Edit:
    """The edit that gives ``territory_id`` the boundary ``polygon``."""
    if territory_id not in plan.territory_ids:
        raise PlannerError(tr("Unknown territory: {id}", id=territory_id))
    exact = unrounded(polygon, plan.territory(territory_id).boundary)
    return _edit_class("ReshapeTerritory")(territory_id, clean_polygon(exact))


def unrounded(polygon: BaseGeometry, boundary: BaseGeometry | None) -> BaseGeometry:
    """``polygon`` from the page with every vertex the page had from ``boundary`` (rounded
    to :data:`COORD_DIGITS`) put back exactly, so a dragged vertex moves alone. Rounded,
    the old boundary minus the new one was hundreds of slivers along the whole ring, each
    handed over to a neighbour (seconds at 20,000 customers, and neighbours full of
    needless vertices)."""
    if boundary is None:
        return polygon
    old = shapely.get_coordinates(boundary)
    exact = dict(zip(map(tuple, np.round(old, COORD_DIGITS).tolist()), old.tolist(), strict=True))

    def put_back(xy: np.ndarray) -> np.ndarray:
        return np.array([exact.get(p, p) for p in map(tuple, xy.tolist())], dtype=float)

    return shapely.transform(polygon, put_back)


def draw_edit(plan: m.Plan, polygon: BaseGeometry) -> edits.Edit:
    """A new territory with the boundary ``polygon`` (one undo step)."""
    shape = clean_polygon(polygon)
    name = edits.free_name(plan, tr("Territory {n}", n=len(plan.territories) + 1))
    # a fresh id and an unused colour, told apart from the territories the shape meets
    territory = edits.new_territory(plan, name, near=shape)
    create = _edit_class("CreateTerritory")(territory)
    reshape = _edit_class("ReshapeTerritory")(territory.id, shape)
    return edits.Batch((create, reshape), tr("Draw territory {name}", name=name))


#: The placement pin of a territory's home base has the id ``HOME_PIN + territory id``.
HOME_PIN = "\x00home:"


def edit_for(plan: m.Plan, msg: protocol.Reshape | protocol.Draw | protocol.Move) -> edits.Edit:
    """The edit a page gesture asks for; raises :class:`PlannerError` when it makes no sense."""
    if isinstance(msg, protocol.Reshape):
        return reshape_edit(plan, msg.territory, msg.polygon)
    if isinstance(msg, protocol.Draw):
        return draw_edit(plan, msg.polygon)
    if msg.id.startswith(HOME_PIN):
        return edits.SetHome(msg.id[len(HOME_PIN):], msg.lat, msg.lon)
    return place_edit(plan, msg.id, msg.lat, msg.lon)


def unmoved(plan: m.Plan, msg: protocol.Move) -> bool:
    """A placing pin confirmed where it stood, on a position that needs no confirming: the
    customer's own trusted one (an approximate one, or a previous address's, becomes the
    manager's by the confirmation), or the home base. Nothing changes, no undo step."""
    from planner._geocode_nearby import trusted_mask

    if msg.id.startswith(HOME_PIN):
        tid = msg.id[len(HOME_PIN):]
        if tid not in plan.territory_ids:
            return False
        t = plan.territory(tid)
        return bool(t.has_home) and (t.home_lat, t.home_lon) == (msg.lat, msg.lon)
    c = plan.customers
    row = c.loc[c[m.CUSTOMER_ID] == msg.id]
    return (len(row) == 1 and (float(row[m.LAT].iloc[0]), float(row[m.LON].iloc[0]))
            == (msg.lat, msg.lon) and bool(trusted_mask(row)[0]))


def place_edit(plan: m.Plan, customer_id: str, lat: float, lon: float) -> edits.Edit:
    """Placing a customer by hand; a customer placed for the first time that has no
    territory (typed in, or imported without a position) joins the territory of its nearest
    customers in the same undo step."""
    return placed_in_territory(plan, edits.MoveCustomer(customer_id, lat, lon), customer_id,
                               lat, lon)


def placed_in_territory(
    plan: m.Plan, edit: edits.Edit, customer_id: str, lat: float, lon: float
) -> edits.Edit:
    """``edit``, which gives ``customer_id`` the position ``lat``/``lon``, with the customer
    joining the territory of its nearest customers in the same undo step when this is its
    first position and it has no territory."""
    from planner._update_match import nearest_territory

    c = plan.customers
    row = c.loc[c[m.CUSTOMER_ID] == customer_id]
    first = len(row) == 1 and not m.located_mask(row)[0] and not str(row[m.TERRITORY].iloc[0])
    territory = nearest_territory(plan, lat, lon) if first and plan.territories else ""
    if not territory:
        return edit
    assign = edits.AssignCustomers.to((customer_id,), territory)
    return edits.Batch((edit, assign), edit.describe_for(plan))


def territory_moves(before: m.Plan, after: m.Plan) -> dict[str, int]:
    """How many customers an edit moved into each territory (``""``: into none), in the
    territories' id order; empty when none moved or the customers themselves changed."""
    moves: dict[str, int] = {}
    for (_old, new), n in territory_pairs(before, after).items():
        moves[new] = moves.get(new, 0) + n
    return dict(sorted(moves.items()))


def territory_pairs(before: m.Plan, after: m.Plan) -> dict[tuple[str, str], int]:
    """How many customers an edit moved from each territory into each other (``""``: none),
    in the order of the moves; empty when none moved or the customers themselves changed."""
    ids_b = before.customers[m.CUSTOMER_ID].to_numpy(dtype=object)
    ids_a = after.customers[m.CUSTOMER_ID].to_numpy(dtype=object)
    if len(ids_a) != len(ids_b) or not (ids_a == ids_b).all():
        return {}
    old = before.customers[m.TERRITORY].to_numpy(dtype=object).astype(str)
    new = after.customers[m.TERRITORY].to_numpy(dtype=object).astype(str)
    pairs: dict[tuple[str, str], int] = {}
    for k in np.flatnonzero(old != new):
        pairs[(old[k], new[k])] = pairs.get((old[k], new[k]), 0) + 1
    return pairs


def passed_locked(before: m.Plan, after: m.Plan, territory_id: str) -> int:
    """How many locked customers the new line of ``territory_id`` passed over and left where
    they were: inside the area it gained but in another territory, or in the area it gave up
    but still its own (a lock keeps a customer in its territory, :func:`reshape_territory`)."""
    from planner.geometry import assign_by_polygons

    if territory_id not in after.territory_ids:
        return 0
    shape = after.territory(territory_id).boundary
    if shape is None:
        return 0
    c = after.customers
    locked = c[m.LOCKED].to_numpy(dtype=bool)
    if not locked.any():
        return 0
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    inside = assign_by_polygons(lat, lon, [shape]) == 0
    old = before.territory(territory_id).boundary if territory_id in before.territory_ids \
        else None
    was = (assign_by_polygons(lat, lon, [old]) == 0) if old is not None \
        else np.zeros(len(c), dtype=bool)
    own = c[m.TERRITORY].to_numpy(dtype=object) == territory_id
    gained_elsewhere = inside & ~was & ~own
    given_kept = ~inside & (was if old is not None else np.ones(len(c), dtype=bool)) & own
    located = np.isfinite(lat) & np.isfinite(lon)
    return int((locked & located & (gained_elsewhere | given_kept)).sum())


def moved_note(before: m.Plan, after: m.Plan, territory_id: str = "") -> str:
    """What a reshaped or drawn boundary did to the customers, for the status bar, from
    where to where: 「3件の顧客が練馬エリアから東京エリアに移りました。」, 「東京エリアに顧客が
    移りました: 練馬エリアから16件、草加エリアから6件。」; how many are left in no territory
    (the area given up borders no other territory); and, for the line of ``territory_id``,
    the locked customers it passed over, who stay where they were (they kept their colour
    inside the new line, unexplained)."""
    pairs = territory_pairs(before, after)
    names = {t.id: t.name or t.id for t in (*before.territories, *after.territories)}

    def name(tid: str) -> str:
        return names.get(tid, tid) if tid else tr("Unassigned")

    into = {(a, b): n for (a, b), n in pairs.items() if b}
    text = ""
    targets = {b for _, b in into}
    if len(into) == 1:
        ((a, b), n), = into.items()
        text = trn("{n} customer moved from {old} to {new}.",
                   "{n} customers moved from {old} to {new}.", n, n=f"{n:,}",
                   old=name(a), new=name(b))
    elif len(targets) == 1:
        parts = [tr("{n} from {old}", n=f"{n:,}", old=name(a)) for (a, _), n in into.items()]
        text = tr("Customers moved into {new}: {sources}.", new=name(targets.pop()),
                  sources=listing(parts))
    elif into:
        parts = [tr("{old} → {new} {n}", old=name(a), new=name(b), n=f"{n:,}")
                 for (a, b), n in into.items()]
        text = tr("Customers that changed territory: {moves}.", moves=listing(parts))
    lost = sum(n for (_, b), n in pairs.items() if not b)
    if lost:
        text = sentences(text, tr(
            "{n} customers are now in no territory: the area given up borders no other "
            "territory.", n=f"{lost:,}"))
    held = held_note(before, after, territory_id) if territory_id else ""
    if held and not text:
        text = tr("No customer changed territory.")
    return sentences(text, emptied_note(before, after), held)


def emptied_note(before: m.Plan, after: m.Plan) -> str:
    """「佐藤 花子の顧客がいなくなりました。…」 when an edit took every customer of a territory
    that had some ("" otherwise): a boundary drawn small sent all 85 of 佐藤 花子's customers
    to 鈴木 一郎 and the note named only the move, not that her territory was left empty."""
    had = set(before.customers[m.TERRITORY].astype(str)) - {""}
    has = set(after.customers[m.TERRITORY].astype(str))
    names = [t.name or t.id for t in after.territories if t.id in had and t.id not in has]
    if not names:
        return ""
    return trn("{names} has no customers left; Undo brings them back.",
               "{names} have no customers left; Undo brings them back.", len(names),
               names=listing(names))


def over_hours_note(before: m.Plan, after: m.Plan,
                    figures: Callable[[m.Plan], pd.DataFrame] | None = None) -> str:
    """「佐藤 花子は週47.8時間になり、稼働時間（40時間）を超えます。」 for each rep an edit gave
    customers to whose week it took over their hours, or further over (the Territories
    table's red figure, said where the manager looks after the edit); "" for none.
    ``figures``: the territories' figures of a plan (the window's cached ones), else
    :func:`planner.territories.territory_metrics`."""
    from planner.rep_days import rep_name
    from planner.territories import capacity_hours, territory_metrics

    gained = {b for (_a, b), _n in territory_pairs(before, after).items() if b}
    if not gained:
        return ""
    figures = figures or territory_metrics
    was, now = figures(before), figures(after)
    capacity = dict(zip(after.territory_ids, capacity_hours(after.territories, after.settings),
                        strict=True))
    said = []
    for t in after.territories:
        if t.id not in gained or t.id not in now.index:
            continue
        hours = float(now.at[t.id, "workload_hours_per_week"])
        use = float(now.at[t.id, "capacity_use"])
        before_hours = float(was.at[t.id, "workload_hours_per_week"]) if t.id in was.index \
            else 0.0
        if np.isfinite(use) and use > 1.0 + 5e-3 and hours > before_hours + 0.05:
            said.append(tr("{rep} now works {hours:.1f} h a week, more than their hours "
                           "({capacity:g} h).", rep=rep_name(t), hours=hours,
                           capacity=float(capacity[t.id])))
    return sentences(*said)


def held_note(before: m.Plan, after: m.Plan, territory_id: str) -> str:
    """「固定されている顧客2件は、境界を変えても元のテリトリーのままです。」 when the line of
    ``territory_id`` passed over locked customers (:func:`passed_locked`), else ""."""
    held = passed_locked(before, after, territory_id)
    if not held:
        return ""
    return trn("{n} locked customer stayed in its territory across the new line.",
               "{n} locked customers stayed in their territories across the new line.",
               held, n=f"{held:,}")


def drawn_note(before: m.Plan, after: m.Plan) -> str:
    """What drawing a new territory did, for the status bar: the territory made, by name, and
    where to set its rep, then its customers (:func:`moved_note`), or that it has none yet
    (an area drawn where no customer is said only 「テリトリーが変わった顧客はいません。」,
    not that a territory was made)."""
    was = set(before.territory_ids)
    made = [t for t in after.territories if t.id not in was]
    if not made:
        return moved_note(before, after) or tr("No customer changed territory.")
    name = made[0].name or made[0].id
    # a drawn territory has no rep: say how to give it one, before its moves (the bar cuts)
    rep = "" if made[0].rep.strip() else tr(
        "Set its rep: double-click its Rep cell in the Territories list and type the name.")
    if not territory_pairs(before, after):
        return sentences(tr("Created territory {name}; it has no customers yet.", name=name),
                         rep, held_note(before, after, made[0].id))
    return sentences(tr("Created territory {name}.", name=name), rep,
                     moved_note(before, after, made[0].id))
