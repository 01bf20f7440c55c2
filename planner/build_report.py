"""The calendar build's report for the window: one item a line, what asks the manager to act
first (the window shows it in red), then the build's sum and the per-rep lines.

It was one paragraph of up to nine sentences (「訪問カレンダーを作成しました: 訪問 223件。
158件の顧客は…。21件の顧客を…。祝日・休みの日の訪問 30件は…」): the customers left out and
the reps without a home base sat in its middle, hard to find at a glance. The revised-customer
list's summary shows its items the same way (:meth:`CustomerUpdate.summary_items`)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import model as m
from planner._schedule_dates import dates_as_days
from planner._schedule_from import from_report
from planner._schedule_keep_report import keep_report
from planner._schedule_no_home import no_home_text
from planner._schedule_off import gave_way_visits, skipped_visits
from planner._schedule_rep_part import KEPT_BY_KEY, rebuilt_reps, reps_part
from planner._schedule_told import changed_customers
from planner.build_figures import figure_lines
from planner.export.excel_period import period_text
from planner.gave_way_notes import gave_way_sentence
from planner.i18n import retranslate, sentences, tr, trn
from planner.rep_days import reps_names
from planner.unscheduled_groups import Group, customer_groups


@dataclass(frozen=True)
class BuildReport:
    """The report's items, each one line: ``lead`` (what the build did), ``warnings`` (what
    asks the manager to act), ``notes`` (the rest); then ``blocks`` (the sum, the per-rep
    lines), each a few lines after a blank one."""

    lead: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    blocks: tuple[tuple[str, ...], ...]

    def head(self) -> str:
        """The items, one a line: what the build did, what to act on, the rest."""
        return "\n".join([*self.lead, *self.warnings, *self.notes])

    def text(self) -> str:
        """The whole report: the items, then each block after a blank line."""
        return "\n\n".join([self.head(), *("\n".join(b) for b in self.blocks if b)])

    def status_line(self) -> str:
        """The status bar's copy: what the build did and what asks to act, run on."""
        return sentences(*self.lead, *self.warnings)


def _kept_sentence(plan: m.Plan) -> list[str]:
    """The customers the calendar kept on their visit days, said ([] when none)."""
    kept = int(plan.meta.get("schedule_kept", 0) or 0)
    return [trn("{n} customer kept its visit days.", "{n} customers kept their visit days.",
                kept, n=f"{kept:,}")] if kept else []


def build_report_items(plan: m.Plan) -> BuildReport:
    """The report on ``plan``'s new calendar: visits, customers kept on their days, left out,
    holiday visits lost, reps without a home base, the build's notes, its sum."""
    schedule = plan.schedule
    visits = 0 if schedule is None else len(schedule)
    # a partial rebuild says first what it built again (「伊藤 由美のカレンダーを作り直しました。
    # ほかの担当者…」): the status bar's 「訪問カレンダーを作成しました」 read as every rep's
    partial = from_report(plan)
    lead = ([partial[0], tr("The whole calendar now has {visits} visits.",
                            visits=f"{visits:,}")] if partial
            else [tr("Calendar built: {visits} visits.", visits=f"{visits:,}")])
    # its dates, the first to the last working day: next month's build says it is January's
    # (on the line of the visits: 「訪問カレンダーを作成しました: 訪問 223件。期間: …」)
    period = period_text(plan) if schedule is not None and len(schedule) else ""
    if period:
        lead[-1] = sentences(lead[-1], tr("Dates: {period}.", period=period))
    # one rep's rebuild: the figures that follow are that rep's (the whole plan's 19 customers
    # left out and 295 holiday visits were mostly the other reps', whose calendars stayed)
    reps = rebuilt_reps(plan)
    whole = plan
    # the customers kept on their days: the rebuilt reps' with the rest of their figures; a
    # calendar built before that was counted per rep says the whole calendar's, before them
    per_rep = not reps or KEPT_BY_KEY in plan.meta
    if not per_rep:
        lead += _kept_sentence(plan)
    rebuilt = reps_names(plan, reps)
    if reps:
        plan = reps_part(plan, reps)
    warnings: list[str] = []
    notes: list[str] = _kept_sentence(plan) if per_rep else []
    changed = len(changed_customers(plan))
    if changed:
        notes.append(trn(
            "{n} customer has a new rep, visit day or week: the route sheets mark it.",
            "{n} customers have a new rep, visit day or week: the route sheets mark them.",
            changed, n=f"{changed:,}"))
    left = 0 if plan.unscheduled is None else len(plan.unscheduled)
    if left:
        warnings.append(trn(
            "{n} customer could not be scheduled (Customer list → Unscheduled).",
            "{n} customers could not be scheduled (Customer list → Unscheduled).",
            left, n=f"{left:,}"))
        fix = sum(g == Group.FIX for g in customer_groups(plan.unscheduled).values())
        if fix:  # left out at every build until the manager changes them: say so apart
            warnings.append(trn(
                "{n} of them needs a change to the customer (Customer list → Unscheduled: "
                "customer to fix).",
                "{n} of them need a change to the customer (Customer list → Unscheduled: "
                "customer to fix).", fix, n=f"{fix:,}"))
    gave = len(gave_way_visits(plan))  # visits of open days, said apart
    skipped = len(skipped_visits(plan)) - gave
    if skipped:
        warnings.append(trn(
            "{n} visit on a holiday or day off fits no other day and is left out; its customer "
            "keeps its other visits (Customer list → Moved or left out for holidays).",
            "{n} visits on holidays or days off fit no other day and are left out; their "
            "customers keep their other visits (Customer list → Moved or left out for "
            "holidays).", skipped, n=f"{skipped:,}"))
    if gave:  # the customers given a day, and those that gave a visit for it
        notes.append(gave_way_sentence(plan))
    if reps and (warnings or notes):  # said as theirs
        lead.append(tr("The figures that follow are those of {reps}.", reps=rebuilt))
    no_home = no_home_text(whole, where="window")  # the reps by name, and where to set one
    if no_home:
        warnings.append(no_home)
    note = str(plan.meta.get("schedule_note", "") or "")
    if note:  # stored in the language of the build; its days as 12/30(水)
        notes.append(dates_as_days(retranslate(note)))
    # the visits built against those the frequencies ask for, in one sum (the rebuilt reps');
    # keeping the days: per rep, the visits moved and the customers left out, a line each
    sums = figure_lines(plan, reps=rebuilt if reps else "")
    lines = keep_report(whole) + partial[1:]
    return BuildReport(lead=tuple(lead), warnings=tuple(warnings), notes=tuple(notes),
                       blocks=tuple(tuple(b) for b in (sums, lines) if b))


def build_report(plan: m.Plan) -> str:
    """The whole report as text (:meth:`BuildReport.text`)."""
    return build_report_items(plan).text()
