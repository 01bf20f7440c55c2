"""argparse's own words ("usage:", "error:", "show this help message and exit") in the
language of the command line: argparse asks ``gettext`` for them, through the module's ``_``
and ``ngettext``; :func:`install` puts :func:`planner.i18n.tr` in their place."""

from __future__ import annotations

import argparse
import gettext

from planner._cli.stats_cmd import text_width
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


class Formatter(argparse.HelpFormatter):
    """argparse's help, with the usage's continued lines under its first line's options when
    "usage: " is written in wide characters (使い方: counts 5 characters but takes 8 columns),
    and Japanese help wrapped by the columns it takes (argparse counts characters: a line of
    kanji ran twice as wide as the terminal)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.isascii():
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(" ".join(text.split()), width))

    def _format_usage(self, usage: str | None, actions: object, groups: object,
                      prefix: str | None) -> str:
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = 0 if usage is not None else text_width(shown) - len(shown)  # written out: as is
        self._width -= extra  # the lines are moved right by as much: wrap them shorter
        try:
            text = super()._format_usage(usage, actions, groups, prefix)  # type: ignore[arg-type]
        finally:
            self._width += extra
        return text.replace("\n ", "\n" + " " * extra + " ") if extra else text


#: Japanese line breaking (禁則): no line begins with a closing mark, none ends with an opening one
_NO_LINE_START = "。、）」』：・ー"
_NO_LINE_END = "（「『"


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at a space or between two
    Japanese characters (never inside an ASCII word such as --territories)."""
    lines: list[str] = []
    while text_width(text) > width:
        used, cut = 0, 0
        for i, char in enumerate(text):
            used += text_width(char)
            if used > width:
                break
            after = text[i + 1 : i + 2]
            if char == " " or (after and (text_width(char) == 2 or text_width(after) == 2)
                               and after not in _NO_LINE_START and char not in _NO_LINE_END):
                cut = i + 1
        if cut == 0:  # one word longer than the line: cut it where the line ends
            cut = max(i, 1)
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*lines, text] if text else lines
