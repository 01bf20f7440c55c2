"""The status bar's sentence after Preferences closes with OK: what changed (old → new) and
what that did (the territory figures recomputed, the calendar out of date), or that nothing
changed. Nothing said, a manager changing the detour factor could not tell whether the
figures already used it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from planner import model as m
from planner.i18n import day_list, listing, sentences, tr

#: settings no territory figure uses (the address lookup's)
_FIGURE_FREE = frozenset({"geocoder", "gsi_url", "nominatim_url"})


def _number(value: float) -> str:
    return f"{value:g}"


def _hours(value: float) -> str:
    return _number(value) + tr(" h")


def _minutes(value: float) -> str:
    return _number(value) + tr(" min")


def _days(days: tuple[str, ...]) -> str:
    return day_list(tr(m.WEEKDAY_TITLES[d]) for d in m.WEEKDAYS if d in days)


def _lunch(s: m.Settings) -> str:
    return tr("No break") if not s.lunch_minutes else f"{s.lunch_start} {_minutes(s.lunch_minutes)}"


def _visit_minutes(s: m.Settings) -> str:
    return " ".join(f"{rank} {_minutes(s.service_minutes_for(rank))}" for rank in ("A", "B", "C"))


#: (label, the setting's text) of each plan setting the dialog shows, in its order
_SHOWN: tuple[tuple[str, Callable[[m.Settings], str]], ...] = (
    ("Working days", lambda s: _days(s.working_days)),
    ("Working hours per day", lambda s: _hours(s.day_hours)),
    ("Day starts at", lambda s: s.day_start),
    ("Lunch break from", _lunch),
    ("Cycle (weeks)", lambda s: _number(s.cycle_weeks)),
    ("Average speed", lambda s: _number(s.speed_kmh) + tr(" km/h")),
    ("Detour factor", lambda s: _number(s.detour_factor)),
    ("Visit minutes by rank", _visit_minutes),
    ("Routing server URL", lambda s: s.routing_url or tr("(straight lines × detour factor)")),
)


def setting_changes(before: m.Settings, after: m.Settings, *,
                    geocoders: Mapping[str, str] | None = None) -> list[str]:
    """Each plan setting changed, as "label old → new" in the current language
    (``geocoders``: the names the dialog shows for the address lookups)."""
    names = geocoders or {}
    shown = (*_SHOWN, ("Geocoder", lambda s: names.get(s.geocoder, s.geocoder)))
    said = []
    for label, text in shown:
        old, new = text(before), text(after)
        if old != new:
            said.append(tr("{setting} {before} → {after}", setting=tr(label), before=old,
                           after=new))
    return said


def preferences_note(changes: list[str], *, figures: bool, calendar: bool) -> str:
    """The sentence for the status bar: ``changes`` (:func:`setting_changes`, and the
    program's own settings), ``figures``: the territory figures were recomputed with them,
    ``calendar``: the calendar is now out of date."""
    if not changes:
        return tr("Preferences closed: nothing changed.")
    effects = ""
    if figures and calendar:
        effects = tr("The Territories figures (hours per week and more) were recomputed; the "
                     "calendar is out of date until it is built again.")
    elif figures:
        effects = tr("The Territories figures (hours per week and more) were recomputed.")
    elif calendar:
        effects = tr("The calendar is out of date until it is built again.")
    return sentences(tr("Changed: {changes}.", changes=listing(changes)), effects)


def affects_figures(before: m.Settings, after: m.Settings) -> bool:
    """Whether a territory figure (hours, travel, deviation) uses a setting that changed."""
    return any(getattr(before, name) != getattr(after, name)
               for name in (f.name for f in fields(before)) if name not in _FIGURE_FREE)


def program_change(label: str, before: Any, after: Any) -> str:
    """A program setting changed, as "label old → new"."""
    return tr("{setting} {before} → {after}", setting=tr(label), before=str(before),
              after=str(after))
