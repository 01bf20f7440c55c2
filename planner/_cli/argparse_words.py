"""argparse's own words ("usage:", "error:", "show this help message and exit") in the
language of the command line: argparse asks ``gettext`` for them, through the module's ``_``
and ``ngettext``; :func:`install` puts :func:`planner.i18n.tr` in their place."""

from __future__ import annotations

import argparse
import gettext
import unicodedata

from planner.i18n import N_, language, tr

#: argparse's texts a user can meet (its programming errors stay in English)
TEXTS = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("expected %s argument"),
    N_("expected %s arguments"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _text(message: str) -> str:
    return tr(message)


def _counted(one: str, many: str, number: int) -> str:
    return tr(one if number == 1 else many)


def install() -> None:
    """argparse's words in the current language: ours when it is Japanese, gettext's
    (English) otherwise. Call before building a parser (it reads some words then)."""
    japanese = language() == "ja"
    argparse._ = _text if japanese else gettext.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _counted if japanese else gettext.ngettext  # type: ignore[attr-defined]


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes (a kanji or kana takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Formatter(argparse.HelpFormatter):
    """argparse's help, with the usage's continued lines under its first line's options when
    "usage: " is written in wide characters (使い方: counts 5 characters but takes 8 columns)."""

    def _format_usage(self, usage: str | None, actions: object, groups: object,
                      prefix: str | None) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)  # type: ignore[arg-type]
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = _columns(shown) - len(shown)
        if usage is not None or not extra:  # a usage written out keeps its own spaces
            return text
        return text.replace("\n ", "\n" + " " * extra + " ")
