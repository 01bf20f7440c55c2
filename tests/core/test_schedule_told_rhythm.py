"""A customer whose rhythm changed (a rank that went up) is told its previous week in its
previous rhythm: a monthly visit in week 3 was "4週に1回(第3週)", not wrapped by the new
fortnight into week 1."""

from __future__ import annotations

import pandas as pd

from planner._schedule_told import changed_days, changed_note
from planner.i18n import set_language


def _calendar(weeks: list[int]) -> pd.DataFrame:
    """C1 on Wednesdays of ``weeks``, beside a weekly C2 (a 4-week calendar)."""
    n = len(weeks)
    return pd.DataFrame({"customer_id": ["C1"] * n + ["C2"] * 4, "territory": ["T01"] * (n + 4),
                         "week": [*weeks, 1, 2, 3, 4], "day": ["wed"] * n + ["thu"] * 4})


def test_a_monthly_customer_now_every_two_weeks_keeps_its_old_week_on_a_roll() -> None:
    """The tester's C000089: visited 12/23 (week 3, monthly) in December; in January (rolled on
    four weeks) every 2 weeks in weeks 1 and 3. The Changes sheet said "4週に1回(第1週) 水"."""
    set_language("en")
    old, new = _calendar([3]), _calendar([1, 3])
    told = changed_days(old, new, periods={"C1": 2, "C2": 1}, shift=4)
    assert told["C1"][:2] == ["wed", 3] and told["C1"][6:] == [4, 2]
    # week 3 is still visited: only the rhythm is news
    assert changed_note(told["C1"]) == "Now every 2 weeks (was every 4 weeks)"
    # weeks 2 and 4 now: week 3 is no longer visited, and the note says which it was
    moved = changed_days(old, _calendar([2, 4]), periods={"C1": 2, "C2": 1}, shift=4)
    assert changed_note(moved["C1"]).startswith("New week (was week 3)")


def test_a_weekly_customer_now_every_two_weeks_is_told_only_the_rhythm() -> None:
    set_language("en")
    told = changed_days(_calendar([1, 2, 3, 4]), _calendar([2, 4]), periods={"C1": 2, "C2": 1})
    assert changed_note(told["C1"]) == "Now every 2 weeks (was weekly)"
