"""The customers the calendar cannot visit, sorted by what the manager does about them.

Two kinds matter to a sales manager (:class:`Group`): customers no working day had room for
(:data:`ROOM`: more working days or hours, fewer visits, or simply building the calendar
again may fit them) and customers whose own data keeps them out (:data:`planner.unscheduled.
TO_FIX`: left out at every build until the manager changes the customer). The rest (visit
frequency 0, a reason the program cannot tell) are "other".

For each reason code: a few plain words (:func:`reason_label`) and the next step
(:func:`next_step`); :func:`reason_with_fix` is a customer's reason followed by what to
change; :func:`summary_lines` the few lines the ``schedule`` command prints.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from planner._schedule_dates import dates_as_days
from planner.i18n import N_, retranslate, sentences, tr
from planner.unscheduled import TO_FIX, UNKNOWN, Reason, fix_text, reason_codes, with_codes


class Group(StrEnum):
    """What settles a customer's absence from the calendar."""

    ROOM = "room"  # room on the days: more days or hours, fewer visits, a rebuild
    FIX = "fix"  # a change to the customer (or its rep's days) only the manager can make
    OTHER = "other"  # not visited on purpose (frequency 0), or a reason the program cannot tell


#: The reasons room on the working days may settle.
ROOM = frozenset({Reason.NO_ROOM, Reason.NO_ROOM_IN_HOURS, Reason.CLOSED_DAY})

#: Each reason in a few words, naming the customers it keeps out.
_LABELS: dict[str, str] = {
    Reason.NO_POSITION: N_("No map position"),
    Reason.NO_TERRITORY: N_("No territory"),
    Reason.NO_FREQUENCY: N_("Visit frequency 0 (not visited on purpose)"),
    Reason.REP_DAYS: N_("Visit days or frequency the rep's working days cannot meet"),
    Reason.NO_WORKING_DAY: N_("No working day left by the visit days or closing days"),
    Reason.VISIT_TOO_LONG: N_("Visit longer than the working day"),
    Reason.TOO_FAR: N_("Too far to visit within a working day"),
    Reason.VISIT_HOURS: N_("Visiting hours no working day can meet"),
    Reason.NO_ROOM: N_("Working days full"),
    Reason.NO_ROOM_IN_HOURS: N_("No room within the visiting hours"),
    Reason.CLOSED_DAY: N_("Visit on a holiday or day off, no other day free"),
    UNKNOWN: N_("Other reasons (each customer's row says which)"),
}

#: The next step for the reasons that are not the customer's own data (those: fix_text).
_STEPS: dict[str, str] = {
    Reason.NO_ROOM: N_("Add working days or hours, or lower visit frequencies, then build "
                       "the calendar again."),
    Reason.NO_ROOM_IN_HOURS: N_("Widen the visiting hours, or free room on those days, then "
                                "build the calendar again."),
    Reason.CLOSED_DAY: N_("Free room on the days around the holiday, then build the calendar "
                          "again."),
    Reason.NO_FREQUENCY: N_("Set a visit frequency if it is to be visited."),
}

#: The groups' headings, in the order they are listed.
_HEADINGS: dict[Group, str] = {
    Group.FIX: N_("Need a change to the customer: {n} (left out at every build until "
                  "changed)"),
    Group.ROOM: N_("No room: {n} (more room, or building the calendar again, may fit them)"),
    Group.OTHER: N_("Other: {n}"),
}


#: The groups' titles and what they mean, where the count stands in a cell of its own (the
#: workbook's summary).
_TITLES: dict[Group, tuple[str, str]] = {
    Group.FIX: (N_("Need a change to the customer"),
                N_("Left out at every build until changed; the Problems column of the "
                   "Customer list says what to change.")),
    Group.ROOM: (N_("No room"), N_("More room, or building the calendar again, may fit them.")),
    Group.OTHER: (N_("Other"), ""),
}


def group_title(group: Group) -> tuple[str, str]:
    """The group's title, without its count, and what it means ("" for "other"), in the
    current language."""
    title, note = _TITLES[group]
    return tr(title), tr(note) if note else ""


def group_of(code: object) -> Group:
    """The group of reason ``code`` (a :class:`Reason` or its value; "" unknown)."""
    text = str(code or "")
    if text in TO_FIX:
        return Group.FIX
    if text in ROOM:
        return Group.ROOM
    return Group.OTHER


def reason_label(code: object) -> str:
    """Reason ``code`` in a few words (current language)."""
    return tr(_LABELS.get(str(code or ""), _LABELS[UNKNOWN]))


def next_step(code: object) -> str:
    """What the manager does to have a customer left out for ``code`` visited: what to change
    (:func:`planner.unscheduled.fix_text`), or how to make room; "" when nothing is to do."""
    text = str(code or "")
    return fix_text(text) or (tr(_STEPS[text]) if text in _STEPS else "")


def reason_with_fix(reason: object, code: object) -> str:
    """A customer's reason (its words, in the current language) followed, for a reason of
    its own data, by what to change (unless the words say it already)."""
    why = dates_as_days(retranslate(str(reason or "")))  # 12/30(水), not 2026-12-30
    fix = fix_text(str(code or ""))
    if not fix or fix.rstrip(".。").lower() in why.lower():
        return why
    return sentences(why, fix)


def customer_groups(unscheduled: pd.DataFrame | None) -> dict[str, Group]:
    """Customer id → the group of why ``unscheduled`` (``plan.unscheduled``) lists it."""
    return {cid: group_of(code) for cid, code in reason_codes(unscheduled).items()}


def reasons_by_customer(unscheduled: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Customer id → (its reason's words as saved, its code): the first row of each."""
    table = with_codes(unscheduled)
    if table is None or not len(table) or "customer_id" not in table.columns:
        return {}
    first = table.drop_duplicates("customer_id")
    words = first["reason"] if "reason" in first.columns else pd.Series("", index=first.index)
    return {str(cid): ("" if pd.isna(r) else str(r), str(code)) for cid, r, code in zip(
        first["customer_id"], words, first["reason_code"], strict=True)}


def group_counts(unscheduled: pd.DataFrame | None) -> dict[Group, dict[str, int]]:
    """Group → reason code → how many customers ``unscheduled`` lists for it; the groups in
    the order they are told (to fix, no room, other), the codes most customers first."""
    counts: dict[Group, dict[str, int]] = {}
    for code in reason_codes(unscheduled).values():
        by_code = counts.setdefault(group_of(code), {})
        by_code[code] = by_code.get(code, 0) + 1
    order = {str(r): i for i, r in enumerate(Reason)}
    return {g: dict(sorted(counts[g].items(), key=lambda kv: (-kv[1], order.get(kv[0], 99))))
            for g in _HEADINGS if g in counts}


def count_line(label: str, n: int) -> str:
    """``label`` with its count: ``Working days full: 3`` / ``稼働日が埋まっている顧客 3件``."""
    return tr("{label}: {n}", label=label, n=f"{n:,}")


def summary_lines(unscheduled: pd.DataFrame | None) -> list[str]:
    """A few lines on the customers ``unscheduled`` lists, under the sentence saying how
    many: per group its count, per reason its count and the next step (two spaces of
    indent per level)."""
    lines: list[str] = []
    for group, by_code in group_counts(unscheduled).items():
        lines.append("  " + tr(_HEADINGS[group], n=f"{sum(by_code.values()):,}"))
        for code, n in by_code.items():
            step = next_step(code)
            lines.append("    " + count_line(reason_label(code), n) + (f" → {step}" if step
                                                                        else ""))
    return lines
