"""Each rep's visits as a phone calendar file (.ics), read back with a real iCalendar parser."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import icalendar
import pytest

from planner import model as m
from planner.cli import main
from planner.errors import PlannerError
from planner.export.ical import calendar_files, export_calendars
from planner.schedule import build_schedule
from planner.store import save_plan
from planner.synthetic import synthetic_plan

TOKYO = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture(scope="module")
def dated() -> m.Plan:
    plan = synthetic_plan(60, territories=2, seed=8)
    # a rep name with characters a file name cannot hold, and a customer text to escape
    t1, t2 = plan.territories
    c = plan.customers.copy()
    c.loc[0, m.NAME] = "山田商店; 本店, 2階\\倉庫"
    plan = plan.replace(
        customers=c,
        territories=(t1.replace(rep="鈴木/一郎"), t2),
        settings=dataclasses.replace(plan.settings, start_date="2026-12-07"),
    )
    return build_schedule(plan, route_seconds=0.01)


def _events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_one_file_per_rep_with_every_visit_at_its_time(dated, tmp_path):
    written = export_calendars(dated, tmp_path)
    files = calendar_files(dated, tmp_path)
    assert written == list(files.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in files.values())
    assert "/" not in files["T01"].stem and files["T01"].stem.startswith("鈴木_一郎")
    s = dated.schedule
    names = dated.customers.set_index(m.CUSTOMER_ID)[m.NAME]
    for tid, path in files.items():
        raw = path.read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 3.1)
        assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
        events = _events(path)
        mine = s[s.territory == tid]
        assert len(events) == len(mine)
        assert len({str(e["UID"]) for e in events}) == len(events)
        assert not [e for e in events if _status(e) == "CANCELLED"]
        by_visit = {(e["DTSTART"].dt.date(), str(e["UID"]).split("-")[0]): e for e in events}
        for rec in mine.itertuples(index=False):
            day = dt.date.fromisoformat(rec.date)
            e = by_visit[(day, rec.customer_id)]
            monday = day - dt.timedelta(days=day.weekday())
            assert str(e["UID"]).startswith(f"{rec.customer_id}-{tid}-{monday:%Y%m%d}-")
            start = dt.datetime.combine(day, dt.time.fromisoformat(rec.arrival), TOKYO)
            end = dt.datetime.combine(day, dt.time.fromisoformat(rec.departure), TOKYO)
            assert e["DTSTART"].dt == start and e["DTEND"].dt == end
            assert str(e["SUMMARY"]) == f"{rec.seq}. {names[rec.customer_id]}"
    # the escaped name comes back whole
    first = dated.customers[m.CUSTOMER_ID].iloc[0]
    tid = s.loc[s.customer_id == first, "territory"].iloc[0]
    titles = {str(e["SUMMARY"]) for e in _events(calendar_files(dated, tmp_path)[tid])}
    assert any(t.endswith("山田商店; 本店, 2階\\倉庫") for t in titles)


def test_a_calendar_without_dates_writes_nothing_and_says_why(dated, tmp_path):
    undated = dated.replace(settings=dataclasses.replace(dated.settings, start_date=""))
    with pytest.raises(PlannerError, match="no dates"):
        export_calendars(undated, tmp_path)
    with pytest.raises(PlannerError, match="calendar first"):
        export_calendars(synthetic_plan(10, territories=1), tmp_path)
    with pytest.raises(PlannerError, match="does not exist"):
        export_calendars(dated, tmp_path / "nowhere" / "phones")
    assert not list(tmp_path.iterdir())


def test_export_command_writes_the_calendars(dated, tmp_path, capsys):
    path = tmp_path / "plan.gpkg"
    save_plan(dated, path)
    out = tmp_path / "phones"  # made by the export
    assert main(["export", str(path), "--ics", str(out)]) == 0
    printed = capsys.readouterr().out
    assert len(list(out.glob("*.ics"))) == 2 and all(p.name in printed for p in out.iterdir())
    undated = tmp_path / "undated.gpkg"
    save_plan(dated.replace(settings=dataclasses.replace(dated.settings, start_date="")), undated)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["export", str(undated), "--ics", str(empty), "--xlsx",
                 str(tmp_path / "x.xlsx")]) == 1
    assert not list(empty.iterdir()) and not (tmp_path / "x.xlsx").exists()
    assert "no dates" in capsys.readouterr().err
    (tmp_path / "ok.xlsx").write_bytes(b"")  # a file where the folder should be
    assert main(["export", str(path), "--ics", str(tmp_path / "ok.xlsx")]) == 1
    assert "ok.xlsx is a file; --ics names the folder" in capsys.readouterr().err


def _visits(path: Path) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in _events(path)}


def _status(e: icalendar.Event) -> str:
    return str(e.get("STATUS", ""))


def test_a_newer_export_updates_moved_visits_and_cancels_those_gone(dated, tmp_path, monkeypatch):
    """The phone keeps one event per visit: a visit moved within its week keeps its UID
    (with a higher SEQUENCE), one moved to another week or gone is cancelled."""
    import planner.export.ical as ical

    folder = tmp_path / "phones"  # made by the export
    first_time = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(ical, "_now", lambda: first_time)
    export_calendars(dated, folder)
    path = calendar_files(dated, folder)["T01"]
    before = _visits(path)
    s = dated.schedule
    mine = s[s.territory == "T01"]
    # one visit moved to another day of its week, one customer's visits all gone
    moved_row = mine.index[0]
    day = dt.date.fromisoformat(s.at[moved_row, "date"])
    other = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != s.at[moved_row, "day"])
    new_day = day - dt.timedelta(days=day.weekday()) + dt.timedelta(
        days=m.WEEKDAYS.index(other))
    gone = next(c for c in mine["customer_id"] if c != s.at[moved_row, "customer_id"])
    changed = s.copy()
    changed.loc[moved_row, ["day", "date"]] = [other, new_day.isoformat()]
    changed = changed[changed["customer_id"] != gone]
    monkeypatch.setattr(ical, "_now", lambda: first_time + dt.timedelta(hours=2))
    export_calendars(dated.replace(schedule=changed), folder)
    after = _visits(path)
    moved_uid = next(u for u, e in before.items()
                     if e["DTSTART"].dt.date() == day and u.startswith(s.at[moved_row, "customer_id"]))
    assert after[moved_uid]["DTSTART"].dt.date() == new_day and _status(after[moved_uid]) == ""
    assert int(after[moved_uid]["SEQUENCE"]) > int(before[moved_uid]["SEQUENCE"])
    cancelled = {u for u, e in after.items() if _status(e) == "CANCELLED"}
    assert cancelled == {u for u in before if u.startswith(f"{gone}-")}
    assert all(int(after[u]["SEQUENCE"]) > int(before[u]["SEQUENCE"]) for u in cancelled)
    assert set(before) <= set(after)  # every earlier event is either updated or cancelled


def test_visits_before_a_rolled_calendar_are_not_cancelled(dated, tmp_path):
    """Next month's calendar starts two weeks later: the past weeks' visits stay on the
    phone, the overlapping weeks are replaced, and nothing is both live and cancelled."""
    export_calendars(dated, tmp_path)
    path = calendar_files(dated, tmp_path)["T01"]
    before = _visits(path)
    later = dt.date(2026, 12, 7) + dt.timedelta(weeks=2)
    rolled = dated.schedule.copy()
    rolled["date"] = [(dt.date.fromisoformat(d) + dt.timedelta(weeks=2)).isoformat()
                      for d in rolled["date"]]
    plan = dated.replace(schedule=rolled,
                         settings=dataclasses.replace(dated.settings, start_date=later.isoformat()))
    export_calendars(plan, tmp_path)
    after = _visits(path)
    cancelled = {u for u, e in after.items() if _status(e) == "CANCELLED"}
    live = set(after) - cancelled
    past = {u for u, e in before.items() if e["DTSTART"].dt.date() < later}
    assert past and not past & set(after)  # left alone on the phone
    assert cancelled == set(before) - past - live  # the overlap no longer planned so
    assert min(after[u]["DTSTART"].dt.date() for u in live) >= later


def test_a_shorter_calendar_cancels_the_weeks_it_no_longer_plans(dated, tmp_path):
    export_calendars(dated, tmp_path)
    path = calendar_files(dated, tmp_path)["T01"]
    first = dated.schedule[dated.schedule["week"] == 1]
    export_calendars(dated.replace(schedule=first), tmp_path)
    after = _visits(path)
    later = {u for u, e in after.items() if e["DTSTART"].dt.date() >= dt.date(2026, 12, 14)}
    assert later and all(_status(after[u]) == "CANCELLED" for u in later)


def test_a_customer_handed_to_another_rep_moves_between_their_phones(dated, tmp_path):
    """Rep A's file cancels the visits, rep B's has them as new events (another UID), and a
    rep left without any visit gets a file of cancellations only."""
    export_calendars(dated, tmp_path)
    files = calendar_files(dated, tmp_path)
    s = dated.schedule
    cid = str(s.loc[s["territory"] == "T01", "customer_id"].iloc[0])
    handed = s.copy()
    handed.loc[handed["customer_id"] == cid, "territory"] = "T02"
    export_calendars(dated.replace(schedule=handed), tmp_path)
    a, b = _visits(files["T01"]), _visits(files["T02"])
    gone = {u for u, e in a.items() if u.startswith(f"{cid}-")}
    assert gone and all(_status(a[u]) == "CANCELLED" for u in gone)
    came = {u for u, e in b.items() if u.startswith(f"{cid}-")}
    assert len(came) == len(gone) and not came & gone and all(_status(b[u]) == "" for u in came)
    # every visit to T02: T01's file cancels all it had
    everyone = s.copy()
    everyone["territory"] = "T02"
    export_calendars(dated.replace(schedule=everyone), tmp_path)
    a = _visits(files["T01"])
    assert a and all(_status(e) == "CANCELLED" for e in a.values())


def test_an_export_in_another_language_finds_the_earlier_files(dated, tmp_path):
    """The file names are the same in Japanese and English, and the visits gone are
    cancelled even from a file of another name (an older version's Japanese name)."""
    from planner.i18n import set_language

    set_language("ja")
    try:
        export_calendars(dated, tmp_path)
    finally:
        set_language(None)
    names = sorted(p.name for p in tmp_path.iterdir())
    first = calendar_files(dated, tmp_path)["T01"]
    first.rename(tmp_path / "鈴木_一郎（古い名前）.ics")  # as an older export named it
    s = dated.schedule
    cid = str(s.loc[s["territory"] == "T01", "customer_id"].iloc[0])
    set_language("en")
    try:
        export_calendars(dated.replace(schedule=s[s["customer_id"] != cid]), tmp_path)
    finally:
        set_language(None)
    assert set(names) <= {p.name for p in tmp_path.iterdir()}  # the same names
    after = _visits(first)
    gone = {u for u in after if u.startswith(f"{cid}-")}
    assert gone and all(_status(after[u]) == "CANCELLED" for u in gone)


def test_a_territory_gone_from_the_plan_has_its_file_cancelled(dated, tmp_path):
    """A rep who left (design --retire): their file was never written again, so 170 visits
    stayed live in it beside the same customers' visits in their new reps' files."""
    export_calendars(dated, tmp_path)
    old = calendar_files(dated, tmp_path)["T01"]
    before = _visits(old)
    t2 = dated.territory("T02")
    c = dated.customers.copy()
    c[m.TERRITORY] = "T02"
    s = dated.schedule.copy()
    s["territory"] = "T02"
    retired = dated.replace(customers=c, territories=(t2,), schedule=s)
    written = export_calendars(retired, tmp_path)
    assert old in written
    after = _visits(old)
    assert after.keys() == before.keys() and all(_status(e) == "CANCELLED" for e in after.values())
    new = _visits(calendar_files(retired, tmp_path)["T02"])
    assert not [e for e in new.values() if _status(e)]  # the new rep's visits stay live
    mtime = old.stat().st_mtime_ns
    export_calendars(retired, tmp_path)  # nothing left to cancel there: the file stays
    assert old.stat().st_mtime_ns == mtime


def test_files_of_another_plan_or_program_in_the_folder_are_never_rewritten(dated, tmp_path):
    """Two branch offices export to one shared folder; the office keeps its own calendar
    there too: one plan's export cancelled every visit of the other's reps, and replaced
    the office file (its meeting gone)."""
    export_calendars(dated, tmp_path)
    other = tmp_path / "office.ics"
    mine = calendar_files(dated, tmp_path)["T01"].read_text(encoding="utf-8")
    meeting = ("BEGIN:VEVENT\r\nUID:meeting-1@office\r\nDTSTAMP:20261201T000000Z\r\n"
               "DTSTART:20261210T090000Z\r\nSUMMARY:支店会議\r\nEND:VEVENT\r\n")
    other.write_text(mine.replace("END:VCALENDAR", meeting + "END:VCALENDAR"), encoding="utf-8")
    # another plan: other customers (its territories are T01 and T02 too, other reps'),
    # written into the same folder
    t1, t2 = dated.territories
    branch = dated.replace(territories=(t1.replace(rep="大阪 一郎"), t2.replace(rep="大阪 二郎")))
    c = branch.customers.copy()
    c[m.CUSTOMER_ID] = "OSA-" + c[m.CUSTOMER_ID].astype(str)
    s = branch.schedule.copy()
    s["customer_id"] = "OSA-" + s["customer_id"].astype(str)
    branch = branch.replace(customers=c, schedule=s)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    written = export_calendars(branch, tmp_path)
    for name, data in before.items():
        assert (tmp_path / name).read_bytes() == data, name  # Tokyo's files and the office's
    for path in written:  # and Osaka's own files cancel none of Tokyo's visits
        assert path.name not in before
        assert not [e for e in _visits(path).values() if _status(e) == "CANCELLED"]


def test_an_events_details_are_each_a_label_a_colon_and_a_space(dated, tmp_path, japanese):
    """「電話: 03-…」 above 「時間指定 〜12:00」: the phone's description lines now read alike."""
    s = dated.schedule
    cid = str(s["customer_id"].iloc[0])
    c = dated.customers.copy()
    at = c[m.CUSTOMER_ID] == cid
    c.loc[at, m.VISIT_TIME] = "-12:00"
    c.loc[at, m.PHONE] = "03-1234-5678"
    files = calendar_files(dated, tmp_path)
    export_calendars(dated.replace(customers=c), tmp_path)
    tid = s.loc[s["customer_id"] == cid, "territory"].iloc[0]
    details = {str(e["DESCRIPTION"]) for e in _events(files[tid])
               if str(e["UID"]).startswith(f"{cid}-")}
    assert details
    for text in details:
        lines = text.split("\n")
        assert "電話: 03-1234-5678" in lines and "時間指定: 〜12:00" in lines, lines
        assert lines[0] == f"顧客コード: {cid}" and cid not in lines  # not a bare code on top


def test_each_visit_carries_the_link_that_starts_navigating_there(dated, tmp_path, japanese):
    """The rep taps the event on the phone: 「ここへのナビ（Googleマップ）」 with the link the
    route sheet's address has, also as the event's URL; none with --no-nav-links."""
    from urllib.parse import parse_qs, urlparse

    c = dated.customers.set_index(m.CUSTOMER_ID)
    files = calendar_files(dated, tmp_path)
    export_calendars(dated, tmp_path)
    events = [e for path in files.values() for e in _events(path)]
    assert len(events) == len(dated.schedule)
    for e in events:
        cid = str(e["UID"]).split("-")[0]
        (line,) = [x for x in str(e["DESCRIPTION"]).split("\n") if x.startswith("ここへのナビ")]
        url = line.split(": ", 1)[1]
        assert str(e["URL"]) == url
        parts = urlparse(url)
        assert (parts.netloc, parts.path) == ("www.google.com", "/maps/dir/")
        lat, lon = (float(v) for v in parse_qs(parts.query)["destination"][0].split(","))
        assert (lat, lon) == pytest.approx((c.loc[cid, m.LAT], c.loc[cid, m.LON]), abs=1e-6)
    path = tmp_path / "plan.gpkg"
    save_plan(dated, path)
    assert main(["export", str(path), "--ics", str(tmp_path / "none"), "--no-nav-links"]) == 0
    for ics in (tmp_path / "none").glob("*.ics"):
        assert b"google.com" not in ics.read_bytes()
        assert all("URL" not in e for e in _events(ics))
