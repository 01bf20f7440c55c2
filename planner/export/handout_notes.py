"""What the rep tells each customer at a visit, for the day hand-outs and the phone calendars:
the same news as the route sheet's notes (a new rep, day or week; the next visit moved or left out by a holiday; a
visit moved here from a closed day), so a rep carrying only the hand-out can tell them."""

from __future__ import annotations

import pandas as pd

from planner import model as m
from planner._calendar_once import one_off_moves
from planner._calendar_reps import RepNames
from planner._schedule_told import changed_customers, changed_note
from planner.export.tell_texts import moved_text, notice_texts
from planner.rep_days import rep_name


class TellNotes:
    """The news per visit of one plan, worked out once for every day page."""

    def __init__(self, plan: m.Plan) -> None:
        self.changed = changed_customers(plan)
        self.reps = RepNames.of(plan, rep_name)  # 担当変更（旧 田中 健太）
        self.notices = notice_texts(plan)
        self.one_off = one_off_moves(plan)  # moved by hand for one day only

    def for_rows(self, rows: pd.DataFrame) -> list[str]:
        """Per visit of ``rows`` (the plan's schedule rows of one day), what to tell, "" for
        nothing."""
        moved = rows["moved_from"].to_numpy(dtype=object) if "moved_from" in rows else [""] * len(
            rows)
        out = []
        for label, cid, was in zip(rows.index, rows["customer_id"], moved, strict=True):
            parts = []
            if was:
                parts.append(moved_text(str(was), once=(str(cid), str(was)) in self.one_off))
            if label in self.notices:
                parts.append(self.notices[label])
            news = changed_note(self.changed.get(str(cid)), self.reps) if self.changed else ""
            if news:
                parts.append(news)
            out.append(" / ".join(parts))
        return out
