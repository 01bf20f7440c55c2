"""``schedule``'s printed report: one item a line, what asks the manager to act first — the
customers left out (by what to do), the holiday visits lost, the reps without a home base —
then the rest (customers kept on their days, the build's notes, the sum). Before, the
customers left out came last, after the sum and the per-date lists."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.store import load_plan, save_plan
from tests.core.test_schedule_only_figures_cli import full_plan, rep_figures


def _index(lines: list[str], start: str) -> int:
    found = [k for k, line in enumerate(lines) if line.startswith(start)]
    assert len(found) == 1, (start, lines)
    return found[0]


def test_what_asks_to_act_is_printed_first(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = full_plan()
    t02 = plan.territory("T02").replace(home_lat=None, home_lon=None)  # routes from the centre
    plan = plan.replace(territories=tuple(t02 if t.id == "T02" else t for t in plan.territories))
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    capsys.readouterr()
    set_language("ja")
    try:
        assert main(["schedule", str(path), "--keep-days", "-q", "--workers", "1"]) == 0
    finally:
        set_language(None)
    lines = capsys.readouterr().out.splitlines()
    built = load_plan(path)
    left = sum(rep_figures(built, t)[0] for t in ("T01", "T02", "T03"))
    assert left
    settings = _index(lines, "4週間のカレンダー、")
    unplaced = _index(lines, f"{left}件の顧客を訪問カレンダーに入れられませんでした:")
    lost = _index(lines, "祝日・休みの日の訪問 ")
    no_home = _index(lines, rep_name(t02))
    kept = next(k for k, x in enumerate(lines) if "訪問日をそのまま維持しました" in x)
    told = _index(lines, "カレンダー4週間の訪問件数の内訳:")
    assert settings < unplaced < lost < no_home < kept < told
    # the groups of the customers left out follow their heading, each with its next step
    assert lines[unplaced + 1].startswith("  ") and "→" in lines[unplaced + 2]
