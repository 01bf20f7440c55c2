"""Realistic synthetic customer sets (Tokyo / Kanagawa / Saitama) for the sample plan, tests and benchmarks.

Customers cluster around real town centres (dense city centres, sparse suburbs),
never fall into Tokyo Bay or Sagami Bay (a water gap the designers must respect),
and carry Japanese company names, addresses, phone numbers, ranks, sales and
frequencies in the proportions route-sales lists usually have.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from planner import model as m

# (name, prefecture, city, lat, lon, weight, spread_km)
TOWNS: tuple[tuple[str, str, str, float, float, float, float], ...] = (
    ("新宿", "東京都", "新宿区", 35.6909, 139.7003, 10, 2.0),
    ("渋谷", "東京都", "渋谷区", 35.6581, 139.7017, 8, 2.0),
    ("池袋", "東京都", "豊島区", 35.7295, 139.7109, 7, 2.0),
    ("東京", "東京都", "千代田区", 35.6812, 139.7671, 9, 1.8),
    ("品川", "東京都", "品川区", 35.6093, 139.7302, 6, 2.2),
    ("上野", "東京都", "台東区", 35.7138, 139.7773, 6, 1.8),
    ("錦糸町", "東京都", "墨田区", 35.6966, 139.8140, 5, 2.0),
    ("北千住", "東京都", "足立区", 35.7497, 139.8049, 5, 2.5),
    ("葛西", "東京都", "江戸川区", 35.6637, 139.8727, 4, 2.5),
    ("蒲田", "東京都", "大田区", 35.5627, 139.7160, 5, 2.5),
    ("練馬", "東京都", "練馬区", 35.7379, 139.6541, 5, 3.0),
    ("吉祥寺", "東京都", "武蔵野市", 35.7030, 139.5797, 4, 2.5),
    ("立川", "東京都", "立川市", 35.6980, 139.4137, 5, 3.5),
    ("八王子", "東京都", "八王子市", 35.6556, 139.3389, 5, 4.5),
    ("町田", "東京都", "町田市", 35.5424, 139.4466, 4, 3.5),
    ("府中", "東京都", "府中市", 35.6720, 139.4800, 3, 3.0),
    ("横浜", "神奈川県", "横浜市西区", 35.4658, 139.6223, 9, 3.0),
    ("川崎", "神奈川県", "川崎市川崎区", 35.5308, 139.6968, 6, 2.5),
    ("武蔵小杉", "神奈川県", "川崎市中原区", 35.5762, 139.6596, 4, 2.5),
    ("新横浜", "神奈川県", "横浜市港北区", 35.5068, 139.6175, 4, 3.0),
    ("戸塚", "神奈川県", "横浜市戸塚区", 35.4013, 139.5346, 3, 3.5),
    ("横須賀", "神奈川県", "横須賀市", 35.2814, 139.6722, 3, 3.0),
    ("藤沢", "神奈川県", "藤沢市", 35.3388, 139.4876, 4, 3.5),
    ("平塚", "神奈川県", "平塚市", 35.3274, 139.3497, 3, 3.5),
    ("厚木", "神奈川県", "厚木市", 35.4403, 139.3647, 3, 4.0),
    ("相模原", "神奈川県", "相模原市中央区", 35.5712, 139.3735, 4, 4.0),
    ("小田原", "神奈川県", "小田原市", 35.2564, 139.1552, 2, 3.0),
    ("大宮", "埼玉県", "さいたま市大宮区", 35.9063, 139.6240, 7, 3.0),
    ("浦和", "埼玉県", "さいたま市浦和区", 35.8587, 139.6570, 5, 2.5),
    ("川口", "埼玉県", "川口市", 35.8018, 139.7177, 5, 2.5),
    ("所沢", "埼玉県", "所沢市", 35.7877, 139.4733, 4, 3.5),
    ("川越", "埼玉県", "川越市", 35.9078, 139.4827, 4, 3.5),
    ("越谷", "埼玉県", "越谷市", 35.8910, 139.7907, 4, 3.5),
    ("春日部", "埼玉県", "春日部市", 35.9755, 139.7524, 3, 4.0),
    ("熊谷", "埼玉県", "熊谷市", 36.1392, 139.3897, 3, 4.5),
    ("草加", "埼玉県", "草加市", 35.8253, 139.8055, 3, 3.0),
    ("上尾", "埼玉県", "上尾市", 35.9772, 139.5932, 2, 3.5),
    ("朝霞", "埼玉県", "朝霞市", 35.7972, 139.5939, 2, 3.0),
)

#: Water the customers never fall into: Tokyo Bay, Sagami Bay and the open sea south of them.
WATER = shapely.union_all(
    [
        shapely.Polygon(
            [(139.765, 35.625), (139.80, 35.645), (139.86, 35.655), (139.92, 35.66),
             (140.06, 35.62), (140.10, 35.55), (140.00, 35.42), (139.86, 35.28),
             (139.76, 35.22), (139.72, 35.27), (139.69, 35.33), (139.66, 35.42),
             (139.67, 35.47), (139.70, 35.51), (139.745, 35.57)]
        ),
        shapely.Polygon(
            [(139.05, 35.24), (139.20, 35.30), (139.40, 35.31), (139.56, 35.29),
             (139.62, 35.22), (139.66, 35.12), (139.66, 34.90), (139.00, 34.90)]
        ),
    ]
)

_PREFIXES = (
    "山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田",
    "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "石川", "前田",
    "藤田", "後藤", "岡田", "長谷川", "村上", "近藤", "坂本", "遠藤", "青木", "西村",
    "東和", "富士", "大和", "日本", "関東", "三和", "旭", "協和", "昭和", "平和", "光",
    "丸一", "双葉", "若葉", "さくら", "みどり", "ひかり", "あおば",
)
_TRADES = (
    "商店", "食品", "酒店", "薬局", "電機", "工業", "建設", "商事", "物産", "製作所",
    "運輸", "印刷", "自動車", "設備", "食堂", "ストア", "マート", "クリニック", "精肉店",
    "ベーカリー", "書店", "スーパー", "ドラッグ", "ホームセンター",
)
_FORMS = ("株式会社", "有限会社", "", "", "合同会社")


def _random_land_points(
    rng: np.random.Generator, n: int, towns: tuple[tuple[str, str, str, float, float, float, float], ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    weights = np.array([t[5] for t in towns], dtype=float)
    weights /= weights.sum()
    lat = np.empty(n)
    lon = np.empty(n)
    town = np.empty(n, dtype=np.int64)
    filled = 0
    while filled < n:
        k = int((n - filled) * 1.3) + 16
        idx = rng.choice(len(towns), size=k, p=weights)
        spread = np.array([towns[i][6] for i in idx])
        # heavy tail: most customers near the centre, some far out in the suburbs
        radius_km = np.abs(rng.standard_t(4, size=k)) * spread
        angle = rng.uniform(0, 2 * np.pi, size=k)
        clat = np.array([towns[i][3] for i in idx])
        clon = np.array([towns[i][4] for i in idx])
        plat = clat + radius_km * np.sin(angle) / 111.0
        plon = clon + radius_km * np.cos(angle) / (111.0 * np.cos(np.radians(clat)))
        ok = ~shapely.contains_xy(WATER, plon, plat)
        ok &= (plat > 35.15) & (plat < 36.30) & (plon > 139.0) & (plon < 140.05)
        take = np.flatnonzero(ok)[: n - filled]
        lat[filled : filled + len(take)] = plat[take]
        lon[filled : filled + len(take)] = plon[take]
        town[filled : filled + len(take)] = idx[take]
        filled += len(take)
    return lat, lon, town


def synthetic_customers(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` customers with every plan column filled (no territory yet)."""
    rng = np.random.default_rng(seed)
    lat, lon, town = _random_land_points(rng, n, TOWNS)
    rank = rng.choice(np.array(["A", "B", "C"], dtype=object), size=n, p=[0.15, 0.35, 0.50])
    base_sales = {"A": 12_000_000, "B": 4_000_000, "C": 1_200_000}
    sales = np.array([base_sales[r] for r in rank]) * rng.lognormal(0.0, 0.45, size=n)
    sales = np.round(sales, -3)
    freq_by_rank = {"A": 4.0, "B": 2.0, "C": 1.0}
    service_by_rank = {"A": 45.0, "B": 30.0, "C": 20.0}
    frequency = np.array([freq_by_rank[r] for r in rank])
    # a few twice-a-week and every-eight-weeks customers, as real lists have
    special = rng.random(n)
    frequency[(special < 0.02) & (rank == "A")] = 8.0
    frequency[(special > 0.95) & (rank == "C")] = 0.5
    service = np.array([service_by_rank[r] for r in rank]) + rng.choice([0, 0, 0, 15], size=n)
    names = [
        f"{rng.choice(_FORMS)}{rng.choice(_PREFIXES)}{rng.choice(_TRADES)}".strip() for _ in range(n)
    ]
    # make names unique the way real lists do: a branch suffix
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            seen[name] += 1
            names[i] = f"{name} {TOWNS[town[i]][0]}{seen[name]}号店"
        else:
            seen[name] = 1
    addresses = [
        f"{TOWNS[t][1]}{TOWNS[t][2]}{TOWNS[t][0]}{rng.integers(1, 6)}丁目"
        f"{rng.integers(1, 30)}-{rng.integers(1, 20)}"
        for t in town
    ]
    phones = [f"0{rng.integers(3, 5)}-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}" for _ in range(n)]
    records = {
        m.CUSTOMER_ID: [f"C{i + 1:06d}" for i in range(n)],
        m.NAME: names,
        m.ADDRESS: addresses,
        m.PHONE: phones,
        m.LAT: np.round(lat, 6),
        m.LON: np.round(lon, 6),
        m.RANK: rank,
        m.SALES: sales,
        m.FREQUENCY: frequency,
        m.SERVICE_MINUTES: service,
        m.TERRITORY: [""] * n,
        m.LOCKED: np.zeros(n, dtype=bool),
        m.GEOCODE: ["sheet"] * n,
    }
    return m.make_customers(records)


def synthetic_plan(n: int, *, territories: int = 8, seed: int = 0) -> m.Plan:
    """A plan of ``n`` customers split among ``territories`` reps by nearest home (k-means homes)."""
    customers = synthetic_customers(n, seed=seed)
    rng = np.random.default_rng(seed + 1)
    lat = customers[m.LAT].to_numpy()
    lon = customers[m.LON].to_numpy()
    xy = np.column_stack([lat, lon * np.cos(np.radians(35.7))])
    centres = xy[rng.choice(n, size=territories, replace=False)]
    for _ in range(15):  # a few Lloyd iterations for sensible home bases
        d = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        label = d.argmin(axis=1)
        for k in range(territories):
            if (label == k).any():
                centres[k] = xy[label == k].mean(axis=0)
    reps = ("山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太", "伊藤 由美",
            "渡辺 翔", "中村 愛", "小林 大輔", "加藤 結衣")
    terrs = []
    for k in range(territories):
        tid = f"T{k + 1:02d}"
        home_lat = float(centres[k, 0])
        home_lon = float(centres[k, 1] / np.cos(np.radians(35.7)))
        town = min(TOWNS, key=lambda t: (t[3] - home_lat) ** 2 + (t[4] - home_lon) ** 2)
        terrs.append(
            m.Territory(
                id=tid,
                name=f"{town[0]}エリア" if territories <= len(TOWNS) else f"エリア{k + 1}",
                rep=reps[k % len(reps)] if k < len(reps) else f"担当{k + 1}",
                color=m.palette_color(k),
                home_lat=round(home_lat, 6),
                home_lon=round(home_lon, 6),
            )
        )
    customers[m.TERRITORY] = np.array([terrs[k].id for k in label], dtype=object)
    return m.new_plan(customers, territories=terrs)
