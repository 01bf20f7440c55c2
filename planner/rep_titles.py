"""A rep and their territory in one text, written one way wherever the program names them.

Two orders, one form: where the rep is the subject (the Calendar dock's Rep box, the
export dialog's reps, route sheets, hand-outs) the rep comes first, 「鈴木 一郎（東京エリア）」;
where the territory is (a map's legend and layers, a customer's tooltip, the Assign menu)
the territory does, 「東京エリア（鈴木 一郎）」. Never 「鈴木 一郎 — 東京エリア」. A territory
named after its rep (a list's 担当 column) is named once: 「鈴木 一郎」.
"""

from __future__ import annotations

from planner import model as m
from planner.i18n import tr


def _named_after_rep(rep: str, name: str) -> bool:
    return "".join(rep.split()) == "".join(name.split())


def rep_title(t: m.Territory, name: str | None = None) -> str:
    """The rep with the territory: 鈴木 一郎（東京エリア）, 'Suzuki Ichiro (Tokyo)'; the rep
    alone where the territory is named after them or has no name, the territory without a
    rep (``name``: the territory's name as shown, 練馬エリア（削除済み）)."""
    name = t.name.strip() if name is None else name
    rep = t.rep.strip()
    if not rep or not name or _named_after_rep(rep, t.name or ""):
        return rep or name or t.id
    return tr("{rep} ({name})", rep=rep, name=name)


def territory_title(name: str, rep: str) -> str:
    """The territory with its rep: 東京エリア（鈴木 一郎）, 'Tokyo (Suzuki Ichiro)'; the name
    alone without a rep or where the territory is named after the rep."""
    rep = rep.strip()
    if not rep or _named_after_rep(rep, name):
        return name
    return tr("{name} ({rep})", name=name, rep=rep)
