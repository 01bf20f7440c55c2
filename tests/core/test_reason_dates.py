"""A customer left out for a closed day is told with the day as a manager writes it:
「12/30(水)の訪問は会社の休日に当たり…」 in the Customers list, its tooltip, the Calendar
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
        "12/30(水)の訪問は会社の休日に当たり、前後3週間のどの日にも入る余裕がありません。")
    set_language("en")
    assert reason_with_fix(saved, "closed_day").startswith("The visit of 12/30(Wed) falls on")
    set_language("ja")  # built in Japanese, New Year's Day
    saved = tr(SAVED, date="2027-01-01", what="祝日（元日）", weeks=3)
    assert reason_with_fix(saved, "closed_day").startswith("1/1(金)の訪問は祝日（元日）に当たり")


def test_only_dates_change() -> None:
    set_language("ja")
    for text in ("訪問時間帯（〜11:00）は、09:00 に出発する担当者が到着して訪問を終えるより前に終わります。",
                 "電話 03-1234-5678", "コード 2026-12-300", "2026-13-45 は日付ではありません"):
        assert dates_as_days(text) == text


def test_a_japanese_reason_an_older_plan_saved_reads_without_the_space_in_either_language():
    """The Japanese reason is saved 「2026-12-30 の訪問は…」 (the ISO date needs the space):
    shown with the date as a day it read 「12/30(水) の訪問は…」, a space no Japanese writer
    puts there. It goes on display, so the texts plans already hold read the same, in
    English too (the saved wording is still recognised)."""
    set_language("ja")
    saved = "2026-12-30 の訪問は会社の休日に当たり、その週の他の日に入る余裕がありません。"
    assert reason_with_fix(saved, "closed_day") == (
        "12/30(水)の訪問は会社の休日に当たり、その週の他の日に入る余裕がありません。")
    given = "2026-12-28 の訪問は、C000272 吉田薬局 のサイクル中ただ1回の訪問に枠を譲りました。"
    assert dates_as_days(given).startswith("12/28(月)の訪問は、C000272")
    set_language("en")
    assert reason_with_fix(saved, "closed_day") == (
        "The visit of 12/30(Wed) falls on a company holiday, and no other day of that week "
        "has room for it.")
    assert dates_as_days("The visit of 2026-12-30 falls") == "The visit of 12/30(Wed) falls"
