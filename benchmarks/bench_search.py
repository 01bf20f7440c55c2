"""Typing in the Customers list's search box at 1k/10k/100k customers (offscreen Qt, the real
Customers panel in Japanese, 1,200 × 800): how long each key holds the window.

A manager clicks into the box (the focus) and types a customer's name key by key (the name
of the customer in the middle of the list, as the input method commits each word: 若葉 …,
then its letters one by one), takes back three letters with Backspace, types a second word
of its address, and clears the box. One key = the list searched and redrawn (the panel's
search, then the event loop until the list has painted), measured from the key; the pause
the box waits for before searching (80 ms now, 150 ms before) is not in it. ``first`` = the
first key after the focus (it finds the search texts being made), ``median``/``max`` = the
other keys; ``rows`` = customers shown after the name's first letter and after the whole
name; 2,000 customers are selected (a lasso), as the list then also re-selects their rows
after each search. Then the middle customer's rep by surname and whole name (鈴木, 鈴木 一郎:
their territory's customers) and its phone number as said (six digits, then all) and as
written (03-1234-5678): ``rep``/``phone`` = the slowest of those keys; ``rep's / phone's`` =
customers the whole rep's name and the number found (the ``before`` search knows neither).

``before`` = the same panel with the search as it was before 2026-12-02 (8aeea7d), measured
in the same run: texts folded with pandas' string methods (``str.translate``) on the first key,
``str.contains`` over every customer for each key, each drawn cell taking its column from the
customer table, the codes indexed again after each search, a trailing space searched again.
``after`` = the program.

    python benchmarks/bench_search.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from planner import model as m  # noqa: E402
from planner.kana import FOLD_TABLE, fold_text, unspaced  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import customer_panel as panel_module  # noqa: E402
from planner.ui.customer_model import CustomerTableModel  # noqa: E402
from planner.ui.customer_panel import CustomerPanel  # noqa: E402
from planner.ui.document import PlanDocument  # noqa: E402
from planner.ui.search_box import SearchBox  # noqa: E402


class BeforeModel(CustomerTableModel):
    """The customer table's search as before 2026-12-02, for the baseline."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._old_key: tuple[int, ...] = ()
        self._old_text = pd.Series([], dtype=object)
        self._old_arrays: list[np.ndarray] = []

    def prepare_search(self) -> None:  # nothing was made ahead
        pass

    def set_search(self, text: str) -> None:
        self._search = text.strip()
        self._refilter()

    def _column(self, key: str) -> np.ndarray:
        return self._doc.plan.customers[key].to_numpy()  # each cell: the table's column

    def _id_index(self) -> pd.Index:
        return pd.Index(self._doc.plan.customers[m.CUSTOMER_ID].to_numpy())

    def _mask(self) -> np.ndarray:
        c = self._doc.plan.customers
        mask = np.ones(len(c), dtype=bool)
        if self._search:
            arrays = [c[col].to_numpy() for col in (m.CUSTOMER_ID, m.NAME, m.NAME_KANA, m.ADDRESS)]
            key = tuple(a.__array_interface__["data"][0] for a in arrays) + (len(c),)
            if key != self._old_key:
                text = (c[m.CUSTOMER_ID].astype(str) + "\t" + c[m.NAME].astype(str) + "\t"
                        + unspaced(c[m.NAME_KANA]) + "\t" + c[m.ADDRESS].astype(str))
                self._old_text = text.astype(str).str.normalize("NFKC").str.lower().str.translate(
                    FOLD_TABLE).reset_index(drop=True)
                self._old_key, self._old_arrays = key, arrays
            mask &= self._old_text.str.contains(fold_text(self._search), regex=False).to_numpy()
        return mask


def keys_of(plan: m.Plan) -> list[str]:
    """What the box holds after each key: the middle customer's name word by word (as the
    input method commits a word), letters one by one, three Backspaces, a word of the
    address, cleared."""
    c = plan.customers
    middle = len(c) // 2
    name = str(c[m.NAME].iloc[middle])
    address = str(c[m.ADDRESS].iloc[middle])
    town = address[3:6] if len(address) > 6 else address  # 横浜市 / 新宿区 …
    texts = [name[:i] for i in range(1, len(name) + 1)]
    texts += [name[:-1], name[:-2], name[:-3]]
    texts += [f"{name[:-3]} {town}"]
    texts += [""]
    # a rep's surname, then whole (their territory's customers), cleared; the customer's
    # phone number as said (digits), then as written with its dashes, cleared
    territory = str(c[m.TERRITORY].iloc[middle])
    rep = next((t.rep for t in plan.territories if t.id == territory), "")
    phone = str(c[m.PHONE].iloc[middle])
    texts += [rep.split()[0], rep, "", phone.replace("-", "")[:6],
              phone.replace("-", ""), phone, ""]
    return texts


#: the keys of :func:`keys_of` after the name's (rep and phone), counted apart
REP_AND_PHONE = 7


def run(n: int, method: str, plan: m.Plan) -> dict[str, object]:
    app = QApplication.instance()
    doc = PlanDocument(plan)
    panel_module.CustomerTableModel = BeforeModel if method == "before" else CustomerTableModel
    try:
        panel = CustomerPanel(doc)
    finally:
        panel_module.CustomerTableModel = CustomerTableModel
    panel.resize(1200, 800)
    panel.show()
    app.processEvents()
    rng = np.random.default_rng(1)
    ids = plan.customers[m.CUSTOMER_ID].to_numpy()
    doc.set_selection(ids[rng.choice(len(ids), size=min(2000, len(ids) // 5), replace=False)])
    app.processEvents()
    box: SearchBox = panel.search
    texts = keys_of(plan)
    times, rows = [], []
    box.setFocus()
    box.focused.emit()  # the focus (offscreen the window may not be active)
    for text in texts:
        box.blockSignals(True)
        box.setText(text)
        box.blockSignals(False)
        t = time.perf_counter()
        box.search_now()
        app.processEvents()  # the list redrawn
        times.append(time.perf_counter() - t)
        rows.append(panel.model.rowCount())
    panel.hide()
    panel.deleteLater()
    app.processEvents()
    name_keys = len(texts) - REP_AND_PHONE
    more = times[name_keys:]
    return {"first": times[0], "median": statistics.median(times[1:name_keys]),
            "max": max(times[1:name_keys]), "rows": f"{rows[0]:,} → {rows[name_keys - 6]:,}",
            "keys": name_keys, "rep": max(more[:2]), "phone": max(more[3:6]),
            "found": f"{rows[name_keys + 1]:,} / {rows[name_keys + 5]:,}"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from planner.i18n import set_language

    set_language("ja")
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    print(f"{'customers':>9}  {'method':<7} {'keys':>4} {'first ms':>9} {'median ms':>9} "
          f"{'max ms':>7} {'rep ms':>7} {'phone ms':>8}  rows (1st letter → name)  "
          f"rep's / phone's", flush=True)
    for n in args.sizes:
        plan = synthetic_plan(n, territories=max(2, n // 2000), seed=1)
        results: dict[str, list[dict[str, object]]] = {"before": [], "after": []}
        for _ in range(args.repeat):  # interleaved: the machine's load falls on both alike
            for method in ("before", "after"):
                results[method].append(run(n, method, plan))
        for method, runs in results.items():
            def med(key: str, runs: list[dict[str, object]] = runs) -> float:
                return statistics.median(float(r[key]) for r in runs) * 1e3  # type: ignore[arg-type]
            print(f"{n:>9,}  {method:<7} {runs[0]['keys']:>4} {med('first'):>9.0f} "
                  f"{med('median'):>9.0f} {med('max'):>7.0f} {med('rep'):>7.0f} "
                  f"{med('phone'):>8.0f}  {runs[0]['rows']:<23}  {runs[0]['found']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
