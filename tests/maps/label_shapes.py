"""Six territories of awkward shapes around Tokyo (an L, two parts, a ring round another),
for the tests of where the maps draw the territories' names."""

import shapely

from planner import model as m

BOUNDARIES = {
    # an L: a block and an arm going north beside 北
    "T01": shapely.union(shapely.box(139.50, 35.60, 139.70, 35.70),
                         shapely.box(139.50, 35.70, 139.56, 35.85)),
    "T02": shapely.box(139.70, 35.60, 139.90, 35.70),
    "T03": shapely.box(139.56, 35.70, 139.90, 35.85),
    # two parts: the coast and an island
    "T04": shapely.MultiPolygon([shapely.box(139.90, 35.60, 140.00, 35.70),
                                 shapely.box(139.93, 35.50, 139.96, 35.53)]),
    # a ring round 中央 (its middle is a hole)
    "T05": shapely.box(139.50, 35.45, 139.90, 35.60).difference(
        shapely.box(139.65, 35.50, 139.75, 35.55)),
    "T06": shapely.box(139.65, 35.50, 139.75, 35.55),
}
NAMES = {"T01": "西エリア", "T02": "東エリア", "T03": "北エリア", "T04": "湾岸エリア",
         "T05": "南エリア", "T06": "中央エリア"}


def labels_plan() -> m.Plan:
    """Six territories of awkward shapes around Tokyo, a few customers each (unequal)."""
    ids, lat, lon, terr = [], [], [], []
    for k, (tid, shape) in enumerate(BOUNDARIES.items()):
        for j in range(k + 2):  # 2 … 7 customers: the names rank differently
            w, s, e, n = shape.bounds
            x, y = w + (e - w) * (j + 1) / (k + 3), s + (n - s) * 0.2
            if not shape.contains(shapely.Point(x, y)):
                x, y = shape.representative_point().x, shape.representative_point().y
            ids.append(f"c{k}{j}")
            lat.append(y)
            lon.append(x)
            terr.append(tid)
    customers = m.make_customers({
        m.CUSTOMER_ID: ids, m.NAME: [f"商店{i}" for i in ids], m.LAT: lat, m.LON: lon,
        m.TERRITORY: terr,
    })
    territories = []
    for k, (tid, shape) in enumerate(BOUNDARIES.items()):
        w, s, e, n = shape.bounds  # a home in a corner, away from the label point
        home = shapely.Point(w + (e - w) * 0.1, s + (n - s) * 0.15)
        if not shape.contains(home):
            home = shape.representative_point()
        territories.append(m.Territory(tid, NAMES[tid], rep=f"担当{k}", color=m.PALETTE[k],
                                       boundary=shape, home_lat=home.y, home_lon=home.x))
    return m.new_plan(customers, territories=territories)
