"""``territory-planner update PLAN.gpkg SHEET``: the plan file, the report, dry runs, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from update_helpers import plan_from, rows, write

from planner import model as m
from planner.store import load_plan, save_plan

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "planner", "update", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )


def make_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    save_plan(plan_from(write(tmp_path / "old.xlsx", rows()), calendar=True), path)
    return path


def revised(tmp_path: Path) -> Path:
    data = [r for r in rows() if r[0] != "O001"]
    data.append(["N1", "新規商店", "埼玉県さいたま市大宮区1-1", 35.905, 139.625, "A", "", ""])
    return write(tmp_path / "new.xlsx", data)


def test_update_rewrites_the_plan_and_writes_the_report(tmp_path: Path) -> None:
    plan_path = make_plan(tmp_path)
    result = run_cli(str(plan_path), str(revised(tmp_path)), "--report", "r.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "New (1):" in result.stdout and "N1 新規商店 → 佐藤" in result.stdout
    assert "Removed, no longer on the list (1):" in result.stdout and "O001" in result.stdout
    assert "keeping days" in result.stdout  # the calendar needs a rebuild
    plan = load_plan(plan_path)
    ids = set(plan.customers[m.CUSTOMER_ID])
    assert "N1" in ids and "O001" not in ids and len(ids) == 24
    assert not (plan.schedule["customer_id"] == "O001").any()
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["matched_by"] == "code" and report["calendar_stale"] is True
    assert [c["customer_id"] for c in report["added"]] == ["N1"]
    assert [c["customer_id"] for c in report["removed"]] == ["O001"]
    assert report["rows"] == 24 and report["unchanged"] == 23


def test_dry_run_and_bad_input_leave_the_plan_file_as_it_was(tmp_path: Path) -> None:
    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()
    result = run_cli(str(plan_path), str(revised(tmp_path)), "--dry-run", cwd=tmp_path)
    assert result.returncode == 0 and "Dry run: plan.gpkg is unchanged." in result.stdout
    assert plan_path.read_bytes() == before
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    for args in (
        ["broken.xlsx"],
        ["missing.xlsx"],
        [str(revised(tmp_path)), "--report", "plan.gpkg"],
        [str(revised(tmp_path)), "--report", "no_such_folder/r.json"],  # checked first
    ):
        result = run_cli("plan.gpkg", *args, cwd=tmp_path)
        assert result.returncode == 1, (args, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("territory-planner: "), result.stderr
        assert plan_path.read_bytes() == before
    result = run_cli("nothing.gpkg", str(revised(tmp_path)), cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "nothing.gpkg").exists()


def test_a_list_lacking_most_customers_is_refused_unless_forced(tmp_path: Path) -> None:
    """A branch's export or a cut-short list would wipe most of the plan, with no undo on
    the command line: one sentence, the plan unchanged; --keep-missing or --force go on."""
    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()
    short = write(tmp_path / "short.xlsx", rows()[:3])
    result = run_cli(str(plan_path), str(short), cwd=tmp_path)
    assert result.returncode == 1 and plan_path.read_bytes() == before
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "lacks 21 of the plan's 24 customers" in lines[0]
    # refused before any address is looked up (the lookup service is not even reachable)
    env_result = run_cli(str(plan_path), str(short), "--geocode", "gsi", cwd=tmp_path)
    assert env_result.returncode == 1 and "lacks 21" in env_result.stderr
    assert plan_path.read_bytes() == before
    assert run_cli(str(plan_path), str(short), "--keep-missing", cwd=tmp_path).returncode == 0
    assert len(load_plan(plan_path).customers) == 24
    assert run_cli(str(plan_path), str(short), "--force", cwd=tmp_path).returncode == 0
    assert len(load_plan(plan_path).customers) == 3


def test_cells_the_update_did_not_read_are_named_in_its_output(tmp_path: Path) -> None:
    plan_path = make_plan(tmp_path)
    data = rows()
    data[3][1] = ""  # S003's name emptied: the customer stays as it was
    result = run_cli(str(plan_path), str(write(tmp_path / "new.xlsx", data)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Not read (the plan keeps its value) (1):" in result.stdout
    assert "row 5, 顧客名: The name is missing" in result.stdout
    assert "Removed" not in result.stdout


def test_the_problems_the_update_counts_are_named_in_its_output(tmp_path: Path) -> None:
    """"2 problems" with nothing more left the manager guessing: as the import does, each
    reason is named with its rows (and --report offered for the whole list)."""
    plan_path = make_plan(tmp_path)
    data = rows()
    data[4][3], data[4][4] = data[4][4], data[4][3]  # S004: latitude and longitude swapped
    # far from every customer of the plan: not even placed at its municipality's customers
    data.append(["N1", "新規商店", "北海道札幌市中央区北1条西2丁目1", None, None, "A", "", "佐藤"])
    result = run_cli(str(plan_path), str(write(tmp_path / "new.xlsx", data)), "--dry-run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "; 2 problems." in result.stdout
    assert "  1 × Latitude and longitude were swapped; fixed. (row 6)" in result.stdout
    assert "  1 × No coordinates; imported without a position" in result.stdout
    assert "(add --report REPORT.json to list every row)" in result.stdout


def test_changes_a_manager_acts_on_are_listed_before_the_records_facts(tmp_path: Path) -> None:
    plan_path = make_plan(tmp_path)
    data = rows()
    data[1][1] = "新宿商店一号"  # S001: a new name only
    data[9][7] = "佐藤"  # S009: another rep
    data[2][6] = "隔週"  # S002: a new rhythm
    result = run_cli(str(plan_path), str(write(tmp_path / "new.xlsx", data)), "--dry-run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  S")]
    assert listed == ["S009", "S002", "S001"]


def test_a_report_that_cannot_be_written_stops_the_update_before_the_plan_changes(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """A full disk under --report: the plan was updated and the command said it failed, so
    the list of changes was lost (a second run found nothing to change)."""
    import errno

    from planner import cli
    from planner._cli import import_cmd

    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")  # last month's report

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(import_cmd.json, "dump", full)
    assert cli.main(["update", str(plan_path), str(revised(tmp_path)), "--report",
                     str(tmp_path / "r.json")]) == 1
    assert "r.json cannot be written" in capsys.readouterr().err
    assert plan_path.read_bytes() == before
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xlsx", "old.xlsx", "plan.gpkg",
                                                          "r.json"]


def test_a_plan_that_cannot_be_saved_leaves_no_report_of_an_update_that_did_not_happen(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from planner import cli, store
    from planner.errors import PlannerError

    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()

    def refused(*_args, **_kwargs):
        raise PlannerError("plan.gpkg is read-only; save the plan under another name.")

    monkeypatch.setattr(store, "save_plan", refused)
    assert cli.main(["update", str(plan_path), str(revised(tmp_path)), "--report",
                     str(tmp_path / "r.json")]) == 1
    assert "read-only" in capsys.readouterr().err
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xlsx", "old.xlsx", "plan.gpkg"]


def test_a_report_that_cannot_take_its_place_stops_the_update_before_the_plan_changes(
    tmp_path: Path, capsys
) -> None:
    """--report naming a folder: the plan was saved, then the command failed."""
    from planner import cli

    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()
    (tmp_path / "r.json").mkdir()
    assert cli.main(["update", str(plan_path), str(revised(tmp_path)), "--report",
                     str(tmp_path / "r.json")]) == 1
    assert "r.json cannot be written" in capsys.readouterr().err
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xlsx", "old.xlsx", "plan.gpkg",
                                                          "r.json"]
    assert (tmp_path / "r.json").is_dir()


def test_next_months_list_is_read_from_the_columns_the_plan_was_imported_from(
    tmp_path: Path, capsys
) -> None:
    """Two 担当 columns, the second chosen at the import (--column rep="担当 (2)"): the update
    read the first again, moving a shop whose first 担当 changed to that rep and missing the
    real rep changes in the second."""
    from planner import cli

    headers = ["顧客コード", "顧客名", "住所", "緯度", "経度", "担当", "担当"]

    def sheet(name: str, first: dict[str, str], second: dict[str, str]) -> Path:
        data = [[code, f"商店{k}", f"東京都新宿区{k + 1}", 35.69 + 0.01 * k, 139.70, first.get(
            code, "本社"), second.get(code, "山田" if k < 3 else "佐藤")]
            for k, code in enumerate(["C1", "C2", "C3", "C4", "C5", "C6"])]
        return write(tmp_path / name, data, headers)

    plan_path = tmp_path / "plan.gpkg"
    assert cli.main(["import", str(sheet("a.xlsx", {}, {})), "-o", str(plan_path),
                     "--column", "rep=担当 (2)", "--geocode", "none"]) == 0
    reps = {t.id: t.rep for t in load_plan(plan_path).territories}
    assert sorted(reps.values()) == ["佐藤", "山田"]
    # next month: C1's first 担当 changed (no rep change); C4 went to 山田 in the second
    capsys.readouterr()
    assert cli.main(["update", str(plan_path), str(sheet("b.xlsx", {"C1": "支店"}, {"C4": "山田"})),
                     "--geocode", "none"]) == 0
    plan = load_plan(plan_path)
    by_code = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.TERRITORY], strict=True))
    rep_of = {code: reps[t] for code, t in by_code.items()}
    assert rep_of["C1"] == "山田" and rep_of["C4"] == "山田" and rep_of["C5"] == "佐藤"


def test_a_column_chosen_not_to_be_read_stays_unread_next_month(tmp_path: Path) -> None:
    """区分 holds 法人, read by default as the rank: imported with --column rank= (none), the
    update read it again as every customer's rank."""
    from planner import cli
    from planner.spreadsheet import COLUMNS_KEY, preview

    headers = ["顧客コード", "顧客名", "住所", "緯度", "経度", "区分", "担当"]
    data = [[f"C{k}", f"商店{k}", f"東京都新宿区{k + 1}", 35.69 + 0.01 * k, 139.70, "法人", "山田"]
            for k in range(4)]
    plan_path = tmp_path / "plan.gpkg"
    assert cli.main(["import", str(write(tmp_path / "a.xlsx", data, headers)), "-o",
                     str(plan_path), "--column", "rank=", "--geocode", "none"]) == 0
    plan = load_plan(plan_path)
    assert plan.meta[COLUMNS_KEY]["rank"] == "" and set(plan.customers[m.RANK]) == {""}
    nxt = write(tmp_path / "b.xlsx", data, headers)
    assert "rank" not in preview(nxt, remembered=plan.meta[COLUMNS_KEY]).mapping  # the window
    assert cli.main(["update", str(plan_path), str(nxt), "--geocode", "none"]) == 0
    assert set(load_plan(plan_path).customers[m.RANK]) == {""}


def test_the_update_window_never_offers_one_column_for_two_fields(tmp_path: Path) -> None:
    """訪問時間 read as the visiting hours at the import (detection takes it for the visit
    length): the update window offered it for both, and refused to compare every month."""
    from planner.spreadsheet import preview

    headers = ["顧客コード", "顧客名", "住所", "緯度", "経度", "訪問時間"]
    data = [["C1", "商店", "東京都新宿区1", 35.69, 139.70, "10:00-12:00"]]
    path = write(tmp_path / "a.xlsx", data, headers)
    detected = preview(path).mapping
    field = next(f for f, h in detected.items() if h == "訪問時間")
    other = "visit_time" if field != "visit_time" else "service_minutes"
    mapping = preview(path, remembered={other: "訪問時間"}).mapping
    assert mapping.get(other) == "訪問時間" and field not in mapping


def test_a_removed_customer_without_a_territory_says_unassigned(tmp_path: Path) -> None:
    """「000003 世田食堂3 ()」: an unassigned customer's empty brackets now say so."""
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "O001", m.TERRITORY] = ""
    plan_path = tmp_path / "plan.gpkg"
    save_plan(plan.replace(customers=c), plan_path)
    result = run_cli(str(plan_path), str(revised(tmp_path)), "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  O001 大宮商店1 (unassigned)" in result.stdout.splitlines()


def test_a_dry_run_of_a_list_the_update_refuses_says_so(tmp_path: Path) -> None:
    """A dry run showed the changes of a list lacking most customers and exited 0; the
    real run refuses it: the dry run now says so too, and exits as the real run does."""
    plan_path = make_plan(tmp_path)
    before = plan_path.read_bytes()
    short = write(tmp_path / "short.xlsx", rows()[:3])
    result = run_cli(str(plan_path), str(short), "--dry-run", cwd=tmp_path)
    assert result.returncode == 1 and plan_path.read_bytes() == before
    assert "Removed, no longer on the list (21):" in result.stdout
    assert "Dry run: plan.gpkg is unchanged." in result.stdout
    assert "lacks 21 of the plan's 24 customers" in result.stderr
    assert "--keep-missing" in result.stderr and "--force" in result.stderr
    forced = run_cli(str(plan_path), str(short), "--dry-run", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and not forced.stderr.strip()


def test_a_correction_made_in_the_plan_survives_the_offices_unchanged_list(tmp_path: Path) -> None:
    """A shop renamed and re-ranked with Edit customer… was renamed back by the office's
    next list (which never heard of it), listed under Changed."""
    from planner.edits import EditCustomer, apply_edit

    plan_path = make_plan(tmp_path)
    plan = apply_edit(load_plan(plan_path), EditCustomer.of("S001", name="新宿ベーカリー",
                                                             rank="A"))[0]
    save_plan(plan, plan_path)
    same = write(tmp_path / "same.xlsx", rows())
    result = run_cli(str(plan_path), str(same), "--report", "r.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Changed" not in result.stdout and "新宿商店1" not in result.stdout
    assert ("1 customer keeps the details corrected in the plan (the list still has the "
            "earlier ones).") in result.stdout
    row = load_plan(plan_path).customers.set_index(m.CUSTOMER_ID).loc["S001"]
    assert (row[m.NAME], row[m.RANK]) == ("新宿ベーカリー", "A")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(c["customer_id"], c["fields"], c["values"]) for c in report["kept_corrections"]] == [
        ("S001", ["name", "rank"], [["新宿商店1", "新宿ベーカリー"], ["B", "A"]])]
    renamed = rows()
    renamed[1][1] = "新宿パン工房"  # the office renamed it since: its name wins, and is listed
    result = run_cli(str(plan_path), str(write(tmp_path / "next.xlsx", renamed)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "S001 新宿パン工房: Name 新宿ベーカリー → 新宿パン工房" in result.stdout
    assert "1 customer keeps the details corrected" in result.stdout  # its rank still


def test_a_new_customer_without_a_position_says_unassigned_and_why_it_is_not_visited(
    tmp_path: Path,
) -> None:
    """A new shop of next month's list with an address but no coordinates (geocoding off):
    the change list said "→ no position yet" where a territory goes, and the calendar then
    gave "Not assigned to a territory." as its reason, hiding the position it lacks."""
    plan_path = make_plan(tmp_path)
    data = [*rows(), ["N2", "杉並商店", "東京都杉並区阿佐谷南1丁目1-1", None, None, "C", "", ""]]
    result = run_cli(str(plan_path), str(write(tmp_path / "new.xlsx", data)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  N2 杉並商店 → Unassigned (no position yet)" in result.stdout.splitlines()
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "planner", "schedule", str(plan_path), "--keep-days"],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert built.returncode == 0, built.stderr
    # counted by what to do about it: a position, not a territory (which follows from one)
    assert "No map position: 1 → Locate its address or place it on the map." in built.stdout
    assert "Assign it to a territory" not in built.stdout


def test_new_shops_without_coordinates_are_placed_at_their_chome_and_visited(
    tmp_path: Path,
) -> None:
    """Offline (no address search), a new shop of a 丁目 the plan has customers in stayed
    unassigned and unvisited: it is placed at them, marked approximate, joins their
    territory, the output says so in a sentence, and the rebuilt calendar visits it."""
    plan_path = make_plan(tmp_path)
    data = [*rows(), ["N3", "西新宿商店", "東京都新宿区西新宿３丁目２０番２号", None, None, "A", "", ""]]
    result = run_cli(str(plan_path), str(write(tmp_path / "new.xlsx", data)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("  N3 西新宿商店 → 山田 (its area 新宿区; placed approximately at the customers of "
            "the same chōme)") in result.stdout.splitlines()
    assert ("Placed approximately, as the exact position is not known yet: 1 at the customers "
            "of the same chōme. Check them on the map (drag a pin to correct it).") in result.stdout
    assert "need a position" not in result.stdout and "needs a position" not in result.stdout
    plan = load_plan(plan_path)
    shop = plan.customers.set_index(m.CUSTOMER_ID).loc["N3"]
    s002 = plan.customers.set_index(m.CUSTOMER_ID).loc["S002"]  # 西新宿3丁目's customer
    assert shop[m.GEOCODE] == "nearby:chome"
    assert (shop[m.LAT], shop[m.LON]) == (s002[m.LAT], s002[m.LON])
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "planner", "schedule", str(plan_path), "--keep-days"],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert built.returncode == 0, built.stderr
    assert (load_plan(plan_path).schedule["customer_id"] == "N3").any()


def test_the_japanese_changes_put_their_notes_in_full_width_brackets(tmp_path: Path) -> None:
    """「N1 新規商店 → 大宮エリア (同じエリア…)」 and 「O001 大宮商店1 (大宮エリア)」 had ASCII
    brackets around Japanese; the lines read as the rest of the Japanese output."""
    plan_path = make_plan(tmp_path)
    result = run_cli(str(plan_path), str(revised(tmp_path)), "--dry-run", "--lang", "ja",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    new = next(s for s in lines if s.startswith("  N1 新規商店 → "))
    gone = next(s for s in lines if s.startswith("  O001 "))
    assert new.endswith("）") and "（" in new and " (" not in new, new
    assert gone.endswith("）") and " （" not in gone and " (" not in gone, gone


def test_the_summary_prints_one_item_a_line_under_full_width_headings(tmp_path: Path) -> None:
    """The summary came as one long line, and 「新規 (1):」 had ASCII brackets in Japanese."""
    plan_path = make_plan(tmp_path)
    result = run_cli(str(plan_path), str(revised(tmp_path)), "--dry-run", "--lang", "ja",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "新規（1件）:" in lines and "リストになくなった顧客（削除）（1件）:" in lines, lines
    assert not any(" (1):" in s for s in lines)
    headline = next(s for s in lines if s.startswith("既存の顧客 "))
    stale = next(s for s in lines if s.startswith("訪問カレンダーが古くなりました。"))
    assert headline.endswith("。") and "訪問カレンダー" not in headline
    assert stale.endswith("。") and lines.index(stale) > lines.index(headline)
    english = run_cli(str(plan_path), str(revised(tmp_path)), "--dry-run", cwd=tmp_path)
    out = english.stdout.splitlines()
    assert "New (1):" in out and any(s.startswith("The calendar is out of date") for s in out)
