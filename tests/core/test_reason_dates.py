"""A customer left out for a closed day is told with the day as a manager writes it:
「12/30(水) の訪問は会社の休日に当たり…」 in the Customers list, its tooltip, the Calendar
dock's tooltip and the workbook's Problems column (all through ``reason_with_fix``). The
reason is saved with the ISO date, in whichever language the calendar was built; before, it
was shown so ("2026-12-30 の訪問は…"), with no weekday."""

from __future__ import annotations

import pytest

from planner._schedule_dates import dates_as_days
from planner.i18n import set_language, tr
from planner.unscheduled_groups import reason_with_fix

SAVED = ("The visit of {date} falls on {what}, and no day up to {weeks} weeks before or after "
         "it has room for it.")


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def test_a_closed_days_reason_names_the_day_with_its_weekday() -> None:
    set_language("en")  # built in English, read in Japanese
    saved = tr(SAVED, date="2026-12-30", what=tr("a company holiday"), weeks=3)
    set_language("ja")
    assert reason_with_fix(saved, "closed_day") == (
        "12/30(水) の訪問は会社の休日に当たり、前後3週間のどの日にも入る余裕がありません。")
    set_language("en")
    assert reason_with_fix(saved, "closed_day").startswith("The visit of 12/30(Wed) falls on")
    set_language("ja")  # built in Japanese, New Year's Day
    saved = tr(SAVED, date="2027-01-01", what="祝日（元日）", weeks=3)
    assert reason_with_fix(saved, "closed_day").startswith("1/1(金) の訪問は祝日（元日）に当たり")


def test_only_dates_change() -> None:
    set_language("ja")
    for text in ("訪問時間帯（〜11:00）は、09:00 に出発する担当者が到着して訪問を終えるより前に終わります。",
                 "電話 03-1234-5678", "コード 2026-12-300", "2026-13-45 は日付ではありません"):
        assert dates_as_days(text) == text
