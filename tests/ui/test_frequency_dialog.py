"""Frequency rules dialog: rank rules and sales bands as one undo step, hand-set values kept."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner.edits import SetFrequency
from planner.frequency import OVERRIDES_KEY, SALES_BANDS_KEY, overridden_ids
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.frequency_dialog import FrequencyDialog

pytestmark = pytest.mark.usefixtures("isolated")


def choose(combo, value: float) -> None:
    index = combo.findData(value)
    assert index >= 0
    combo.setCurrentIndex(index)


def open_dialog(qtbot, doc: PlanDocument) -> FrequencyDialog:
    dialog = FrequencyDialog(doc)
    qtbot.addWidget(dialog)
    return dialog


def test_sales_bands_and_rank_rules_apply_as_one_undo_step_keeping_hand_set(qtbot):
    doc = PlanDocument(synthetic_plan(300, territories=3, seed=7))
    hand = tuple(doc.plan.customers[m.CUSTOMER_ID][:5])
    doc.push(SetFrequency(hand, (8.0,) * len(hand)))  # as the customer list's editor does
    assert overridden_ids(doc.plan) == set(hand)
    start = doc.plan
    steps = doc.undo_stack.count()
    threshold = float(np.median(start.customers[m.SALES].to_numpy(dtype=float)))

    dialog = open_dialog(qtbot, doc)
    assert dialog.keep_overrides.isChecked() and "(5 customers)" in dialog.keep_overrides.text()
    for rank, visits in (("A", 4.0), ("B", 2.0), ("C", 1.0)):
        choose(dialog.combos[rank], visits)
    row = dialog.bands.add_band()
    dialog.bands.spin(row).setValue(threshold)
    choose(dialog.bands.combo(row), 4.0)
    assert dialog.bands.bands() == [(round(threshold), 4.0)]
    with qtbot.waitSignal(doc.planChanged, timeout=10_000):
        dialog.apply()
    assert dialog.result() == FrequencyDialog.DialogCode.Accepted
    assert doc.undo_stack.count() == steps + 1

    c = doc.plan.customers
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    ids = c[m.CUSTOMER_ID].to_numpy()
    sales = c[m.SALES].to_numpy(dtype=float)
    rank_rule = c[m.RANK].map({"A": 4.0, "B": 2.0, "C": 1.0}).to_numpy(dtype=float)
    is_hand = np.isin(ids, hand)
    assert (freq[is_hand] == 8.0).all()  # hand-set frequencies are kept
    rich = (sales >= round(threshold)) & ~is_hand
    assert rich.any() and (freq[rich] == 4.0).all()  # the band lifts them to weekly
    poor_c = (sales < round(threshold)) & (c[m.RANK] == "C").to_numpy() & ~is_hand
    assert poor_c.any() and (freq[poor_c] == 1.0).all()
    ranked = ~is_hand & np.isfinite(rank_rule)
    assert (freq[ranked] >= rank_rule[ranked]).all()
    assert doc.plan.meta[SALES_BANDS_KEY] == [[float(round(threshold)), 4.0]]
    assert overridden_ids(doc.plan) == set(hand)

    again = open_dialog(qtbot, doc)  # the bands come back when the dialog reopens
    assert again.bands.bands() == [(round(threshold), 4.0)]
    again.reject()

    with qtbot.waitSignal(doc.planChanged, timeout=10_000):
        doc.undo_stack.undo()
    assert doc.plan is start

    untick = open_dialog(qtbot, doc)
    for rank, visits in (("A", 4.0), ("B", 2.0), ("C", 1.0)):
        choose(untick.combos[rank], visits)
    untick.keep_overrides.setChecked(False)
    untick.apply()
    c = doc.plan.customers.set_index(m.CUSTOMER_ID)
    for cid in hand:  # the rank rule replaces the hand-set value and its mark
        assert c.at[cid, m.FREQUENCY] == {"A": 4.0, "B": 2.0, "C": 1.0}[c.at[cid, m.RANK]]
    assert not overridden_ids(doc.plan) & set(hand)
    doc.undo_stack.undo()
    assert doc.plan is start and doc.plan.meta[OVERRIDES_KEY] == sorted(hand)


def test_two_bands_from_the_same_amount_are_refused_without_a_change(qtbot):
    doc = PlanDocument(synthetic_plan(50, territories=2))
    dialog = open_dialog(qtbot, doc)
    errors: list[str] = []
    dialog.show_error = errors.append
    for _ in range(2):
        row = dialog.bands.add_band()
        dialog.bands.spin(row).setValue(5_000_000)
    dialog.apply()
    assert errors and "same amount" in errors[0]
    assert doc.undo_stack.count() == 0 and dialog.result() != FrequencyDialog.DialogCode.Accepted
    dialog.bands.remove_band()
    assert dialog.bands.table.rowCount() == 1 and dialog.bands.bands()[0][0] == 5_000_000


def test_ranks_from_sales_then_the_rank_rules_in_one_undo_step(qtbot):
    from planner.abc import abc_ranks

    doc = PlanDocument(synthetic_plan(200, territories=2, seed=5))
    start = doc.plan
    dialog = open_dialog(qtbot, doc)
    assert dialog.abc.isEnabled() and not dialog.abc.isChecked()
    dialog.abc.setChecked(True)
    dialog.abc.spins[0].setValue(60)
    dialog.abc.spins[1].setValue(85)
    expected = abc_ranks(start.customers[m.SALES].to_numpy(dtype=float), (0.6, 0.85))
    assert dialog.abc.summary.text().splitlines() == expected.lines()
    choose(dialog.combos["A"], 8.0)
    dialog.update_impact()
    rules = {r: float(dialog.combos[r].currentData()) for r in ("A", "B", "C")}
    want = np.array([rules[r] for r in expected.ranks])
    changing = int((want != start.customers[m.FREQUENCY].to_numpy(dtype=float)).sum())
    assert changing > 0
    assert dialog.impact.text().startswith(f"{changing:,} customers change frequency.")
    dialog.apply()
    after = doc.plan
    assert after.customers[m.RANK].tolist() == expected.ranks.tolist()
    assert after.customers[m.FREQUENCY].tolist() == [rules[r] for r in expected.ranks]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.customers[m.RANK].tolist() == start.customers[m.RANK].tolist()
    assert np.array_equal(doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float),
                          start.customers[m.FREQUENCY].to_numpy(dtype=float), equal_nan=True)


def test_shares_out_of_order_are_refused_without_a_change(qtbot, monkeypatch):
    doc = PlanDocument(synthetic_plan(80, territories=2, seed=2))
    dialog = open_dialog(qtbot, doc)
    dialog.abc.setChecked(True)
    dialog.abc.spins[0].setValue(95)  # A beyond B
    assert "70,90" in dialog.abc.summary.text()
    dialog.update_impact()
    assert "70,90" in dialog.impact.text()
    warned = []
    monkeypatch.setattr(dialog, "show_error", warned.append)
    dialog.apply()
    assert warned and doc.undo_stack.count() == 0


def test_the_rules_start_from_the_lists_own_frequencies_so_ok_changes_nobody(qtbot):
    """The list said 2ヶ月に1回 for rank D: the dialog shows every 8 weeks for D (not the
    program's default), so opening it and pressing OK changes no customer's visits."""
    plan = synthetic_plan(120, territories=3, seed=7)
    c = plan.customers.copy()
    c[m.RANK] = np.resize(np.array(["A", "B", "C", "D"]), len(c))
    c[m.FREQUENCY] = c[m.RANK].map({"A": 4.0, "B": 2.0, "C": 1.0, "D": 0.5}).astype(float)
    c.loc[c.index[3], m.FREQUENCY] = 1.0  # one D customer the list sees monthly
    doc = PlanDocument(plan.replace(customers=c))
    dialog = open_dialog(qtbot, doc)
    assert dialog.combos["D"].currentData() == 0.5
    assert dialog.combos["A"].currentData() == 4.0
    before = doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    dialog.apply()
    after = doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    assert (after != before).sum() == 1  # only the one D customer off its rank's rhythm


def test_ok_without_a_change_keeps_the_frequencies_the_list_gives(qtbot, tmp_path):
    """The sample's list gives 週2 to some A customers and 隔月 to some C ones: OK on the
    untouched dialog set 83 of them to their rank's rule while it said it kept hand-set ones."""
    from planner.resources import sample_plan_path
    from planner.store import load_plan

    doc = PlanDocument(load_plan(sample_plan_path()))
    start = doc.plan
    dialog = open_dialog(qtbot, doc)
    assert dialog.keep_listed.isChecked()
    # the list's own: those other than their rank's rule (週2 for an A customer, 隔月 for a C)
    assert "(83 customers;" in dialog.keep_listed.text()
    dialog.update_impact()
    assert dialog.edit() is None  # the rules as they stand change nobody the list set
    dialog.apply()
    assert doc.plan is start and doc.undo_stack.count() == 0

    again = open_dialog(qtbot, doc)
    again.keep_listed.setChecked(False)  # the rules decide for everyone
    again.apply()
    old = start.customers[m.FREQUENCY].to_numpy(dtype=float)
    new = doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    rule = start.customers[m.RANK].map(start.settings.frequency_by_rank).to_numpy(dtype=float)
    assert (old != new).sum() > 0 and np.array_equal(new[np.isfinite(rule)],
                                                     rule[np.isfinite(rule)])


def test_a_listed_frequency_equal_to_the_ranks_rule_follows_a_new_rule(qtbot, tmp_path):
    """The sample lists 訪問頻度 on every row: with the keep box ticked, B → weekly changed 0
    customers yet saved the rule. A B customer listed 隔週 (B's rule) only follows the rule:
    the 450 of them go weekly; the list's own exceptions (週2, 隔月) stay."""
    from planner.frequency import listed_ids
    from planner.resources import sample_plan_path
    from planner.store import load_plan

    doc = PlanDocument(load_plan(sample_plan_path()))
    start = doc.plan
    c = start.customers
    b_fortnightly = (c[m.RANK] == "B").to_numpy() & (c[m.FREQUENCY].to_numpy() == 2.0)
    assert b_fortnightly.sum() == 450
    dialog = open_dialog(qtbot, doc)
    assert dialog.keep_listed.isChecked()
    choose(dialog.combos["B"], 4.0)
    dialog.update_impact()
    assert dialog.impact.text().startswith("450 customers change frequency.")
    dialog.apply()
    new = doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    old = c[m.FREQUENCY].to_numpy(dtype=float)
    assert (new[b_fortnightly] == 4.0).all() and (new != old).sum() == 450
    kept = c[m.CUSTOMER_ID].astype(str).isin(listed_ids(start)).to_numpy()
    assert kept.sum() == 83 and (new[kept] == old[kept]).all()
    # after OK, the status bar still says what it changed (the preview is gone)
    assert dialog.note.startswith("Changed the visit frequency of 450 customers.")


def test_rules_that_change_nobody_say_so(qtbot):
    """OK on rules that change no customer stored them silently, so they looked applied: the
    preview and, after OK, the dialog's note (the status bar's) say they are for new customers."""
    from planner.ui.frequency_dialog import no_change_note

    plan = synthetic_plan(60, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.RANK] = "A"
    c[m.FREQUENCY] = 4.0
    doc = PlanDocument(plan.replace(customers=c))
    dialog = open_dialog(qtbot, doc)
    choose(dialog.default, 2.0)  # a rule for customers without a rank: none today
    dialog.update_impact()
    assert no_change_note() in dialog.impact.text()
    dialog.apply()
    assert doc.plan.settings.default_frequency == 2.0  # stored, for customers added later
    assert dialog.note == no_change_note()


def test_the_sales_band_column_is_headed_as_the_frequency_its_cells_choose(qtbot):
    """Its cells say 毎週 or 隔週: the heading said 訪問回数/4週, a count none of them gives."""
    from planner.i18n import set_language

    set_language("ja")
    dialog = open_dialog(qtbot, PlanDocument(synthetic_plan(40, territories=2, seed=3)))
    row = dialog.bands.add_band()
    choose(dialog.bands.combo(row), 4.0)
    heading = dialog.bands.table.horizontalHeaderItem(1).text()
    assert dialog.bands.combo(row).currentText() == "毎週"
    assert heading == "訪問頻度"


def test_the_abc_counts_read_as_japanese_with_no_space_before_the_share(qtbot):
    """「売上の70.0%」: a space between の and the figure read as a gap in the sentence."""
    from planner.i18n import set_language
    from planner.ui.frequency_dialog import AbcBox

    set_language("ja")
    box = AbcBox(synthetic_plan(60, territories=2, seed=5))
    qtbot.addWidget(box)
    lines = box.summary.text().splitlines()
    assert [line[:2] for line in lines] == ["A:", "B:", "C:"]
    assert all("、売上の" in line and "売上の " not in line for line in lines)
