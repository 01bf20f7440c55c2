"""Why the calendar cannot visit a customer: a stable code beside the reason's words.

``plan.unscheduled`` lists the customers a calendar build left out (:func:`planner.schedule.
build_schedule`): ``customer_id``, ``territory``, ``reason`` (one sentence, in the language
the calendar was built in) and ``reason_code`` (a :class:`Reason`), so that programs and the
window tell the reasons apart without reading the words: customers no working day has room
for (more room, or a rebuild, may fit them) from customers whose own data keeps them out
(visiting hours no day can meet, no map position, too far for a day …), which only the
manager can put right (:data:`TO_FIX`, :func:`fix_text`).

Plan files saved before the code was kept have no ``reason_code`` column: each code is read
back from its reason's words (:func:`with_codes`, any language the program writes), "" when
the words are not one of these messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import pandas as pd

from planner.i18n import N_, is_message, retranslate, sentences, tr


class Reason(StrEnum):
    """Why a customer is not in the calendar (the ``reason_code`` column)."""

    NO_POSITION = "no_position"  # no map position (a new shop not located, or lost it)
    NO_TERRITORY = "no_territory"  # not assigned to a territory
    NO_FREQUENCY = "no_frequency"  # visit frequency 0: not visited, on purpose
    REP_DAYS = "rep_days"  # its rhythm or visit days do not fit the rep's own working days
    NO_WORKING_DAY = "no_working_day"  # its visit days / closing days leave no working day
    VISIT_TOO_LONG = "visit_too_long"  # the visit itself fills more than the working day
    TOO_FAR = "too_far_for_a_day"  # the drive there and back with the visit exceeds the day
    VISIT_HOURS = "visit_hours"  # its visiting hours no working day can meet
    NO_ROOM = "no_room"  # the working days are full
    NO_ROOM_IN_HOURS = "no_room_in_hours"  # no day has room within its visiting hours
    CLOSED_DAY = "closed_day"  # its only visits fell on holidays or days off with no room


#: The code of a reason the program cannot tell (a plan file edited elsewhere).
UNKNOWN = ""

#: The columns of ``plan.unscheduled``.
COLUMNS = ("customer_id", "territory", "reason", "reason_code")

#: What the manager changes to have a customer left out for its own data visited (the
#: reasons :data:`TO_FIX` lists); room does not help these.
_FIXES: dict[Reason, str] = {
    Reason.NO_POSITION: N_("Locate its address or place it on the map."),
    Reason.NO_TERRITORY: N_("Assign it to a territory."),
    Reason.REP_DAYS: N_("Change its visit days or visit frequency, or the rep's working days."),
    Reason.NO_WORKING_DAY: N_("Change its visit days or closing days."),
    Reason.VISIT_TOO_LONG: N_("Shorten its visit minutes, or lengthen the working day."),
    Reason.TOO_FAR: N_("Check its position on the map, or give it to a rep who starts nearer."),
    Reason.VISIT_HOURS: N_("Change its visiting hours."),
}

#: The reasons of the customer's own data (or its rep's days): listed again every period
#: until the manager changes something, whatever room the days have.
TO_FIX = frozenset(_FIXES)

#: A visit a mid-cycle rebuild could not place on any later day (:mod:`planner._schedule_from`).
LATER_NO_ROOM = ("No day from {date} to the end of the calendar has room for the visit of "
                 "{origin}: see the customer in the first weeks of the next cycle.")
#: The same when the rebuild begins on the visit's own day: the date said once.
LATER_NO_ROOM_SAME_DAY = ("No day up to the end of the calendar has room for the visit of "
                          "{origin}: see the customer in the first weeks of the next cycle.")
#: A customer left out for lack of room whose address lies outside its territory
#: (:mod:`planner._schedule_far`): in another's area, or in none.
FAR_IN_AREA = (
    "The working days are full: the visits do not fit in {hours:g} hours a day, nor the "
    "detour to its address in {area}'s area, {km:.0f} km from the nearest customer its rep "
    "visits. Give it to {area}, or make room.")
FAR_OUTSIDE = (
    "The working days are full: the visits do not fit in {hours:g} hours a day, nor the "
    "detour to its address outside the territory, {km:.0f} km from the nearest customer "
    "its rep visits.")
#: The messages each reason is written with (English source text; older wordings too), to
#: read the code of a plan saved without one.

_MESSAGES: dict[Reason, tuple[str, ...]] = {
    Reason.NO_POSITION: (
        "No map position, so no territory either: locate its address or place it on the map.",
        "The customer has no map position.",
    ),
    Reason.NO_TERRITORY: ("Not assigned to a territory.",),
    Reason.NO_FREQUENCY: ("No visits: the visit frequency is 0.",),
    Reason.REP_DAYS: (
        "The customer is visited {visits} times a week but {rep} works only {n} days a week "
        "({days}).",
        "The visit days ({days}) are not working days of {rep} ({rep_days}).",
    ),
    Reason.NO_WORKING_DAY: (
        "The visit days ({days}) are not working days of the calendar.",
        "The visit days ({days}) are all closing days of the customer.",
        "The customer is visited {visits} times a week but has only {n} usable visit days "
        "({days}).",
        "The customer is closed on every working day of the calendar ({days}).",
        "The customer is visited {visits} times a week but open on only {open} of the working "
        "days (closed {days}).",
    ),
    Reason.VISIT_TOO_LONG: (
        "The visit takes {visit:.1f} hours, and with the drive there and back {hours:.1f} "
        "hours, longer than the working day.",
    ),
    Reason.TOO_FAR: (
        "Too far from the start point: the visit and the drive there and back take "
        "{hours:.1f} hours, longer than the working day.",
    ),
    Reason.VISIT_HOURS: (
        "Its visiting hours ({hours}) are shorter than its {minutes:g}-minute visit.",
        "Its visiting hours ({hours}) end before the rep, starting at {start}, can get there "
        "and finish the visit.",
        "Its visiting hours ({hours}) begin too late to visit it and be back within the "
        "working day ({start}–{end}).",
    ),
    Reason.NO_ROOM: ("The working days are full: the visits do not fit in {hours:g} hours a day.",
                     FAR_IN_AREA, FAR_OUTSIDE),
    Reason.NO_ROOM_IN_HOURS: (
        "No working day has room for its visit within its visiting hours ({hours}).",
    ),
    Reason.CLOSED_DAY: (
        "The visit of {date} falls on {what}, and the customer's visit days or closing days "
        "leave no other day of that week.",
        "The visit of {date} falls on {what}, and no day up to {weeks} weeks before or after "
        "it has room for it.",
        "The visit of {date} falls on {what}, and no day of that week or the weeks beside it "
        "has room for it.",
        "The visit of {date} falls on {what}, and no other day of that week has room for it.",
        "The visit of {date} falls on a public holiday ({name}) and no other day of that week "
        "has room for it.",
        "The visit of {date} falls on the rep's day off and no other day of that week has room "
        "for it.",
        LATER_NO_ROOM,
        LATER_NO_ROOM_SAME_DAY,
    ),
}


def unscheduled_frame(rows: Iterable[tuple[str, str, str, str]]) -> pd.DataFrame:
    """``plan.unscheduled`` of ``rows`` (customer id, territory, reason, code)."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(COLUMNS)).astype(object)


def code_of(reason: object) -> str:
    """The code of a reason's words (a message of :data:`_MESSAGES` in any language the
    program writes), :data:`UNKNOWN` for other words."""
    text = "" if reason is None or (isinstance(reason, float) and pd.isna(reason)) else str(reason)
    if not text:
        return UNKNOWN
    for code, sources in _MESSAGES.items():
        if any(is_message(text, source) for source in sources):
            return str(code)
    return UNKNOWN


def with_codes(unscheduled: pd.DataFrame | None) -> pd.DataFrame | None:
    """``unscheduled`` with its ``reason_code`` column: as saved, and where it is missing,
    blank (a plan file saved before the codes) or not a :class:`Reason` (typed in another
    program) read from the reason's words."""
    if unscheduled is None:
        return None
    out = unscheduled.copy()
    reasons = out["reason"] if "reason" in out.columns else pd.Series("", index=out.index)
    if "reason_code" in out.columns:
        codes = out["reason_code"].astype(object).where(out["reason_code"].notna(), "")
        codes = codes.map(lambda v: str(v).strip())
    else:
        codes = pd.Series(UNKNOWN, index=out.index, dtype=object)
    known = {str(r) for r in Reason}
    blank = ~codes.isin(known).to_numpy()  # none, or a code this program does not know
    if blank.any():
        codes = codes.astype(object).copy()
        codes.loc[blank] = [code_of(r) for r in reasons.loc[blank]]
    out["reason_code"] = codes.astype(object)
    return out


def reason_codes(unscheduled: pd.DataFrame | None) -> dict[str, str]:
    """Customer id → the code of why ``unscheduled`` (``plan.unscheduled``) lists it (its
    first row's)."""
    table = with_codes(unscheduled)
    if table is None or not len(table) or "customer_id" not in table.columns:
        return {}
    first = table.drop_duplicates("customer_id")
    return dict(zip(first["customer_id"].astype(str), first["reason_code"].astype(str),
                    strict=True))


def fix_text(code: str) -> str:
    """What the manager changes to have a customer left out for reason ``code`` visited (in
    the current language); "" for the reasons room or time may settle (:data:`TO_FIX`)."""
    try:
        return tr(_FIXES[Reason(code)])
    except (ValueError, KeyError):
        return ""


def reason_counts(unscheduled: pd.DataFrame | None) -> dict[str, int]:
    """Code → how many customers ``unscheduled`` lists for it ("" for unknown reasons)."""
    codes = reason_codes(unscheduled)
    out: dict[str, int] = {}
    for code in codes.values():
        out[code] = out.get(code, 0) + 1
    return dict(sorted(out.items()))


def not_visited_text(reason: object, code: str) -> str:
    """What the changes to announce say of a customer the calendar cannot visit for a reason
    of its own data (``code`` among :data:`TO_FIX`): "Not visited: " with the reason (in
    the current language) and what to change; "" for the other reasons (no room …), which
    keep their usual words."""
    fix = fix_text(code)
    if not fix:
        return ""
    why = retranslate(str(reason or ""))
    if fix.rstrip(".。").lower() in why.lower():  # the reason says it already
        fix = ""
    return tr("Not visited: {why}", why=sentences(why, fix))
