"""The command line: ``territory-planner [FILE]`` opens the GUI; sub-commands work on plan files.

Each sub-command lives in ``planner/_cli/<name>_cmd.py`` with ``add_arguments(parser)``
and ``run(args) -> int``. Problems found in the data (:class:`PlannerError`) print one line
on stderr and exit 1; bad arguments exit 2 (argparse's, and :class:`BadArgument`: a value the
command line itself can judge wrong, in one line); an interrupt exits 128 + the signal's number
(130 Ctrl-C, 143 SIGTERM, 129 SIGHUP); bugs stay tracebacks. ``--lang`` chooses the language of
the window and of the commands' words, before or after the command's name.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

from planner import __version__, interrupts
from planner._cli import argparse_words
from planner.errors import BadArgument, PlannerError
from planner.i18n import LANGUAGES, N_, in_language, listing, sentences, tr
from planner.interrupts import Stopped

#: sub-command → (module in planner._cli, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("import_cmd", N_("read a customer spreadsheet into a new plan file")),
    "update": ("update_cmd", N_("bring a revised customer list into a plan")),
    "design": ("design_cmd", N_("design balanced territories automatically")),
    "homes": ("homes_cmd", N_("set the reps' home bases (where their routes start) from a file, "
                              "leaving the territories as they are")),
    "frequency": ("frequency_cmd", N_("set visit frequencies by rule")),
    "schedule": ("schedule_cmd", N_("build the call-cycle calendar and daily routes")),
    "export": ("export_cmd", N_("write the Excel workbook, PDF handouts, HTML map or the reps' "
                                "phone calendars (.ics)")),
    "stats": ("stats_cmd", N_("print the plan's figures")),
    "compare": ("compare_cmd", N_("compare two plans: figures, and the customers who would move")),
}


def _command_module(name: str) -> ModuleType:
    """The module of sub-command ``name`` (its heavy imports wait until ``run``)."""
    return importlib.import_module(f"planner._cli.{COMMANDS[name][0]}")


def build_parser() -> argparse.ArgumentParser:
    """The parser for the sub-commands (the GUI form is parsed by :func:`build_gui_parser`)."""
    argparse_words.install()
    parser = argparse.ArgumentParser(
        prog="territory-planner",
        formatter_class=argparse_words.Formatter,
        # the second line lines up under the first, after "usage: " in the language shown
        usage=tr("territory-planner [FILE] [--screenshot OUT.png] [--lang {en,ja}]\n"
                 "       territory-planner COMMAND [options]"),
        description=tr(
            "Territory and call-cycle planning for route sales. Without a command, opens the "
            "window on FILE (a plan .gpkg or a customer spreadsheet) or on the bundled sample "
            "plan; --screenshot saves a picture of the window once drawn and exits."),
    )
    _add_version(parser)
    _add_lang(parser, tr("language of the window and of the commands (their messages and the "
                         "files they write); default: the system's"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        # prog names the command alone: by default argparse puts the whole usage above before it
        p = sub.add_parser(name, prog=f"territory-planner {name}", help=tr(help_text),
                           description=tr(help_text), formatter_class=argparse_words.Formatter)
        _command_module(name).add_arguments(p)
        _add_lang(p, tr("language of the messages and the files written (default: the "
                        "system's)"))
    return parser


def _command_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The sub-parser of command ``name``."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = sub.choices[name]
    return found


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=tr("show program's version number and exit"))


def _add_lang(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--lang", choices=list(LANGUAGES), help=help_text)


def chosen_language(args: Sequence[str]) -> str | None:
    """The language ``--lang`` chooses anywhere in ``args`` (None: none, or an unknown one,
    which argparse then refuses)."""
    for i, word in enumerate(args):
        if word == "--":
            break
        value = args[i + 1] if word == "--lang" and i + 1 < len(args) else (
            word.removeprefix("--lang=") if word.startswith("--lang=") else None)
        if value in LANGUAGES:
            return value
    return None


def _without_lang(args: Sequence[str]) -> list[str]:
    """``args`` without ``--lang X``: what is left says which form of the program it is."""
    out: list[str] = []
    skip = False
    for word in args:
        if skip:
            skip = False
        elif word == "--lang":
            skip = True
        elif not word.startswith("--lang="):
            out.append(word)
    return out


def build_gui_parser() -> argparse.ArgumentParser:
    """The parser of the window's form: ``territory-planner [FILE] [--screenshot OUT.png]``."""
    argparse_words.install()
    parser = argparse.ArgumentParser(
        prog="territory-planner",
        formatter_class=argparse_words.Formatter,
        description=tr("Open the Territory Planner window. Sub-commands: {commands} "
                       "(territory-planner COMMAND --help).", commands=listing(COMMANDS)),
    )
    _add_version(parser)
    parser.add_argument("file", nargs="?", help=tr("plan (.gpkg) or spreadsheet to open"))
    parser.add_argument(
        "--screenshot", metavar="OUT.png",
        help=tr("open offscreen, save a picture of the window, exit"),
    )
    parser.add_argument("--lang", choices=list(LANGUAGES), help=tr("language of the window"))
    return parser


def quiet_library_warnings() -> None:
    """Keep GDAL's notes through pyogrio (a table listed but missing, an open option a driver
    does not take, a column's type) off the user's terminal: the program tells in its own
    sentence what matters of them."""
    import warnings

    warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"pyogrio(\.|$)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``territory-planner``; returns the exit status."""
    quiet_library_warnings()
    args_list = list(sys.argv[1:] if argv is None else argv)
    rest = _without_lang(args_list)
    if rest and (rest[0] in COMMANDS or rest[0] in ("-h", "--help")):
        with in_language(chosen_language(args_list)):  # the command's words, its help
            return _main(args_list, rest)
    return _main(args_list, rest)


def _main(args_list: list[str], rest: list[str]) -> int:
    """:func:`main` on ``args_list`` (``rest``: the same without ``--lang``)."""
    store = sys.modules.get("planner.store")
    saved_before = len(store.SAVED) if store is not None else 0
    try:
        if rest and rest[0] in COMMANDS:
            parser = build_parser()
            args, extra = parser.parse_known_args(args_list)
            if extra:  # the command's own usage and name, not the program's (as argparse did)
                _command_parser(parser, args.command).error(
                    argparse._("unrecognized arguments: %s") % " ".join(extra))  # type: ignore[attr-defined]
            with _stopped_like_ctrl_c():
                try:
                    return int(_command_module(args.command).run(args) or 0)
                except Exception as exc:
                    # a library turned the interrupt into its own error: report the interrupt
                    stop = as_interrupt(exc)
                    if stop is None:
                        raise
                    raise stop from exc
        if rest and rest[0] in ("-h", "--help"):
            build_parser().print_help()
            return 0
        if rest and _looks_like_command(rest[0]):
            guess = difflib.get_close_matches(rest[0], list(COMMANDS), n=1)
            hint = tr(" Did you mean {command}?", command=guess[0]) if guess else ""
            print(
                "territory-planner: "
                + sentences(tr("unknown command {name!r}.", name=rest[0]) + hint,
                            tr("Commands: {commands}.", commands=listing(COMMANDS))),
                file=sys.stderr,
            )
            return 2
        gui_args = build_gui_parser().parse_args(args_list)
        from planner.ui.app import run_gui  # the only place the core's CLI reaches the UI

        return run_gui(gui_args.file, screenshot=gui_args.screenshot, language=gui_args.lang)
    except BadArgument as exc:
        print(f"territory-planner: {exc}", file=sys.stderr)
        return 2
    except PlannerError as exc:
        print(f"territory-planner: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        store = sys.modules.get("planner.store")  # imported by a command that saved
        saved = store.SAVED[saved_before:] if store is not None else []
        if saved:  # the interrupt came after the save: the file holds the whole result
            said = tr("Interrupted after the plan was saved ({path}); what comes after the save "
                      "(the printed changes, a --report file) was not written.", path=saved[-1])
        else:
            said = tr("Interrupted; nothing was saved.")
        with contextlib.suppress(OSError):  # the terminal closed (SIGHUP): no one to tell
            print(f"territory-planner: {said}", file=sys.stderr)
        return interrupted_status(exc)
    except BrokenPipeError:
        # the reader (e.g. ``| head``) went away: stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def entry() -> None:
    """The ``territory-planner`` program: :func:`main`, then exit with its status; a Ctrl-C
    once the work is done (the plan saved, the lines printed) changes nothing. In a frozen
    build (one .exe) a worker process the calendar, the save or the design spawns starts here
    too: ``freeze_support`` runs its work and exits before the program would start again."""
    import multiprocessing
    import signal

    multiprocessing.freeze_support()
    code = main()
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def as_interrupt(exc: BaseException) -> KeyboardInterrupt | None:
    """``exc`` as the interrupt it stands for: itself if it is one, the signal that arrived
    while the command ran if a library turned that into another error, else None."""
    if isinstance(exc, KeyboardInterrupt):
        return exc
    if interrupts.arrived is None:
        return None
    return Stopped(interrupts.arrived)


def interrupted_status(exc: KeyboardInterrupt) -> int:
    """The exit status of a run stopped by ``exc``: 128 + the signal's number, as shells
    report it (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP)."""
    import signal

    return 128 + int(getattr(exc, "signum", signal.SIGINT))


@contextlib.contextmanager
def _stopped_like_ctrl_c() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP (a kill, a closed terminal) stop it as Ctrl-C
    does: a save in progress removes its temporary file, and the plan stays as it was. Each
    signal is remembered (:mod:`planner.interrupts`): a save does not go ahead after it."""
    import signal

    interrupts.arrived = None

    def stop(signum: int, _frame: object) -> None:
        interrupts.arrived = signum
        raise Stopped(signum)

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        current = signal.getsignal(number)
        if current is signal.SIG_IGN:
            continue  # nohup: the terminal closing must not stop the command
        if number == signal.SIGINT and current is not signal.default_int_handler:
            continue  # a caller's own Ctrl-C handling stays
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        interrupts.arrived = None  # a later save in this process (a test's) goes ahead
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, handler)


def _looks_like_command(word: str) -> bool:
    """A first word that is no file and has no file suffix is a (mistyped) command."""
    if word.startswith("-") or os.path.splitext(word)[1] or os.path.exists(word):
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
