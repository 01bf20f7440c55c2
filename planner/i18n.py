"""Translation of every user-visible string (English source text, Japanese catalogue).

One mechanism for the core and the UI: ``tr("Save")`` returns the text in the
current language. The Japanese catalogue is ``resources/i18n/ja.json`` (English
source text → Japanese). The language follows ``LC_ALL``/``LC_MESSAGES``/``LANG``
(``ja…`` → Japanese, anything else → English) until :func:`set_language` is called.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import string
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from planner.resources import resource_path

LANGUAGES = ("en", "ja")
_language: str | None = None


def system_language() -> str:
    """``"ja"`` when the environment's locale is Japanese, else ``"en"``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def language() -> str:
    """The current language code."""
    return _language or system_language()


def set_language(code: str | None) -> None:
    """Switch the language (``None`` or ``""`` = follow the system)."""
    global _language
    if code and code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    _language = code or None


@contextlib.contextmanager
def in_language(code: str | None) -> Iterator[None]:
    """Inside, the language is ``code`` (``None``: as it was); then back to the choice before."""
    global _language
    before = _language
    if code:
        set_language(code)
    try:
        yield
    finally:
        _language = before


@cache
def catalogue(code: str) -> dict[str, str]:
    """The message catalogue of ``code`` (empty for English, the source language)."""
    if code == "en":
        return {}
    path = resource_path("i18n", f"{code}.json")
    with open(path, encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def all_forms(texts: Iterable[str]) -> set[str]:
    """``texts`` as every language writes them (``orig_`` and ``元_``): to recognise a header
    this program wrote, whatever the language of the window that wrote it."""
    return {catalogue(code).get(t, t) for t in texts for code in LANGUAGES}


def N_(text: str) -> str:  # noqa: N802 - the gettext name for "translated later"
    """Mark ``text`` for translation where it is defined (a table); ``tr`` it where shown."""
    return text


def tr(text: str, /, **values: object) -> str:
    """``text`` in the current language, with ``{name}`` fields filled from ``values``."""
    translated = catalogue(language()).get(text, text)
    if not values:
        return translated
    if language() == "ja":
        return _format_ja(translated, values)
    return translated.format(**values)


def _wide(char: str) -> bool:
    """A Japanese letter: kana or kanji (not 〜 or （, which keep a space before them)."""
    return ("\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff"
            or char == "\u3005")  # 々


def _format_ja(template: str, values: dict[str, object]) -> str:
    """``template.format(**values)``, without the space the catalogue puts between a field and
    its text where both sides are Japanese: 練馬エリアの顧客, このプランと sample.gpkg の比較
    (a name's own space, 佐藤 花子, stays)."""
    formatter = string.Formatter()
    pieces: list[str] = []  # literal, value, literal, value, …
    for literal, field, spec, conversion in formatter.parse(template):
        pieces.append(literal)
        if field is None:
            continue
        value, _ = formatter.get_field(field, (), values)
        value = formatter.convert_field(value, conversion)
        pieces.append(formatter.format_field(value, formatter.vformat(spec or "", (), values)))
    return _close_up(pieces)


def _hiragana(char: str) -> bool:
    """A hiragana: a particle or verb ending (の, と, した), which runs on from the word before."""
    return "\u3041" <= char <= "\u309f" if char else False


def _close_up(pieces: list[str]) -> str:
    """Literal and value pieces (alternating, literals first) joined; a literal's space next
    to a Japanese value goes where the text on its other side is a particle or verb ending
    (練馬エリアの, このプランと); a label's space stays (稼働日 月・火, 担当者 佐藤)."""
    out = list(pieces)
    for k in range(1, len(out), 2):  # the values
        value = out[k]
        if not value:
            continue
        after = out[k + 1] if k + 1 < len(out) else ""
        if after[:1] == " " and _wide(value[-1]) and _hiragana(after[1:2]):
            out[k + 1] = after[1:]
        before = out[k - 1]
        if before[-1:] == " " and _wide(value[0]) and _hiragana(before[-2:-1]):
            out[k - 1] = before[:-1]
    return "".join(out)


def trn(one: str, many: str, number: float, /, **values: object) -> str:
    """:func:`tr` of ``one`` when ``number`` is 1 ("1 customer has"), else of ``many`` ("3
    customers have"); ``{n}`` is ``number`` unless given. Japanese has one form: the
    catalogue gives both texts the same translation."""
    values.setdefault("n", number)
    # the field that shows the number ({n} first, else e.g. {stops}), as such or formatted
    counted = next((k for k in ("n", *values) if values[k] in (number, f"{number:,}")), "n")
    if _PAIRS.get(one) != (one, many, counted):
        _PAIRS[one] = _PAIRS[many] = (one, many, counted)
        _retranslate.cache_clear()  # texts read before it knew the pair
    return tr(one if number == 1 else many, **values)


#: The texts of :func:`trn` seen so far, either form → (one, many, the field counted), so a
#: stored text is rewritten in the form its number asks for (:func:`retranslate`).
_PAIRS: dict[str, tuple[str, str, str]] = {}


def listing(items: Iterable[object]) -> str:
    """Items as a list in a sentence: ``山田、佐藤`` in Japanese, ``Yamada, Sato`` in English."""
    return ("、" if language() == "ja" else ", ").join(str(i) for i in items)


def sentences(*texts: str) -> str:
    """Sentences one after another: ``…取り込みました。問題のある行…`` in Japanese (no space
    after 。), ``Imported 3 customers. 2 rows …`` in English; empty texts are left out."""
    return ("" if language() == "ja" else " ").join(t for t in texts if t)


def clauses(*texts: str) -> str:
    """Parts of one line: ``移動 6,380km、祝日…`` in Japanese, ``6,380 km; 283 visits …`` in
    English; empty texts are left out."""
    return ("、" if language() == "ja" else "; ").join(t for t in texts if t)


def notes(*texts: str) -> str:
    """Separate notes on one customer (its import problems, why the calendar left it out),
    each maybe already several stored ones joined by ``"; "``: in Japanese one after another
    as sentences, 「…配置してください）。カレンダー外: …」 (``。`` between two where the first
    lacks one; 「。; 」 read as a stray mark), in English ``"; "``-joined; empty texts are
    left out."""
    if language() != "ja":
        return JOINER.join(t for t in texts if t)
    out = ""
    for piece in (p.strip() for t in texts if t for p in t.split(JOINER)):
        if piece:
            out += ("" if not out or out.endswith(("。", "！", "？")) else "。") + piece
    return out


def day_list(names: Iterable[object]) -> str:
    """Weekday names in a sentence: ``月・火・水`` in Japanese, ``Mon, Tue, Wed`` in English."""
    return ("・" if language() == "ja" else ", ").join(str(n) for n in names)


# --- texts stored in a plan, shown in today's language -----------------------------------

#: A stored text joins several messages with this separator (import problems, for one).
JOINER = "; "
_FIELD = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")  # {name}, {hours:.1f}, {x!r}


def _template_regex(template: str, *, strict: bool = False) -> str:
    """``template``'s literal text escaped, each ``{field}`` a lazy named group (``strict``:
    a field never spans the :data:`JOINER` between two messages)."""
    field = f"(?:(?!{re.escape(JOINER)}).)+?" if strict else ".+?"
    parts: list[str] = []
    seen: set[str] = set()
    pos = 0
    for match in _FIELD.finditer(template):
        parts.append(_literal_regex(template[pos : match.start()], first=pos == 0, last=False))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{field})")
        seen.add(name)
        pos = match.end()
    parts.append(_literal_regex(template[pos:], first=pos == 0, last=True))
    return "".join(parts) + f"(?={re.escape(JOINER)}|$)"


def _literal_regex(literal: str, *, first: bool, last: bool) -> str:
    """A template's fixed text escaped; its space next to a field optional where Japanese text
    is on the other side (:func:`tr` leaves it out beside a Japanese value)."""
    head = "" if first else literal[:1]
    if head == " " and len(literal) > 1 and _wide(literal[1]):
        head, literal = r"\ ?", literal[1:]
    elif head and _wide(head):  # a counter after a number (3人) was once written 3 人
        head = r"\ ?"
    else:
        head = ""
    tail = "" if last else literal[-1:]
    if tail == " " and len(literal) > 1 and _wide(literal[-2]):
        tail, literal = r"\ ?", literal[:-1]
    else:
        tail = ""
    return head + re.escape(literal) + tail


@cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every message of every language as (regex, English source), most literal text first;
    first with fields that stay within one message, then with fields that may hold the
    joiner (a matched address "東京都港区; 芝").

    Messages whose fixed text is shorter than four characters are left out: they could
    match a stretch of anything.
    """
    found: dict[str, str] = {}
    for code in LANGUAGES:
        for source, text in catalogue(code).items():
            for candidate in (source, text):
                if len(_FIELD.sub("", candidate).strip()) >= 4:
                    found.setdefault(candidate, source)
    order = sorted(found, key=lambda t: -len(_FIELD.sub("", t)))
    return tuple(
        (re.compile(_template_regex(t, strict=strict), re.DOTALL), found[t])
        for strict in (True, False)
        for t in order
    )


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{field}`` replaced by its text (already formatted once); in
    Japanese without the space between two Japanese characters, as :func:`tr` writes it."""
    pieces: list[str] = []
    pos = 0
    for field in _FIELD.finditer(template):
        pieces += [template[pos:field.start()], values.get(field.group(1), field.group(0))]
        pos = field.end()
    pieces.append(template[pos:])
    return _close_up(pieces) if language() == "ja" else "".join(pieces)


#: Weekday names as the messages write them (``model.WEEKDAY_TITLES``, English source text).
_DAY_TITLES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_SEPARATOR = re.compile(r"(\s*[・,、/]\s*)")


@cache
def _day_words(code: str) -> dict[str, str]:
    """Every language's weekday name → its name in language ``code``."""
    out: dict[str, str] = {}
    for title in _DAY_TITLES:
        for other in LANGUAGES:
            out[catalogue(other).get(title, title)] = catalogue(code).get(title, title)
    return out


def _days_in(value: str, code: str) -> str:
    """A field that lists weekdays only (``"月・水"``, ``"Mon, Wed"``) in language ``code``,
    joined as that language writes them; any other field as it is."""
    words = _day_words(code)
    parts = _DAY_SEPARATOR.split(value)
    names = parts[::2]
    if not value or not all(n in words for n in names):
        return value
    # 土・日 in Japanese, "Sat, Sun" in English (a 、 or / typed by a manager stays)
    joint = {"ja": {", ": "・", ",": "・"}, "en": {"・": ", "}}.get(code, {})
    return "".join(words[p] if i % 2 == 0 else joint.get(p, p) for i, p in enumerate(parts))


#: Japanese public holidays in English (jpholiday names them in Japanese; a substitute
#: holiday reads "元日 振替休日")
HOLIDAYS_EN = {
    "元日": "New Year's Day", "成人の日": "Coming of Age Day", "建国記念の日": "Foundation Day",
    "天皇誕生日": "Emperor's Birthday", "春分の日": "Vernal Equinox Day", "昭和の日": "Showa Day",
    "憲法記念日": "Constitution Day", "みどりの日": "Greenery Day", "こどもの日": "Children's Day",
    "海の日": "Marine Day", "山の日": "Mountain Day", "敬老の日": "Respect for the Aged Day",
    "秋分の日": "Autumnal Equinox Day", "スポーツの日": "Sports Day", "文化の日": "Culture Day",
    "勤労感謝の日": "Labour Thanksgiving Day", "国民の休日": "Citizens' Holiday",
    "振替休日": "(substitute)",
}
_HOLIDAYS_JA = {english: japanese for japanese, english in HOLIDAYS_EN.items()}


def _holiday_in(value: str, code: str) -> str:
    """A public holiday's name (a field of "a public holiday ({name})") in language ``code``;
    any other value as it is."""
    if code == "en":
        parts = value.split(" ")
        return " ".join(HOLIDAYS_EN.get(p, p) for p in parts) if parts[0] in HOLIDAYS_EN else value
    for english in sorted(_HOLIDAYS_JA, key=len, reverse=True):
        if value.startswith(english):
            rest = value[len(english):]
            return _HOLIDAYS_JA[english] + (" 振替休日" if rest == " (substitute)" else rest)
    return value


@cache
def _field_templates() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    """The messages that begin with two characters of fixed text, by those characters (a
    field's value is looked up among them only: it cannot be a message otherwise; two, as
    祝日（{name}） has three before its field)."""
    out: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for regex, source in _templates():
        for candidate in (source, *(catalogue(c).get(source, source) for c in LANGUAGES)):
            head = candidate.split("{", 1)[0]
            if len(head) >= 2 and regex.fullmatch(_FIELD.sub("x", candidate)) is not None:
                out.setdefault(head[:2], []).append((regex, source))
                break
    return out


def _field_in(value: str, code: str) -> str:
    """A message's field in language ``code``: a list of weekdays (:func:`_days_in`), or a
    whole message of ours put in a field ("The visit of … falls on {what}": "a company
    holiday", "a public holiday (元日)"); any other value (a name, an address) as it is."""
    days = _days_in(value, code)
    if days != value or not value or JOINER in value:
        return days
    for regex, source in _field_templates().get(value[:2], ()):
        match = regex.fullmatch(value)
        if match is not None:
            inner = {k: _holiday_in(_days_in(v, code), code)
                     for k, v in match.groupdict().items()}
            return _fill(catalogue(code).get(source, source), inner)
    return value


def _pieces(text: str) -> Iterator[tuple[str, re.Match[str] | None, str]]:
    """The ``"; "``-joined pieces of a stored text: (piece, match, English source) for a
    message of ours, (piece, None, "") for any other piece (a value typed by a user, say)."""
    pos = 0
    while pos < len(text):
        for regex, source in _templates():
            match = regex.match(text, pos)
            if match is not None:
                yield match.group(0), match, source
                pos = match.end()
                break
        else:
            end = text.find(JOINER, pos)
            end = len(text) if end < 0 else end
            yield text[pos:end], None, ""
            pos = end
        if text.startswith(JOINER, pos):
            pos += len(JOINER)


@lru_cache(maxsize=4096)
def _retranslate(text: str, code: str) -> str:
    out: list[str] = []
    for piece, match, source in _pieces(text):
        if match is None:  # not one of ours: kept as it is
            out.append(piece)
            continue
        if source in _PAIRS:  # "1 customer" or "3 customers", as the number has it
            one, many, counted = _PAIRS[source]
            source = one if match.groupdict().get(counted, "").strip() == "1" else many
        translated = catalogue(code).get(source, source)
        values = {k: _field_in(v, code) for k, v in match.groupdict().items()}
        out.append(_fill(translated, values))
    return JOINER.join(out)


def prepare_retranslate() -> None:
    """Make the message patterns :func:`retranslate` reads (0.4–1.2 s, once a process): in a
    worker, before a plan's stored texts are shown (the first plan with a calendar opened
    froze the window that long)."""
    _field_templates()  # and the templates it is made from


def retranslate(text: str) -> str:
    """A stored message text (or several joined by ``"; "``) in the current language.

    Plans keep import problems and calendar notes as the text of the language they were
    written in; this recognises each message in any language (its ``{fields}`` too) and
    writes it again in the current one. Unknown pieces are kept as they are.
    """
    if not text:
        return text
    return _retranslate(text, language())


def is_message(text: str, source: str) -> bool:
    """Whether ``text`` is the message ``source`` (its English source text) as any language
    writes it, its ``{fields}`` filled in: to recognise a stored text of one message."""
    return any(_message_regex(catalogue(code).get(source, source)).fullmatch(text) is not None
               for code in LANGUAGES)


@cache
def _message_regex(template: str) -> re.Pattern[str]:
    return re.compile(_template_regex(template), re.DOTALL)


def without_messages(text: str, sources: Iterable[str]) -> str:
    """A stored ``"; "``-joined text less the messages of ``sources`` (English source texts),
    in whatever language each was written; the other pieces are kept as they are."""
    if not text:
        return text
    wanted = frozenset(sources)
    return JOINER.join(piece for piece, match, source in _pieces(text)
                       if match is None or source not in wanted)
