"""Status-bar sentences about what an edit did ("Moved 1 customer to week 1 Tue…",
"2 reps would work more than their hours"), kept while they are true, whole (the bar wraps
them, planner/ui/note_bar.py): the next step of the undo history (an undo, a redo, another
edit or a design), another message or the note's ✕ takes them away; and the
sentences of the edits made in the Customers list (a territory cell, Add customer…, Edit
customer…, Remove from plan…)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from PySide6.QtWidgets import QStatusBar

from planner import model as m
from planner._design_changes import RepChanges, count_text, share_of
from planner._design_result import DesignResult, above_tolerance
from planner.edits import rank_text
from planner.frequency import frequency_words
from planner.frequency_impact import frequency_impact, impact_text
from planner.i18n import clauses, listing, sentences, tr, trn
from planner.maps.actions import (
    emptied_note,
    over_hours_note,
    territory_moves,
    territory_pairs,
)
from planner.rep_days import rep_name
from planner.territories import capacity_hours
from planner.visit_days import no_day_left

#: The status bar's text while a sentence warns (a day now longer than the rep's)
WARN_STYLE = "QStatusBar { color: #b00020; }"


class EditNotes:
    """The last edit's sentence in the status bar, cleared when the plan moves on.

    Show the sentence after pushing the edit it describes, and call :meth:`step_taken` on
    every change of the undo stack's index: the push that made the sentence has already
    happened, so only a later step clears it.
    """

    def __init__(self, bar: Callable[[], QStatusBar]):
        self._bar = bar
        self._note = ""
        self._red = ""  # the sentence shown in red, while it is shown
        self._watching = False

    def show(self, text: str, *, warn: bool = False) -> None:
        """Say ``text`` (what the step just pushed did) until the next step (it no longer
        went after 15 s: a manager looking at the map missed a three-sentence note);
        ``warn``: in red, until the bar says something else."""
        self._note = text
        bar = self._bar()
        if not self._watching:
            bar.messageChanged.connect(self._on_bar_messageChanged)
            self._watching = True
        self._red = text if warn else ""
        bar.setStyleSheet(WARN_STYLE if warn else "")
        bar.showMessage(text)

    def _on_bar_messageChanged(self, text: str) -> None:
        if self._red and text != self._red:  # another message, or none: its own colour
            self._red = ""
            self._bar().setStyleSheet("")

    def step_taken(self) -> None:
        """The undo history moved: the last edit's sentence is no longer true."""
        note, self._note = self._note, ""
        if note:
            bar = self._bar()
            if bar.currentMessage() == note:  # not a later message (a save, an export)
                bar.clearMessage()


def assigned_note(before: m.Plan, after: m.Plan, *, into: str | None = None,
                  already: int = 0,
                  figures: Callable[[m.Plan], pd.DataFrame] | None = None) -> str:
    """What an assignment did, for the status bar: "Moved 3 customers into 東京エリア."
    (「3件の顧客を東京エリアに移しました。」), "Took 1 customer out of its territory.";
    then the locked customers among those moved, who stay locked in their new territory (a
    hand assignment is deliberate: the note said nothing of the lock); "" when no customer
    changed territory (or the customers themselves changed). ``already``: how many of the
    customers assigned to ``into`` (a territory's id, "" for none) were there before
    (「12件の顧客を 東京エリア に移しました（3件はすでに 東京エリア でした）。」: a count of
    the moved alone read as if a lasso had missed some); last, the reps the move took over
    their weekly hours (:func:`over_hours_note`; ``figures``: the document's figures)."""
    names = {t.id: t.name or t.id for t in (*before.territories, *after.territories)}
    said = []
    moves = territory_moves(before, after)
    pairs = territory_pairs(before, after)
    for territory, n in moves.items():
        number = f"{n:,}"
        there = already if territory == into else 0
        sources = {a: k for (a, b), k in pairs.items() if b == territory}
        if territory and (len(sources) > 1 or "" not in sources):
            said.append(_moved_from(sources, names, into=names.get(territory, territory),
                                    n=n, already=there))
        elif territory and there:
            said.append(trn("Moved {n} customer into {territory} ({already} already in it).",
                            "Moved {n} customers into {territory} ({already} already in it).",
                            n, n=number, already=f"{there:,}",
                            territory=names.get(territory, territory)))
        elif territory:
            said.append(trn("Moved {n} customer into {territory}.",
                            "Moved {n} customers into {territory}.", n, n=number,
                            territory=names.get(territory, territory)))
        elif there:
            said.append(trn("Took {n} customer out of its territory ({already} had none).",
                            "Took {n} customers out of their territories ({already} had "
                            "none).", n, n=number, already=f"{there:,}"))
        else:
            said.append(trn("Took {n} customer out of its territory.",
                            "Took {n} customers out of their territories.", n, n=number))
    locked = _locked_moved(before, after) if moves else 0
    if locked and sum(moves.values()) == 1:
        said.append(tr("It is locked and stays locked in its new territory."))
    elif locked:
        said.append(trn("{n} of them is locked and stays locked in its new territory.",
                        "{n} of them are locked and stay locked in their new territory.",
                        locked, n=f"{locked:,}"))
    if moves:  # a lasso around all of a rep's customers leaves the territory empty
        said.append(emptied_note(before, after))
        said.append(over_hours_note(before, after, figures))
    return sentences(*said)


def _moved_from(sources: dict[str, int], names: dict[str, str], *, into: str, n: int,
                already: int) -> str:
    """「6件の顧客を東京エリアから新横浜エリアに移しました。」, or from several territories
    「…に移しました: 東京エリアから4件、練馬エリアから2件。」 (most first): a boundary's drag
    said where its customers came from, a hand assignment only where they went."""
    number, there = f"{n:,}", f"{already:,}"
    if len(sources) == 1:
        old = names.get(next(iter(sources)), next(iter(sources)))
        if already:
            return trn("Moved {n} customer from {old} into {territory} ({already} already in "
                       "it).", "Moved {n} customers from {old} into {territory} ({already} "
                       "already in it).", n, n=number, old=old, territory=into, already=there)
        return trn("Moved {n} customer from {old} into {territory}.",
                   "Moved {n} customers from {old} into {territory}.", n, n=number, old=old,
                   territory=into)
    parts = listing(tr("{n} from {old}", n=f"{k:,}", old=names.get(a, a) if a else tr("Unassigned"))
                    for a, k in sorted(sources.items(), key=lambda ak: (-ak[1], ak[0])))
    if already:
        return tr("Moved {n} customers into {territory} ({already} already in it): {sources}.",
                  n=number, territory=into, already=there, sources=parts)
    return tr("Moved {n} customers into {territory}: {sources}.", n=number, territory=into,
              sources=parts)


def _locked_moved(before: m.Plan, after: m.Plan) -> int:
    """How many customers went into another territory locked (taken out of one unlocks);
    the customers are the same, in the same order (:func:`territory_moves` said some moved)."""
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    new = after.customers[m.TERRITORY].to_numpy(dtype=object)
    locked = after.customers[m.LOCKED].to_numpy(dtype=bool)
    return int(((old != new) & (new != "") & locked).sum())


def _name(plan: m.Plan, customer_id: str) -> str:
    """The customer's name, its code when it has none."""
    c = plan.customers
    names = c.loc[c[m.CUSTOMER_ID] == customer_id, m.NAME]
    return str(names.iloc[0]) if len(names) and str(names.iloc[0]).strip() else customer_id


def edited_note(plan: m.Plan, customer_id: str) -> str:
    """Edit customer…'s sentence: "Edited customer 山田商店." (「顧客 山田商店を編集しました。」)."""
    return tr("Edited customer {name}.", name=_name(plan, customer_id))


def frequency_note(before: m.Plan, after: m.Plan, customer_ids: Sequence[str], frequency: float,
                   *, was: pd.DataFrame, now: pd.DataFrame) -> str:
    """Set frequency's sentence: what was set and for how many (「3件の顧客の訪問頻度を「毎週」に
    しました。」), the weeks of the reps whose customers they are, before and after (not the
    busiest rep of the plan, who may have none of them), a word that the calendar keeps the old
    visits until it is built again, and the reps whose week no longer fits.
    ``was``, ``now``: the territories' figures before and after (the document's)."""
    n = len(customer_ids)
    text = trn("Set the visit frequency of {n} customer to {frequency}.",
               "Set the visit frequency of {n} customers to {frequency}.",
               n, n=f"{n:,}", frequency=frequency_words(frequency))
    if after is before or not after.territories:
        return text
    c = after.customers
    theirs = set(c.loc[c[m.CUSTOMER_ID].isin(list(customer_ids)), m.TERRITORY].astype(str))
    capacity = dict(zip(after.territory_ids,
                        capacity_hours(after.territories, after.settings), strict=True))
    column = "workload_hours_per_week"
    weeks = [tr("{rep} {before:.1f} → {after:.1f} h of {capacity:g} h", rep=rep_name(t),
                before=float(was[column].get(t.id, 0.0)), after=float(now[column][t.id]),
                capacity=float(capacity[t.id]))
             for t in after.territories if t.id in theirs and t.id in now.index]
    more = len(weeks) - 3
    shown = clauses(*weeks[:3]) + (trn(" and {n} more rep", " and {n} more reps", more)
                                   if more > 0 else "")
    lines = [text]
    if weeks:
        lines.append(tr("Their reps' work a week (visits and driving): {weeks}.", weeks=shown))
    if after.schedule is not None:
        lines.append(tr("The calendar shows the new frequencies once it is built again."))
    impact = frequency_impact(before, after, was=was, now=now)
    if impact.over:
        lines.append(impact_text(impact).splitlines()[-1])  # who no longer fits, and what to do
    return sentences(*lines)


def rank_note(before: m.Plan, after: m.Plan, customer_ids: tuple[str, ...], rank: str) -> str:
    """What a new rank did, for Set rank and Edit customer… alike: the rank and the frequency
    rules' doing (:func:`planner.edits.rank_text`, 「ランクをBに変更しました（3件）。訪問頻度は
    規則により隔週になります。」), then what the new frequencies do to the reps' weeks."""
    text = rank_text(before, customer_ids, rank)  # from the plan before: which followed the rules
    if before.territories and after is not before and not after.customers[
            m.FREQUENCY].equals(before.customers[m.FREQUENCY]):
        text = sentences(text, *impact_text(frequency_impact(before, after)).splitlines()[1:])
    return text


def added_note(plan: m.Plan, customer_id: str) -> str:
    """Add customer…'s sentence, with the territory it went into: "Added customer 山田商店
    (東京エリア)." (「顧客 山田商店を追加しました（東京エリア）。」), "(unassigned)" without one."""
    c = plan.customers
    territories = c.loc[c[m.CUSTOMER_ID] == customer_id, m.TERRITORY]
    territory = str(territories.iloc[0]) if len(territories) else ""
    name = _name(plan, customer_id)
    if not territory:
        return tr("Added customer {name} (unassigned).", name=name)
    names = {t.id: t.name or t.id for t in plan.territories}
    text = tr("Added customer {name} ({territory}).", name=name,
              territory=names.get(territory, territory))
    frequency = c.loc[c[m.CUSTOMER_ID] == customer_id, m.FREQUENCY]
    if plan.schedule is None or plan.schedule.empty or not (frequency > 0).any():
        return text
    # the calendar as it is has no visit of it: say when it gets one
    return sentences(text, tr("Building the calendar again (keeping the visit days) puts "
                              "its visits on days with room."))


def removed_note(before: m.Plan, customer_ids: Sequence[str]) -> str:
    """Remove from plan…'s sentence: "Removed customer 山田商店 from the plan."
    (「顧客 山田商店をプランから削除しました。」), for more "Removed 3 customers from the plan."
    (「3件の顧客をプランから削除しました。」)."""
    if len(customer_ids) == 1:
        return tr("Removed customer {name} from the plan.", name=_name(before, customer_ids[0]))
    n = len(customer_ids)
    return trn("Removed {n} customer from the plan.", "Removed {n} customers from the plan.",
               n, n=f"{n:,}")


def home_note(before: m.Plan, after: m.Plan, territory_id: str) -> str:
    """A home base's sentence: "Set the home base of 東京エリア." (「東京エリアの拠点を設定し
    ました。」) or "Cleared …"; "" when it did not change."""
    if territory_id not in before.territory_ids or territory_id not in after.territory_ids:
        return ""
    was, now = before.territory(territory_id), after.territory(territory_id)
    if (was.has_home, was.home_lat, was.home_lon) == (now.has_home, now.home_lat, now.home_lon):
        return ""
    name = now.name or territory_id
    if now.has_home:
        text = tr("Set the home base of {territory}.", territory=name)
        other = _area_holding(after, territory_id, now.home_lat, now.home_lon)
        return text if other is None else sentences(text, tr(
            "It lies in {other}'s area, away from {territory}'s customers: every route starts "
            "and ends there.", other=other.name or other.id, territory=name))
    return tr("Cleared the home base of {territory}.", territory=name)


def _area_holding(plan: m.Plan, territory_id: str, lat: float | None,
                  lon: float | None) -> m.Territory | None:
    """The other territory whose drawn area holds the point, when the territory's own does
    not (a new rep's home in the old rep's area: 1,844 km a cycle on the sample)."""
    from shapely.geometry import Point

    if lat is None or lon is None:
        return None
    point = Point(float(lon), float(lat))
    own = plan.territory(territory_id).boundary
    if own is not None and not own.is_empty and own.covers(point):
        return None
    return next((t for t in plan.territories if t.id != territory_id and t.boundary is not None
                 and not t.boundary.is_empty and t.boundary.covers(point)), None)


def applied_note(before: m.Plan, result: DesignResult, *, rebalanced: bool,
                 changes: RepChanges | None, figures: pd.DataFrame | None = None) -> str:
    """The status bar after the design dialog's Apply: a territory gone or new first (the bar
    cuts a long note), where a new one's customers came from, then :func:`designed_note`
    (without the reps' changes when they repeat 「移動 178件」: the sentence a 1366-wide bar
    cut), then each territory left outside the tolerance and why."""
    from planner._design_join import joined_text

    lead = territories_note(before, result.plan)
    if lead and changes is not None and changes.changed == len(result.moves):
        changes = None
    # a territory left outside the tolerance: which, and why (locked customers …), as the
    # dialog said it before Apply (the note said only the largest deviation)
    outside = (above_tolerance(result)
               if result.max_deviation > result.plan.settings.tolerance + 5e-4 else "")
    # a design of some territories (a rep leaving or joining, the selected ones): its largest
    # deviation is among them; the Territories list beside it shows the whole plan's
    # (``figures``: the list's territory_metrics of the plan after Apply)
    overall = None
    if figures is not None and len(result.metrics) < len(result.plan.territories):
        deviation = figures["deviation"].abs().dropna()
        overall = float(deviation.max()) if len(deviation) else None
    return sentences(lead, joined_text(before, result.plan, result.moves),
                     designed_note(len(result.moves), result.max_deviation,
                                   rebalanced=rebalanced, changes=changes,
                                   overall=overall), outside)


def designed_note(moved: int, deviation: float, *, rebalanced: bool,
                  changes: RepChanges | None = None, overall: float | None = None) -> str:
    """The design dialog's Apply: "Rebalanced: moved 34 customers, largest deviation 3.9%."
    (「再配分しました: 移動 34件、最大偏差 3.9%。」), or "Designed the territories: …". When
    customers had reps (``changes``) and the customers moved are those who change rep, the
    number said once, as who changes rep and their share (「再配分しました: 担当が変わる顧客
    115件（全1,500件の8%）、最大偏差 3.1%。」: the note said 「移動 115件」 and 「変わる顧客
    115件」 one after the other); when they differ, both (customers in no territory before
    moved too). ``overall``: some territories were designed among themselves, ``deviation``
    is theirs and ``overall`` the whole plan's largest (「対象のテリトリーの間で再配分しました:
    …その間の最大偏差 4.5%（全テリトリーでは24.7%）。」: the note said 4.5% beside a list
    showing +24.7%)."""
    once = changes is not None and bool(changes.assigned) and changes.changed == moved
    if once and moved:
        assert changes is not None
        return _changed_note(changes, deviation, rebalanced=rebalanced, overall=overall)
    if overall is not None:
        text = trn("Rebalanced the territories concerned: moved {n} customer, largest deviation "
                   "among them {dev:.1%} ({all:.1%} across all territories).",
                   "Rebalanced the territories concerned: moved {n} customers, largest "
                   "deviation among them {dev:.1%} ({all:.1%} across all territories).",
                   moved, n=f"{moved:,}", dev=deviation, all=overall)
    elif rebalanced:
        text = trn("Rebalanced: moved {n} customer, largest deviation {dev:.1%}.",
                   "Rebalanced: moved {n} customers, largest deviation {dev:.1%}.", moved,
                   n=f"{moved:,}", dev=deviation)
    else:
        text = trn("Designed the territories: moved {n} customer, largest deviation {dev:.1%}.",
                   "Designed the territories: moved {n} customers, largest deviation {dev:.1%}.",
                   moved, n=f"{moved:,}", dev=deviation)
    if changes is None or once:  # none moved, none changed: "moved 0" says it
        return text
    return sentences(text, count_text(changes))


def _changed_note(changes: RepChanges, deviation: float, *, rebalanced: bool,
                  overall: float | None) -> str:
    """:func:`designed_note` when every customer moved is one who changes rep."""
    n, of = changes.changed, share_of(changes)
    if overall is not None:
        return trn("Rebalanced the territories concerned: {n} customer changes rep ({of}), "
                   "largest deviation among them {dev:.1%} ({all:.1%} across all territories).",
                   "Rebalanced the territories concerned: {n} customers change rep ({of}), "
                   "largest deviation among them {dev:.1%} ({all:.1%} across all territories).",
                   n, n=f"{n:,}", of=of, dev=deviation, all=overall)
    if rebalanced:
        return trn("Rebalanced: {n} customer changes rep ({of}), largest deviation {dev:.1%}.",
                   "Rebalanced: {n} customers change rep ({of}), largest deviation {dev:.1%}.",
                   n, n=f"{n:,}", of=of, dev=deviation)
    return trn("Designed the territories: {n} customer changes rep ({of}), largest deviation "
               "{dev:.1%}.",
               "Designed the territories: {n} customers change rep ({of}), largest deviation "
               "{dev:.1%}.", n, n=f"{n:,}", of=of, dev=deviation)


def territories_note(before: m.Plan, after: m.Plan) -> str:
    """What a design did to the territories themselves, for the status bar after Apply: the
    territory gone with a rep who leaves (「練馬エリア（田中 健太）はなくなり、顧客はほかの
    テリトリーに移りました。」) and a new one still without its rep, with where to name them
    (the note said only 「再配分しました」: the manager saw no word of either)."""
    kept = set(after.territory_ids)
    out = []
    for t in before.territories:
        if t.id not in kept:
            name = t.name or t.id
            out.append(tr("{territory} ({rep}) is removed; its customers went to other "
                          "territories.", territory=name, rep=t.rep) if t.rep else
                       tr("{territory} is removed; its customers went to other territories.",
                          territory=name))
    was = set(before.territory_ids)
    for t in after.territories:
        if t.id not in was:
            if t.rep and not t.has_home:  # named in the add-rep dialog, no address given
                out.append(tr("New territory {territory} ({rep}): place the rep's home base on "
                              "the map (right-click it in the Territories list).",
                              territory=t.name or t.id, rep=t.rep))
                continue
            out.append(tr("New territory {territory}: double-click its Rep cell in the "
                          "Territories list to type its rep, and set its home base there "
                          "(right-click → Home base (start of the routes)).",
                          territory=t.name or t.id)
                       if not t.rep or not t.has_home else
                       tr("New territory {territory} ({rep}).", territory=t.name or t.id,
                          rep=t.rep))
    return sentences(*out)


def merged_note(before: m.Plan, after: m.Plan, territory_id: str, other_id: str) -> str:
    """Merge's sentence: "Merged 新横浜エリア into 立川エリア." (and the rep left without a
    territory), then why the merged territory's driving is less than the two's apart (one rep
    visits both on the same daily trips), so that no hour seems lost."""
    from planner.territories import territory_metrics

    keep, gone = before.territory(territory_id), before.territory(other_id)
    text = tr("Merged {other} into {territory}.", other=gone.name or gone.id,
              territory=keep.name or keep.id)
    if gone.rep and gone.rep not in {t.rep for t in after.territories}:
        text = tr("Merged {other} into {territory}: {rep} no longer has a territory.",
                  other=gone.name or gone.id, territory=keep.name or keep.id, rep=gone.rep)
    if territory_id not in after.territory_ids:
        return text
    apart = float(territory_metrics(before).loc[[territory_id, other_id],
                                                "travel_hours_per_week"].sum())
    together = float(territory_metrics(after).at[territory_id, "travel_hours_per_week"])
    if round(together, 1) >= round(apart, 1):
        return text
    return sentences(text, tr(
        "Its driving is estimated at {together} h a week, less than the {apart} h of the two "
        "apart, because one rep visits both on the same daily trips.",
        together=f"{together:.1f}", apart=f"{apart:.1f}"))


def days_off_note(before: m.Plan, after: m.Plan, territory_id: str) -> str:
    """When the rep's days off alone changed (a rep off sick on 12/15(火)): the dates, and what
    becomes of the calendar's visits on the new ones — nothing until the calendar is built
    again, then another day of the same week, or left out when none has room. "" when
    anything else of the rep's working time changed too."""
    from planner.days_off import days_off_label
    from planner.rep_days import rep_name

    old, new = before.territory(territory_id), after.territory(territory_id)
    time = ("working_days", "day_hours", "day_start", "capacity_hours")
    if any(getattr(old, k) != getattr(new, k) for k in time) or old.days_off == new.days_off:
        return ""
    added = sorted(set(new.days_off) - set(old.days_off))
    s = after.schedule
    visits = 0
    if added and s is not None and "date" in s:
        visits = int(((s["territory"] == territory_id) & s["date"].isin(added)).sum())
    rep = rep_name(new)
    if not added:  # days off taken back
        return tr("{rep}'s days off are now {dates}: build the calendar again to use them.",
                  rep=rep, dates=days_off_label(new.days_off)) if new.days_off else tr(
            "{rep} has no days off any more: build the calendar again to use that.", rep=rep)
    dates = days_off_label(tuple(added), weekdays=True)  # 12/16(水), as the calendar says
    if not visits:
        return tr("{rep} is off on {dates}; the calendar has no visits of theirs on it.",
                  rep=rep, dates=dates)
    return trn(
        "{rep} is off on {dates}: its {n} visit stays planned until you build the calendar "
        "again (keeping the visit days), which moves it to another day of the same week, or "
        "leaves it out when no day has room.",
        "{rep} is off on {dates}: its {n} visits stay planned until you build the calendar "
        "again (keeping the visit days), which moves them to other days of the same week, or "
        "leaves out those no day has room for.",
        visits, rep=rep, dates=dates, n=visits)


def not_locked_text(plan: m.Plan, ids: Sequence[str]) -> str:
    """Why some of ``ids`` were not locked (they have no territory to be kept in); "" if none."""
    c = plan.customers
    loose = int((c[m.TERRITORY].to_numpy(dtype=object)[c[m.CUSTOMER_ID].isin(list(ids))] == "").sum())
    return trn(
        "{n} selected customer has no territory and was not locked: a lock keeps a "
        "customer in its territory.", "{n} selected customers have no territory and were "
        "not locked: a lock keeps a customer in its territory.", loose) if loose else ""


def no_day_note(plan: m.Plan, customer_ids: Sequence[str]) -> str:
    """Said when customers' visit days are now all their closing days: the next calendar
    would have no day for them (水 as both 定休日 and 訪問曜日); "" otherwise."""
    c = plan.customers
    mine = c[c[m.CUSTOMER_ID].isin(customer_ids)]
    clash = [str(name) for name, visit, closed in zip(
        mine[m.NAME], mine[m.VISIT_DAYS], mine[m.CLOSED_DAYS], strict=True)
        if no_day_left(visit, closed)]
    if not clash:
        return ""
    return tr("The visit days of {names} are all their closing days: the calendar has no "
              "day to visit them. Change the visit days or the closing days.",
              names=listing(clash[:3]) + ("…" if len(clash) > 3 else ""))
