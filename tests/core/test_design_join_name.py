"""A joining rep's territory is named as the manager names the others (「<場所>エリア」)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from design_helpers import readme_chain

from planner import model as m
from planner._design_join import Joining
from planner._design_join_name import place_of
from planner._design_subset import touching_territories
from planner.areas import municipality
from planner.design import design_territories

IKEBUKURO = (35.7289, 139.7101)


@pytest.fixture(scope="module")
def eight(tmp_path_factory) -> m.Plan:
    """The README's sample chain: 東京エリア, 新横浜エリア, 立川エリア … around the homes."""
    from planner.store import load_plan

    return load_plan(readme_chain(tmp_path_factory.mktemp("join_name")))


def _join(plan: m.Plan, tid: str, **kw) -> tuple[m.Territory, m.Plan]:
    group = [t for t in plan.territory_ids if t in {tid, *touching_territories(plan, tid)}]
    result = design_territories(plan, only=group, count=len(group) + 1, keep_existing=True,
                                seeds="homes", tolerance=0.05, joining=Joining(tid, **kw))
    new = next(t for t in result.plan.territories if t.id not in plan.territory_ids)
    return new, result.plan


def _main_municipality(plan: m.Plan, tid: str) -> str:
    c = plan.customers
    names = pd.Series([municipality(a)[1] for a in c.loc[c[m.TERRITORY] == tid, m.ADDRESS]])
    counts = names[names != ""].value_counts()
    return sorted(counts.index, key=lambda n: (-counts[n], n))[0]


def test_a_rep_joining_beside_tachikawa_gets_the_place_of_most_of_their_customers(
    eight: m.Plan,
) -> None:
    """Before: 「テリトリー9」 beside 東京エリア, 立川エリア …; now "<place>エリア" as the others."""
    new, after = _join(eight, "T03", rep="小林 直樹")
    main = _main_municipality(after, new.id)
    assert new.name == place_of(main, suffix=False) + "エリア"
    assert new.name not in {t.name for t in eight.territories}


def test_a_rep_with_a_home_address_gets_the_place_of_their_home(eight: m.Plan) -> None:
    new, _after = _join(eight, "T01", rep="小林 直樹", home=IKEBUKURO,
                        address="東京都豊島区南池袋1丁目28-1")
    assert new.name == "豊島エリア"
    # an address not found (no home placed) still names the place the manager typed
    new, after = _join(eight, "T01", rep="小林 直樹", address="東京都豊島区南池袋1丁目28-1")
    assert new.name == "豊島エリア"
    assert place_of(_main_municipality(after, new.id), suffix=False) != "豊島"


def test_a_home_without_an_address_is_placed_by_the_customers_nearest_it(
    eight: m.Plan,
) -> None:
    c = eight.customers
    d = np.hypot(c[m.LAT] - IKEBUKURO[0],
                 (c[m.LON] - IKEBUKURO[1]) * np.cos(np.radians(IKEBUKURO[0])))
    nearest = {municipality(a)[1] for a in c[m.ADDRESS].iloc[np.argsort(d.to_numpy())[:5]]}
    new, _after = _join(eight, "T01", home=IKEBUKURO)
    assert new.name in {place_of(n, suffix=False) + "エリア" for n in nearest}


def test_a_place_another_territory_is_named_after_is_not_used_twice(eight: m.Plan) -> None:
    renamed = eight.replace(territories=tuple(
        t.replace(name="豊島エリア") if t.id == "T02" else t for t in eight.territories))
    new, after = _join(renamed, "T01", home=IKEBUKURO, address="東京都豊島区南池袋1丁目28-1")
    assert new.name != "豊島エリア" and new.name.endswith("エリア")
    assert new.name not in {t.name for t in renamed.territories}


def test_territories_not_named_by_place_keep_the_usual_name(eight: m.Plan) -> None:
    teams = eight.replace(territories=tuple(
        t.replace(name=f"第{i + 1}チーム") for i, t in enumerate(eight.territories)))
    new, _after = _join(teams, "T03", rep="小林 直樹")
    assert new.name == "Territory 9"


@pytest.mark.parametrize(("municipality_name", "suffix", "place"), [
    ("八王子市", False, "八王子"), ("八王子市", True, "八王子市"),
    ("横浜市港北区", False, "港北"), ("相模原市中央区", False, "相模原"),
    ("入間郡三芳町", False, "三芳"), ("北区", False, "北区"),
])
def test_a_municipality_reads_as_a_manager_writes_a_place(municipality_name: str, suffix: bool,
                                                          place: str) -> None:
    assert place_of(municipality_name, suffix=suffix) == place
