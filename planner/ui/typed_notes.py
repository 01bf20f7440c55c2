"""What setting a customer's closing days, visit days, visit week or visiting hours did, for
the status bar: the value set, and — for the days — the customers whose calendar visits now
fall on a weekday they may not be visited on, which stay there until the calendar is built
again (keeping the visit days) and then move to an allowed day.

Before, the edit was silent: a customer set to 火 only still showed its Wednesday visit in
the calendar and the list, and nothing said whether (or when) the Tuesday would be kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner import model as m
from planner.closed_days import split_days
from planner.i18n import listing, sentences, tr, trn
from planner.ui.customer_fields import TYPED
from planner.ui.edit_notes import no_day_note

#: the fields whose value decides the weekdays a customer may be visited on
_DAY_FIELDS = (m.CLOSED_DAYS, m.VISIT_DAYS)


def typed_notes(plan: m.Plan, key: str, customer_ids: Sequence[str]) -> tuple[str, str]:
    """After ``key`` of ``customer_ids`` was set in ``plan``: the warning worth a box (visit
    days that are all closing days, "" for none) and the status bar's sentence."""
    warned = no_day_note(plan, customer_ids) if key in _DAY_FIELDS else ""
    return warned, sentences(_set_text(plan, key, customer_ids), _calendar_text(plan, key,
                                                                                customer_ids))


def _set_text(plan: m.Plan, key: str, customer_ids: Sequence[str]) -> str:
    field = TYPED[key]
    c = plan.customers
    values = c.loc[c[m.CUSTOMER_ID].isin(list(customer_ids)), key]
    n = len(values)
    what = tr(field.title)
    what = what[:1].lower() + what[1:]  # "the visit days"; 訪問曜日 as it is
    if not n:
        return ""
    if values.nunique() != 1:  # one value for all of them; never several
        return trn("Set the {what} of {n} customer.", "Set the {what} of {n} customers.",
                   n, what=what, n=f"{n:,}")
    label = field.label(values.iloc[0])
    if not label:
        return trn("Cleared the {what} of {n} customer.", "Cleared the {what} of {n} customers.",
                   n, what=what, n=f"{n:,}")
    return trn("Set the {what} of {n} customer to {value}.",
               "Set the {what} of {n} customers to {value}.", n, what=what, n=f"{n:,}",
               value=label)


def _calendar_text(plan: m.Plan, key: str, customer_ids: Sequence[str]) -> str:
    """The customers among ``customer_ids`` the calendar visits on a weekday their closing
    or visit days now rule out, and what becomes of those visits; "" for none."""
    s = plan.schedule
    if key not in _DAY_FIELDS or s is None or s.empty:
        return ""
    c = plan.customers
    mine = c[c[m.CUSTOMER_ID].isin(list(customer_ids))]
    visit_days = s.groupby(s["customer_id"].astype(str))["day"].agg(
        lambda days: {str(d) for d in days})
    wrong: list[str] = []
    for cid, name, closed, visit in zip(mine[m.CUSTOMER_ID].astype(str), mine[m.NAME],
                                        mine[m.CLOSED_DAYS], mine[m.VISIT_DAYS], strict=True):
        on = visit_days.get(cid, set())
        allowed = split_days(visit)
        if on & split_days(closed) or (allowed and on - allowed):
            wrong.append(str(name))
    if not wrong:
        return ""
    names = listing(wrong[:3]) + ("…" if len(wrong) > 3 else "")
    return trn(
        "The calendar still visits {names} on another weekday: it stays there until you "
        "build the calendar again (keeping the visit days), which moves it to an allowed day.",
        "The calendar still visits {n} of them ({names}) on other weekdays: they stay there "
        "until you build the calendar again (keeping the visit days), which moves them to "
        "allowed days.", len(wrong), n=len(wrong), names=names)
