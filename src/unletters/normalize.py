"""Normalize: decoded text to the one canonical text of a letter.

Every offset in every table points into the string this module returns, so everything that
changes characters happens here and nowhere later. Steps, in order:

1. conversion markup: markdown links ``[60/285](#)`` -> ``60/285``; backslash escapes ``\\(`` -> ``(``;
2. characters: NFC; no-break and other spaces -> space; soft hyphens and zero-width characters
   removed; ``\\t`` -> space; ligatures (``ﬁ``) spelled out;
3. page furniture (``data/page_furniture.json``: job numbers, barcodes, ``Please recycle``,
   page counters, ``/...``, running symbols and language labels on later pages) removed and
   counted; pages are separated by form feeds (``\\f``, as ``pdftotext`` gives them);
4. words hyphenated across line ends rejoined (``Organi-\\nzation`` -> ``Organization``,
   ``self-\\ndefence`` -> ``self-defence``);
5. whitespace: runs of spaces collapsed, lines stripped, a paragraph broken by a page break
   (a gap of blank lines after a line that ends mid-sentence) rejoined, blank-line runs
   collapsed to one blank line, the text stripped.

Page boundaries survive as ``page_offsets`` (start offset of each page in the result).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import Any


@dataclass(frozen=True)
class Normalized:
    """The canonical text, how many furniture lines were removed, and where each page starts."""

    text: str
    furniture_removed: int
    page_offsets: tuple[int, ...] = ()


_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\s]{0,300}\)")
# `**Letter dated ...**` / `__Annex__`: a marker pair around text on one line
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,1000}?)(?<=\S)\1")
# `# Letter dated ...`, `## Annex` at a line start
_MD_HEADING = re.compile(r"^#{1,6}[ ]+(?=\S)", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
# runs that need rewriting: two or more spaces, or any other kind of space (a lone " " is left alone);
# written as one class first (a lone " " passes the look-behind only when another space follows)
# so that the search skips ahead to the next space in C instead of trying two branches per offset
_SPACE_CLASS = "[ \u00a0\u2000-\u200a\u202f\u205f\u3000\t]"
_SPACES = re.compile(f"{_SPACE_CLASS}(?:(?<! )|(?={_SPACE_CLASS})){_SPACE_CLASS}*")
_SPACE_CHAR = re.compile(_SPACE_CLASS)
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")
# a word broken at a line end: letters, a hyphen, newline, then the next word part
_GROUP1 = itemgetter(1)  # a replacement by group 1, called in C (a `\\1` template costs a Python call per match)
_HYPHEN_BREAK = re.compile(r"([A-Za-z\u00c0-\u024f]{1,40})-\n([ ]?)([A-Za-z0-9\u00c0-\u024f]{1,40})")
# a gap of at least two blank lines after a line ending mid-sentence (lowercase letter or comma)
# (lines are stripped first, so a gap is a run of newlines; the character before it is checked
# in code: a pattern that opens with a look-behind is tried at every offset)
# (`\n\n\n+` rather than `\n{3,}`: a literal prefix lets the search skip ahead in C)
_PAGE_GAP = re.compile(r"\n\n\n+(?=[A-Za-z(\u201c\"])")
_MID_SENTENCE = re.compile(r"[a-z\u00df-\u00ff,;]")
# the last word of a page, hyphenated at the page end (`doc-`)
_PAGE_END_HYPHEN = re.compile(r"[A-Za-z\u00c0-\u024f]{1,40}-$")
_BLANK_RUNS = re.compile(r"\n\n\n+")
# what follows a run of blank lines that can be a page gap (the lookahead of `_PAGE_GAP`)
_GAP_AFTER = re.compile(r"[A-Za-z(\u201c\"]")
_WORD_TAIL = re.compile(r"\S*")


@dataclass(frozen=True)
class _Pattern:
    name: str
    where: str
    regex: re.Pattern[str]


@cache
def furniture_data() -> dict[str, Any]:
    """The page-furniture knowledge file, parsed (loaded once)."""
    raw = resources.files("unletters").joinpath("data/page_furniture.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _patterns() -> tuple[tuple[_Pattern, ...], int, frozenset[str]]:
    data = furniture_data()
    pats = tuple(_Pattern(p["name"], p["where"], re.compile(p["regex"])) for p in data["patterns"])
    return pats, int(data["edge_lines"]), frozenset(data["hyphen_keep_prefixes"]["values"])


@cache
def _gap_stop() -> re.Pattern[str]:
    """Lines that a page gap never joins to the paragraph above (data: ``page_gap_stops``)."""
    return re.compile(furniture_data()["page_gap_stops"]["regex"], re.MULTILINE)


def _applies(where: str, *, later_page: bool, at_edge: bool) -> bool:
    """True when a pattern of position ``where`` counts for a line in this position."""
    if where == "later_pages_edge":
        return later_page and at_edge
    if where == "page_edge":
        return at_edge
    return True


@cache
def _furniture_matchers() -> dict[tuple[bool, bool], tuple[re.Pattern[str], dict[str, str]]]:
    """For each (later page, at edge) position: one alternation of the patterns that count there,
    in file order, each wrapped in a named group, with the map from group name to pattern name.

    ``fullmatch`` of the alternation takes the first branch that matches the whole line, the
    pattern the per-pattern loop would find first; one C call per line instead of one per pattern.
    (Patterns may use groups and scoped flags, not numbered back-references.)
    """
    pats, _, _ = _patterns()
    out: dict[tuple[bool, bool], tuple[re.Pattern[str], dict[str, str]]] = {}
    for later_page in (False, True):
        for at_edge in (False, True):
            names: dict[str, str] = {}
            branches: list[str] = []
            for i, p in enumerate(pats):
                if _applies(p.where, later_page=later_page, at_edge=at_edge):
                    names[f"furniture{i}"] = p.name
                    branches.append(f"(?P<furniture{i}>{p.regex.pattern})")
            out[(later_page, at_edge)] = (re.compile("|".join(branches) or "(?!)"), names)
    return out


def furniture_kind(line: str, *, later_page: bool, at_edge: bool) -> str | None:
    """Name of the furniture pattern a stripped line matches in its position, else None."""
    rx, names = _furniture_matchers()[(later_page, at_edge)]
    m = rx.fullmatch(line)
    return names[m.lastgroup] if m and m.lastgroup else None


def strip_markup(text: str) -> str:
    """Remove markup left by document conversion (markdown links, bold/italic markers around a
    run of text, heading marks at a line start, backslash escapes)."""
    # each test of a markup pair first looks for one of its characters alone, which ``in`` finds
    # with memchr (several times quicker than a search for two characters); most texts have none
    if "]" in text and "](" in text:
        text = _MD_LINK.sub(_GROUP1, text)
    if ("*" in text and "**" in text) or ("_" in text and "__" in text):
        text = _MD_STRONG.sub(itemgetter(2), text)
    if "#" in text and (text.startswith("#") or "\n#" in text):  # a heading mark opens a line
        text = _MD_HEADING.sub("", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(_GROUP1, text)
    return text


#: Blocks whose characters may count as plain (see :func:`_plain_chars`): Latin-1 Supplement to
#: Spacing Modifier Letters, Greek and Cyrillic, Hebrew and Arabic, General Punctuation, Currency
#: Symbols. No character of them is the second of a canonical composition pair
#: (tests/test_normalize.py checks it against every decomposition of the Unicode database).
_PLAIN_BLOCKS = ((0x80, 0x2FF), (0x370, 0x52F), (0x590, 0x6FF), (0x2010, 0x205E), (0x20A0, 0x20CF))
_ASCII_BYTES = bytes(range(128))


@cache
def _plain_chars() -> frozenset[str]:
    """Non-ASCII characters that :func:`clean_characters` leaves as they are, whatever surrounds them.

    Each is NFC on its own, has combining class 0 and is not the second of a composition pair (so a
    text of ASCII and such characters is NFC: Unicode's quick check answers yes), and is none of
    the characters rewritten here (invisible characters, ligatures, spaces other than " ").
    """
    chars = "".join(map(chr, itertools.chain.from_iterable(range(lo, hi + 1) for lo, hi in _PLAIN_BLOCKS)))
    nfc = map(functools.partial(unicodedata.normalize, "NFC"), chars)
    out = {c for c, n, k in zip(chars, nfc, map(unicodedata.combining, chars), strict=True) if c == n and not k}
    return frozenset(out.difference(_INVISIBLE_CHARS, _LIGATURES, _SPACE_CHAR.findall(chars)))


def _only_plain(text: str) -> bool:
    """True when every non-ASCII character of ``text`` is one of :func:`_plain_chars`.

    The non-ASCII characters are picked out in C: the text's UTF-8 bytes without the ASCII bytes
    (each character below U+0080 is the one byte of its value, every other one encodes to bytes at
    or above 0x80) decode to them, in order.
    """
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return _plain_chars().issuperset(others.decode("utf-8", "surrogatepass"))


def clean_characters(text: str) -> str:
    """NFC, one kind of space, no invisible characters, ligatures spelled out."""
    if text.isascii() or _only_plain(text):
        # already NFC, with no invisible character, ligature or space other than " " and tab
        # (the usual case, checked in C): only runs of spaces and tabs can need rewriting
        return _SPACES.sub(" ", text) if "  " in text or "\t" in text else text
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        if text.replace("\n", " ").replace("\f", " ").isprintable():
            # no invisible character, tab or space other than " " (all are unprintable): only
            # ligatures and runs of spaces can need rewriting
            if any(ch in text for ch in _LIGATURES):
                text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)
            return _SPACES.sub(" ", text) if "  " in text else text
        if any(ch in text for ch in _INVISIBLE_CHARS):
            text = _INVISIBLE.sub("", text)
        if any(ch in text for ch in _LIGATURES):
            text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)
    elif "  " not in text and "\t" not in text:
        return text  # nothing to rewrite: the common case, checked in C
    return _SPACES.sub(" ", text)


def _remove_furniture(page: str, *, later_page: bool) -> tuple[list[str], int]:
    """The page's lines, stripped, without its furniture lines, and how many were removed."""
    _, edge, _ = _patterns()
    matchers = _furniture_matchers()
    inner = matchers[(later_page, False)][0].fullmatch
    at_edge = matchers[(later_page, True)][0].fullmatch
    lines = [ln.strip() for ln in page.split("\n")]
    content = [i for i, ln in enumerate(lines) if ln]
    edge_idx = set(content[:edge]) | set(content[-edge:])
    furniture = [i for i in content if (at_edge if i in edge_idx else inner)(lines[i])]
    if not furniture:
        return lines, 0
    drop = set(furniture)
    return [ln for i, ln in enumerate(lines) if i not in drop], len(furniture)


def rejoin_hyphens(text: str) -> str:
    """Rejoin words hyphenated across line ends; compounds keep their hyphen.

    The rest of the word moves up to the first line, so line structure is otherwise kept.
    """
    if "-\n" not in text:
        return text
    _, _, keep = _patterns()

    # work line by line so that the moved tail is removed from the next line exactly once
    out: list[str] = []
    pos = 0
    for m in _HYPHEN_BREAK.finditer(text):
        if m.start() < pos:
            continue
        first, second = m.group(1), m.group(3)
        tail_match = _WORD_TAIL.match(text, m.end())
        rest = tail_match.group() if tail_match else ""
        hyphen = second[0].isupper() or second[0].isdigit() or first.lower() in keep
        word = f"{first}-{second}" if hyphen else first + second
        out.append(text[pos:m.start()])
        out.append(word + rest)
        end = m.end() + len(rest)
        # drop the space that followed the moved word on the next line
        if end < len(text) and text[end] == " ":
            end += 1
        # the next line held only the moved word: drop the empty line it leaves
        if end < len(text) and text[end] == "\n":
            end += 1
        out.append("\n")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def tidy_whitespace(text: str) -> str:
    """Strip lines, rejoin paragraphs broken by page gaps, collapse blank-line runs."""
    return _tidy_stripped_lines("\n".join(ln.strip() for ln in text.split("\n")))


def _tidy_stripped_lines(text: str) -> str:
    """:func:`tidy_whitespace` of a text whose lines are stripped already."""
    if "\n\n\n" in text:  # a page gap needs two blank lines
        stop = _gap_stop()
        gap_after = _GAP_AFTER.match

        def gap(m: re.Match[str]) -> str:
            # a run of blank lines: a page gap (see _PAGE_GAP) becomes a space, any other run one
            # blank line; one pass for what `_PAGE_GAP.sub` then `_BLANK_RUNS.sub` did
            start, end = m.span()
            if (start and gap_after(text, end) and _MID_SENTENCE.fullmatch(text[start - 1])
                    and not stop.match(text, end)):
                return " "
            return "\n\n"

        text = _BLANK_RUNS.sub(gap, text)
    return text.strip()


def normalize(text: str) -> Normalized:
    """Normalize decoded text (LF line endings) into the canonical text of a letter.

    Returns a :class:`Normalized`: the text, the number of furniture lines removed and the
    start offset of each page (empty when the input has no form feeds).
    """
    text = clean_characters(strip_markup(text))
    pages = text.split("\f")
    removed = 0
    cleaned: list[str] = []
    for n, page in enumerate(pages):
        kept, r = _remove_furniture(page, later_page=n > 0)
        removed += r
        joined = "\n".join(kept)
        # the kept lines are stripped; only a rejoined word can leave a line that is not
        if "-\n" in joined:
            cleaned.append(tidy_whitespace(rejoin_hyphens(joined)))
        else:
            cleaned.append(_tidy_stripped_lines(joined))
    if len(pages) == 1:
        return Normalized(cleaned[0], removed, ())
    # join pages: a page that ends mid-sentence continues on the next line, else a paragraph break
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for page in cleaned:
        if parts and page:
            prev = parts[-1]
            broken = _PAGE_END_HYPHEN.search(prev, max(0, len(prev) - 41)) if prev.endswith("-") else None
            if broken and page[:1].islower():
                # a word hyphenated across the page break: rejoin it as within a page
                first, _, rest = rejoin_hyphens(broken.group() + "\n" + page).partition("\n")
                prev = prev[: broken.start()] + first
                pos += len(prev) - len(parts[-1])
                parts[-1] = prev
                page = rest
                if not page:
                    offsets.append(pos)
                    continue
            sep = "\n" if prev and (prev[-1].islower() or prev[-1] in ",;") else "\n\n"
            parts.append(sep)
            pos += len(sep)
        offsets.append(pos)
        parts.append(page)
        pos += len(page)
    joined = "".join(parts)
    stripped = joined.lstrip()
    lead = len(joined) - len(stripped)
    stripped = stripped.rstrip()
    offsets = [max(0, min(o - lead, len(stripped))) for o in offsets]
    return Normalized(stripped, removed, tuple(offsets))
