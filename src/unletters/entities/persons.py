"""PERSON candidates: signatories, names after a title, and later mentions of a found name.

Knowledge in ``data/person_titles.json``. A name is one to five capitalized words, initials
(``J.``) or lowercase particles (``bin``, ``de``), on one line or wrapped once, that does not
start with (and is cut at) a word of ``not_name_words``: ``the President of the Republic of
Azerbaijan`` names nobody, ``Mr. President`` neither.

After an office with a portfolio or a jurisdiction (``the Minister for Foreign Affairs of the
Republic of Armenia``) the name must follow a comma. Once a name of two words or more is found,
its other occurrences in the letter are rows too, and so is its last word alone when it stands
apart from other capitalized words and belongs to one found name only (``Mirzoyan said``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from unletters.entities._scan import RANK, UPPER, Candidate, load_json, next_word, previous_word

_NAME_WORD = rf"(?:{UPPER}\.|{UPPER}[^\W\d_]*(?:['’\-][^\W\d_]+)*)"
_QUAL_WORDS = rf"(?:the )?{UPPER}[^\W\d_]*(?:-[^\W\d_]+)*(?: (?:and )?{UPPER}[^\W\d_]*(?:-[^\W\d_]+)*){{0,5}}"
_POSSESSIVE = ("'s", "’s")


@cache
def _knowledge() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """(title pattern, name pattern, qualifier pattern, not-name words)."""
    data = load_json("person_titles.json")
    honor = sorted(set(data["honorifics"]), key=lambda w: (-len(w), w))
    office = sorted(set(data["offices"]), key=lambda w: (-len(w), w))
    alt_h = "|".join(re.escape(w).replace("\\ ", " ") for w in honor)
    alt_o = "|".join(re.escape(w).replace("\\ ", " ") for w in office)
    # group 1: an honorific, group 2: an office; the title ends at a word end
    title = re.compile(rf"(?<![\w\-])(?:({alt_h})|({alt_o}))(?![\w\-])")
    particles = "|".join(re.escape(p) for p in data["name_particles"])
    name = re.compile(rf"{_NAME_WORD}(?:[ \n](?:(?:{particles}) |(?:al|el)-)?{_NAME_WORD}){{0,5}}")
    qualifier = re.compile(rf" (?:of|for|on|to|in) {_QUAL_WORDS}")
    titles = {w.strip("().") for t in honor + office for w in t.split(" ")}
    return title, name, qualifier, frozenset(data["not_name_words"]) | frozenset(titles)


def _cut(text: str, start: int, end: int, stop: frozenset[str]) -> int:
    """End of the name in ``text[start:end]``: before the first not-name word; ``start`` if none."""
    last = start
    for m in _NON_SPACE.finditer(text, start, end):
        word = m.group()
        bare = word[:-2] if word[-2:] in _POSSESSIVE else word
        if bare in stop or bare.rstrip(".") in stop:
            break
        last = m.start() + len(bare)
        if bare != word:  # "Aliyev's": the name ends at the possessive
            break
    return last


_NON_SPACE = re.compile(r"\S+")


@cache
def _title_first_chars() -> frozenset[str]:
    """The first character of every title: the title pattern can match only where one of them is.

    Tested before the pattern is tried at the word after a title (most often ``of`` or a name).
    """
    data = load_json("person_titles.json")
    titles = data["honorifics"] + data["offices"]
    if not all(titles):
        raise ValueError("person_titles.json: an empty title would match anywhere")
    return frozenset(t[0] for t in titles)


@cache
def title_first_words() -> frozenset[str]:
    """The first letter-run of every title (``Mr``, ``H``, ``Prime``, ``Signed``)."""
    data = load_json("person_titles.json")
    return frozenset(re.findall(r"[^\W\d_]+", t)[0] for t in data["honorifics"] + data["offices"])


def title_candidates(text: str, starts: Sequence[int]) -> list[Candidate]:
    """PERSON candidates for names written after a title that may start at one of ``starts``."""
    title_re, name_re, qual_re, stop = _knowledge()
    first_chars = _title_first_chars()
    out = []
    for at in starts:
        if at > 0 and text[at - 1] == "(":
            at -= 1
        m = title_re.match(text, at)
        if m is None:
            continue
        pos = m.end()
        # titles may follow each other: "H.E. Ms. Amina J. Mohammed", "President Sheikh ..."
        for _ in range(4):
            if text[pos : pos + 1] not in (" ", "\n") or text[pos + 1 : pos + 2] not in first_chars:
                break
            nxt = title_re.match(text, pos + 1)
            if nxt is None:
                break
            pos = nxt.end()
        qualified = False
        if m.group(2):
            for _ in range(4):
                q = qual_re.match(text, pos)
                if q is None:
                    break
                pos = q.end()
                qualified = True
        if qualified:
            if text[pos : pos + 2] != ", ":
                continue
            pos += 2
        elif text[pos : pos + 1] in (" ", "\n"):
            pos += 1
        else:
            continue
        n = name_re.match(text, pos)
        if n is None:
            continue
        end = _cut(text, n.start(), n.end(), stop)
        while end > n.start() and text[end - 1] in ".,'’-":
            # a trailing full stop belongs to the sentence unless it closes an initial
            if (
                text[end - 1] == "."
                and end - 2 >= n.start()
                and text[end - 2].isupper()
                and (end - 3 < n.start() or not text[end - 3].isalpha())
            ):
                break
            end -= 1
        if end <= n.start():
            continue
        out.append(
            Candidate(
                n.start(), end, "PERSON", None, _collapse(text[n.start() : end]), None, "rule", RANK["person"]
            )
        )
    return out


def signatory_candidates(doc: Mapping[str, Any], text: str) -> list[Candidate]:
    """PERSON candidates for the parsed signatories (``doc["signatories"]`` with name spans)."""
    out = []
    for sig in doc.get("signatories") or ():
        name = " ".join(str(sig.get("name") or "").split())
        start, end = sig.get("start"), sig.get("end")
        if (
            not name
            or not isinstance(start, int)
            or not isinstance(end, int)
            or not 0 <= start < end <= len(text)
        ):
            continue
        span = text[start:end]
        if _collapse(span) != name:
            where = _find_loose(span, name)
            if where is None:
                continue
            start, end = start + where[0], start + where[1]
        out.append(Candidate(start, end, "PERSON", None, name, None, "rule", RANK["person"]))
    return out


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _find_loose(haystack: str, name: str) -> tuple[int, int] | None:
    """Span of ``name`` in ``haystack`` with any whitespace between its words, or ``None``."""
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    m = re.search(pattern, haystack)
    return (m.start(), m.end()) if m else None


def repeat_candidates(text: str, begin: int, found: Sequence[Candidate]) -> list[Candidate]:
    """Other mentions of the names in ``found``: full names, and unambiguous surnames standing apart."""
    _, _, _, stop = _knowledge()
    full = sorted({c.canonical for c in found if " " in c.canonical}, key=lambda s: (-len(s), s))
    if not full:
        return []
    by_surname: dict[str, set[str]] = {}
    for name in full:
        last = name.split(" ")[-1]
        if len(last) >= 3 and not last.endswith(".") and last not in stop:
            by_surname.setdefault(last, set()).add(name)
    out = []
    for name in full:
        for s, e in _occurrences(text, begin, name):
            out.append(Candidate(s, e, "PERSON", None, name, None, "rule", RANK["person"]))
    for surname, names in sorted(by_surname.items()):
        if len(names) != 1:
            continue
        (name,) = names
        for s, e in _occurrences(text, begin, surname):
            prev, after = previous_word(text, s), next_word(text, e)
            if (prev and prev[0].isupper() and prev not in stop) or (
                after and after[0].isupper() and after not in stop
            ):
                continue
            out.append(Candidate(s, e, "PERSON", None, name, None, "rule", RANK["surname"]))
    return out


def _occurrences(text: str, begin: int, needle: str) -> Iterator[tuple[int, int]]:
    """Spans of ``needle`` in ``text[begin:]`` standing as whole words."""
    i = text.find(needle, begin)
    n = len(needle)
    while i >= 0:
        j = i + n
        if (i == 0 or not _joins(text[i - 1])) and (j >= len(text) or not _joins(text[j])):
            yield i, j
        i = text.find(needle, i + 1)


def _joins(ch: str) -> bool:
    return ch.isalnum() or ch in "-_"


def unify_names(cands: Sequence[Candidate]) -> list[Candidate]:
    """``cands`` with a one-word name's canonical set to the one longer name ending in it.

    ``Mr. Kuleba`` after ``Dmytro Kuleba``: both rows get the canonical ``Dmytro Kuleba``.
    """
    full: dict[str, set[str]] = {}
    for c in cands:
        if c.type == "PERSON" and " " in c.canonical:
            full.setdefault(c.canonical.split(" ")[-1], set()).add(c.canonical)
    if not full:  # no name of two words or more: nothing to unify
        return list(cands)
    out = []
    for c in cands:
        names = full.get(c.canonical) if c.type == "PERSON" and " " not in c.canonical else None
        if names and len(names) == 1:
            c = c._replace(canonical=next(iter(names)))
        out.append(c)
    return out
