"""Is a dated clause an event, and of what type?

Knowledge lives in ``data/event_vocabulary.json``: PLOVER-aligned event types with their trigger
words, the nouns of documents and instruments (a date that names one identifies it, it is not an
event), and the words that make a date a deadline or a duration.

A date is an event date when (1) it does not only identify a document: not right after a
citation (``A/61/696 of 12 January 2007``, ``resolution 60/285 of 7 September 2006``, also
recognised without the citations table), not after ``<document noun> of|dated``, not before a
document noun (``the 1994 ceasefire agreement``); (2) it is not a deadline or duration (``by``,
``until``, ``since 1993``); (3) an attributive date stands before an event noun (``the 2020
elections``); and (4) its sentence holds a trigger. The type is that of the nearest specific
trigger, else ``OTHER`` for a generic one (``took place``).
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from unletters.events.dates import DateMention
from unletters.events.patterns import ASCII_CASE_FOLDS, led_by, trie_pattern

MAX_PHRASE = 5


class Trigger(NamedTuple):
    """A trigger found in a sentence: span, the words as written, its type, whether generic."""

    start: int
    end: int
    surface: str
    event_type: str
    generic: bool


@dataclass(frozen=True)
class _Vocab:
    phrases: dict[tuple[str, ...], tuple[str, bool]]
    longest: dict[str, int]  # first word of a trigger phrase -> most words of a phrase starting with it
    by_segment: dict[bytes, tuple[str, ...]]  # the words of ``longest`` by their _letter_segment
    segments: frozenset[bytes]  # the keys of ``by_segment``
    prefixes: frozenset[tuple[str, ...]]  # the phrases and every start of one
    multiword: frozenset[str]  # the first words of phrases of two words or more
    types: tuple[str, ...]
    identifying: frozenset[str]
    identifying_re: re.Pattern[str]
    chain_re: re.Pattern[str]
    non_event_source: str  # the regex of ``non_event_re``
    non_event_lower_re: re.Pattern[str]  # non_event_re for lowercased text, case-sensitive (faster)
    # the last words a match of non_event_re may end with (before spaces): those it may end with
    # after any word, and for the others the words that may stand right before them
    non_event_last_any: frozenset[str]
    non_event_last_after: dict[str, frozenset[str]]
    onset: frozenset[str]
    anaphoric: frozenset[str]
    anaphoric_first: tuple[str, ...]  # the first words of ``anaphoric``, lowercase

    @property
    def non_event_re(self) -> re.Pattern[str]:
        """The deadline and duration leads ignoring case, compiled (once) when first asked for: only
        text holding a character that matches an ASCII letter only ignoring case needs it."""
        return _ignoring_case(self.non_event_source)


@cache
def _ignoring_case(src: str) -> re.Pattern[str]:
    """``src`` compiled ignoring case (once per source)."""
    return re.compile(src, re.IGNORECASE)


@cache
def vocabulary() -> dict[str, Any]:
    """The event vocabulary file ``data/event_vocabulary.json``, parsed (loaded once)."""
    raw = resources.files("unletters").joinpath("data/event_vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|é")
_WORD = re.compile(r"[A-Za-zé][A-Za-zé'’-]*")
_MATCH_START = re.Match.start
_MATCH_GROUP = re.Match.group


# the words of a deadline lead's tail: "by the end of", "until early", "until mid-" (the last
# qualifier may take a hyphen)
_PERIOD_PARTS = ("end", "beginning", "middle", "start", "close")
_PERIOD_QUALIFIERS = ("early", "late", "mid")
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Word tokens of ``text[start:end]``: (start, end, lowercase word); hyphenated words are one token."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, start, end)]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _WORD.finditer(phrase))


@cache
def _vocab() -> _Vocab:
    data = vocabulary()
    phrases: dict[tuple[str, ...], tuple[str, bool]] = {}
    for name, spec in data["types"].items():
        generic = bool(spec.get("generic"))
        for phrase in spec["triggers"]:
            key = _phrase_key(phrase)
            if not key or len(key) > MAX_PHRASE:
                raise ValueError(f"bad trigger {phrase!r}")
            if key in phrases and phrases[key][0] != name:
                raise ValueError(f"trigger {phrase!r} is in two types")
            phrases[key] = (name, generic)
    nouns = sorted(data["identifying_nouns"]["values"], key=lambda w: (-len(w), w))
    # the nouns as a trie, a space in a noun standing for a space or a line break
    noun_alt = trie_pattern(nouns, lambda c: r"[ \n]" if c == " " else re.escape(c))
    # "<noun> [No. 12] of|dated" right before the date
    noun_initials = {n[0] for n in nouns}
    identifying_re = led_by(
        noun_initials,
        rf"(?i:\b(?:{noun_alt})(?:[ \n]+No\.[ \n]?[0-9]+)?[ \n]+(?:of|dated)[ \n]+\Z)",
        fold_case=True,
    )
    # "the statement of the Ministry of Foreign Affairs of Georgia of 2 August 2019": the noun, then
    # a name (capitalized words and of/and/the), then "of|dated <date>"
    chain_re = led_by(
        noun_initials,
        rf"\b(?i:{noun_alt})[ \n]+(?:of|by|from|on|between|with)(?:[ \n]+(?:[A-Z][A-Za-z'’.-]*|of|and|the|for|on|to)){{1,14}}"
        rf",?[ \n]+(?:of|dated)[ \n]+\Z",
        fold_case=True,
    )
    leads = sorted(data["non_event_leads"]["values"], key=lambda w: (-len(w), w))
    lead_alt = "|".join(re.escape(w.lower()).replace(r"\ ", r"[ \n]") for w in leads)
    non_event_src = (
        rf"\b(?P<lead>{lead_alt})(?:[ \n]+(?:the[ \n]+)?(?:{'|'.join(_PERIOD_PARTS)})[ \n]+of)?"
        rf"(?:[ \n]+(?:{'|'.join(_PERIOD_QUALIFIERS)}-?))?[ \n]*\Z"
    )
    # the last word of a match: a lead's (after any word when the lead is one word, else after
    # the lead's word before it), "of" after a period part, or a qualifier (after any word)
    last_any = set(_PERIOD_QUALIFIERS)
    last_after: dict[str, set[str]] = {"of": set(_PERIOD_PARTS)}
    for lead in leads:
        words = lead.lower().split()
        if not all(w.isascii() and w.isalpha() for w in words):
            raise ValueError(f"non-event lead {lead!r} is not ASCII letters and spaces")
        if len(words) == 1:
            last_any.add(words[0])
        else:
            last_after.setdefault(words[-1], set()).add(words[-2])
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    by_segment: dict[bytes, list[str]] = {}
    for word in sorted(longest):
        by_segment.setdefault(_letter_segment(word), []).append(word)
    return _Vocab(
        phrases=phrases,
        longest=longest,
        by_segment={seg: tuple(words) for seg, words in by_segment.items()},
        segments=frozenset(by_segment),
        prefixes=frozenset(key[:n] for key in phrases for n in range(1, len(key) + 1)),
        multiword=frozenset(key[0] for key in phrases if len(key) > 1),
        types=tuple(data["types"]),
        identifying=frozenset(n.lower() for n in data["identifying_nouns"]["values"]),
        identifying_re=identifying_re,
        chain_re=chain_re,
        non_event_source=non_event_src,
        non_event_lower_re=led_by({w[0].lower() for w in leads}, non_event_src),
        onset=frozenset(data["non_event_leads"]["onset"]),
        non_event_last_any=frozenset(last_any),
        non_event_last_after={w: frozenset(v) for w, v in last_after.items() if w not in last_any},
        anaphoric=frozenset(data["anaphoric_actors"]["values"]),
        anaphoric_first=tuple(sorted({n.lower().split()[0] for n in data["anaphoric_actors"]["values"]})),
    )


def event_types() -> tuple[str, ...]:
    """The controlled vocabulary of ``event_type``, in the order of the data file."""
    return _vocab().types


# a citation-like token right before "of|dated <date>": a document symbol (A/61/696,
# A/59/747–S/2005/187), a GA resolution number (60/285, ES-10/19), an SC resolution (822 (1993)),
# an old GA resolution (2625 (XXV)), a presidential statement (S/PRST/2021/1)
_SYMBOL_OF = led_by(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    r"(?:\b[A-Z]{1,6}(?:\.[0-9]{1,4})?(?:/[A-Za-z0-9.\-]{1,12}){1,6}|\b(?:ES-)?[0-9]{1,4}/[0-9]{1,5}"
    r"|\b[0-9]{1,4}[ \n]?\((?:[0-9]{4}|[IVXLC]{1,8})\))[)\]]?,?[ \n]+(?:of|dated)[ \n]+\Z",
)
_OF_TAIL = re.compile(r"\b(?:of|dated)[ \n]+\Z")


def _of_tail(text: str, start: int) -> bool:
    """True when ``of`` or ``dated`` and spaces or line breaks end right before ``start`` (9 characters back)."""
    before = text[max(0, start - 9) : start]
    word = before.rstrip(" \n")
    if len(word) == len(before) or not word.endswith(("of", "dated")):
        return False  # cheap test first: most dates follow another word
    return bool(_OF_TAIL.search(text, max(0, start - 9), start))


_OF_BEFORE = re.compile(r"\A[ \n]*,?[ \n]*(?:of|dated)[ \n]+\Z")


def dates_citation(text: str, start: int, citation_spans: Sequence[tuple[int, int]] = ()) -> bool:
    """True when the date expression at ``start`` follows a citation: ``A/61/696 of 12 January 2007``.

    ``citation_spans`` (sorted by start) are the citations table's spans; the symbol patterns
    work without them.
    """
    return _dates_citation(text, start, citation_spans, _of_tail(text, start))


def _dates_citation(text: str, start: int, citation_spans: Sequence[tuple[int, int]], tail: bool) -> bool:
    """:func:`dates_citation`, given ``tail = _of_tail(text, start)``."""
    # citation spans are sorted by start: look back from the last one starting at or before the
    # date (tried before the symbol patterns, which cost more)
    i = bisect.bisect_right(citation_spans, (start, len(text) + 1)) - 1
    while i >= 0 and start - citation_spans[i][0] < 400:
        cs, ce = citation_spans[i]
        i -= 1
        if cs <= start < ce:
            return True
        if ce <= start and start - ce <= 12 and _OF_BEFORE.match(text[ce:start]):
            return True
    return bool(tail and _SYMBOL_OF.search(text[max(0, start - 80) : start]))


def identifies_document(
    text: str, mention: DateMention, citation_spans: Sequence[tuple[int, int]] = ()
) -> bool:
    """True when the date only names a document or instrument (no event row): after a citation,
    after ``<document noun> of|dated``, or before a document noun (``the 1994 ceasefire agreement``)."""
    return DocumentDates(text, citation_spans).identifies(mention)


def _names_document_before(text: str, start: int) -> bool:
    """True when ``<document noun> of|dated`` (or a named chain of them) ends right before ``start``."""
    return _of_tail(text, start) and _document_noun_before(text, start)


def _document_noun_before(text: str, start: int) -> bool:
    """:func:`_names_document_before` where ``of`` or ``dated`` ends right before ``start``."""
    voc = _vocab()
    return bool(
        voc.identifying_re.search(text[max(0, start - 80) : start])
        or voc.chain_re.search(text[max(0, start - 160) : start])
    )


class DocumentDates:
    """The document tests of one letter's dates, each worked out once per date expression start.

    The same expression is tested when it may lend its year, when ``the same day`` may refer
    back to it, and when it is kept or not as an event.
    """

    def __init__(self, text: str, citation_spans: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.citation_spans = citation_spans
        self._cites: dict[int, bool] = {}
        self._names: dict[int, bool] = {}

    def cites(self, start: int, tail: bool | None = None) -> bool:
        """:func:`dates_citation` for the expression starting at ``start`` (``tail``: its ``_of_tail``)."""
        got = self._cites.get(start)
        if got is None:
            if tail is None:
                tail = _of_tail(self.text, start)
            got = self._cites[start] = _dates_citation(self.text, start, self.citation_spans, tail)
        return got

    def names(self, start: int) -> bool:
        """True when the words before ``start`` cite or name a document (``resolution 60/285 of``)."""
        got = self._names.get(start)
        if got is None:
            tail = _of_tail(self.text, start)
            got = self._names[start] = self.cites(start, tail) or (
                tail and _document_noun_before(self.text, start)
            )
        return got

    def identifies(self, mention: DateMention) -> bool:
        """:func:`identifies_document` for ``mention``."""
        if self.names(mention.run_start):
            return True
        return mention.attributive and _noun_after(self.text, mention.run_end, _vocab().identifying)


_NEXT = re.compile(r"[ \n]([A-Za-zé][A-Za-zé'’-]*)")
# words that end the noun phrase after an attributive date ("the 2030 Agenda was adopted")
_PHRASE_END = frozenset(
    "was were is are be been has have had will would shall should may can could and or but of for in on at to "
    "by with from which that who whose the a an this these its their as".split()
)


def _noun_after(text: str, end: int, nouns: frozenset[str] | None) -> bool:
    """True when the noun phrase right after ``end`` holds a word of ``nouns`` (None: a specific one-word trigger).

    The phrase is up to two names in capitals then up to two lowercase words, ending at
    punctuation or a function word: ``the 2008 Mumbai attacks``, ``the 1994 ceasefire agreement``.
    """
    words: list[str] = []
    capitals = lower = 0
    pos = end
    while True:
        m = _NEXT.match(text, pos)
        if not m:
            break
        word = m.group(1)
        if word.lower() in _PHRASE_END:
            break
        if word[0].isupper():
            if lower or capitals == 2:
                break
            capitals += 1
        else:
            if lower == 2:
                break
            lower += 1
        words.append(word.lower())
        pos = m.end()
    if nouns is not None:
        return any(w in nouns for w in words)
    phrases = _vocab().phrases
    return any((w,) in phrases and not phrases[(w,)][1] for w in words)


def may_end_with_lead(low: str) -> bool:
    """False when lowercase ``low`` cannot end with a deadline or duration lead (a match of the
    lowercase ``non_event_re``), judged from its last one or two words; True when it may.

    A match ends (before spaces and line breaks) with a whole word of ASCII letters: a lead's
    last word, ``of`` or a qualifier (or with ``mid-``, left to the regex); a word that ends
    only leads of two words or more needs the word before it to be the one those leads have.
    """
    voc = _vocab()
    tail = low.rstrip(" \n")
    last = tail[len(tail.rstrip(_ASCII_LETTERS)) :]
    if not last or last in voc.non_event_last_any:
        return True
    before = voc.non_event_last_after.get(last)
    if before is None:
        return False
    rest = tail[: len(tail) - len(last)]
    if not rest.endswith((" ", "\n")):
        return False  # the words of a lead are apart
    rest = rest.rstrip(" \n")
    return rest[len(rest.rstrip(_ASCII_LETTERS)) :] in before


def is_non_event_lead(text: str, mention: DateMention) -> bool:
    """True when the words before the date make it a deadline or a duration (``by``, ``until``).

    ``since`` is accepted before a day (the onset of what the sentence reports).
    """
    voc = _vocab()
    before = text[max(0, mention.run_start - 40) : mention.run_start]
    if not before.isascii() and any(c in before for c in ASCII_CASE_FOLDS):
        m = voc.non_event_re.search(before)
    else:
        # without those characters, matching the lowercased text is matching ignoring case
        # (lowercasing keeps the length and what is a word character), and much faster
        low = before.lower()
        if not may_end_with_lead(low):
            return False  # the common case ("on 3 May"): no regex search
        m = voc.non_event_lower_re.search(low)
    if not m:
        return False
    lead = " ".join(m.group("lead").lower().split())
    return not (lead in voc.onset and mention.precision == "day")


def attributive_ok(text: str, mention: DateMention) -> bool:
    """For a date before a noun (``the 2020 elections``): True when an event noun follows."""
    return _noun_after(text, mention.run_end, None)


class SpanSet:
    """A set of spans, merged into disjoint intervals, with a membership test by offset."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                if e > merged[-1][1]:
                    merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        self._spans = merged
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int):
            return False
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The merged intervals that share an offset with ``start:end``, in order."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0 or self._ends[i] <= start:
            i += 1  # the interval starting at or before ``start`` ends before it
        return self._spans[i : bisect.bisect_left(self._starts, end)]


# the characters whose lowercase is another length, or is a word character (see _WORD) when
# they are not one: text holding none of them lowercases token for token (tests check this
# against every code point)
LOWERCASE_UNSAFE = "\u00c9\u0130\u212a"


# a lowercased text encoded as Latin-1 ("?" for other characters), with every byte that is not
# a letter of a token (a-z, é) made a space: its words are the runs of token letters
_LETTER_IMAGE = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyzé" else 0x20 for c in range(256))
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzé'’-")  # what _WORD matches, lowercase
_TOKEN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzé")


def _letter_segment(word: str) -> bytes:
    """The leading run of token letters of a lowercase token, as a word of :data:`_LETTER_IMAGE`."""
    # in the image every character that is not a token letter is a space
    return word.encode("latin-1", "replace").translate(_LETTER_IMAGE).partition(b" ")[0]


def _first_words(low: str) -> list[tuple[int, str]]:
    """``(offset, word)`` of every token of lowercase ``low`` that starts a trigger phrase, in order.

    The words looked for are only those whose leading letters stand in the text as a whole
    run of letters (one split of a byte image); each is then found and checked as a token: it
    runs to the end of its run of token characters, and starts at the first letter of that run
    (before it stand only apostrophes and hyphens back to the start of the run).
    """
    voc = _vocab()
    image = low.encode("latin-1", "replace").translate(_LETTER_IMAGE)
    found: list[tuple[int, str]] = []
    for segment in voc.segments.intersection(image.split()):
        for word in voc.by_segment[segment]:
            pos = low.find(word)
            while pos != -1:
                end = pos + len(word)
                if low[end : end + 1] not in _TOKEN_CHARS:  # "" (the end) is in none
                    i = pos - 1
                    while i >= 0 and low[i] in "'’-":
                        i -= 1
                    if i < 0 or low[i] not in _TOKEN_LETTERS:
                        found.append((pos, word))
                pos = low.find(word, end)
    found.sort()
    return found


_ANY_WORD = -2  # in find_triggers: a sentence all in capitals, where no capital marks a name


def find_triggers(text: str, start: int, end: int, skip: SpanSet | None = None) -> list[Trigger]:
    """Triggers in ``text[start:end]``, longest phrase first at each token, none starting inside ``skip``.

    A capitalized word inside the sentence belongs to a name (``the United Nations
    Disengagement Observer Force``, ``the Conference on Disarmament``) and is no trigger; the
    sentence's first word is. Words that are skipped (capitalized, or inside ``skip``) are left
    out of phrases too: the words on each side of them are adjacent. A sentence written all in
    capitals (a heading, a reproduced cable) tells no name by its capitals: any word of it may
    be a trigger.
    """
    sentence = text[start:end]
    if not sentence.isascii() and any(c in sentence for c in LOWERCASE_UNSAFE):
        return triggers_by_tokens(text, start, end, skip)
    # token for token the same words as the sentence, lowercased, at the same offsets
    low = sentence.lower()
    candidates = _first_words(low)
    if not candidates:
        return []
    voc = _vocab()
    # the offset of the sentence's first word (the one capitalized word that may be a trigger),
    # or _ANY_WORD for a sentence all in capitals; found when a capitalized word is first met
    first_start: int | None = None
    skipped = [(s - start, e - start) for s, e in skip.overlapping(start, end)] if skip else []

    def kept(pos: int) -> bool:
        nonlocal first_start
        if sentence[pos].isupper():
            if first_start is None:
                first = _WORD.search(sentence)
                first_start = _ANY_WORD if sentence.isupper() else first.start() if first else -1
            if pos != first_start and first_start != _ANY_WORD:
                return False
        for s, e in skipped:
            if s <= pos < e:
                return False
        return True

    out: list[Trigger] = []
    free = 0  # the end of the last trigger found
    # only the tokens that start a phrase are looked at; the words that may follow, as needed
    for pos, word in candidates:
        if pos < free or not kept(pos):
            continue
        e = pos + len(word)
        found = voc.phrases.get((word,))
        if word in voc.multiword:
            # the longest phrase wins: the next kept words, as long as some phrase goes on with them
            words = [word]
            for t in _WORD.finditer(low, e):
                if kept(t.start()):
                    words.append(t.group())
                    key = tuple(words)
                    if key not in voc.prefixes:
                        break
                    if key in voc.phrases:
                        found, e = voc.phrases[key], t.end()
        if found is not None:
            out.append(Trigger(start + pos, start + e, sentence[pos:e], *found))
            free = e
    return out


def triggers_by_tokens(text: str, start: int, end: int, skip: SpanSet | None = None) -> list[Trigger]:
    """:func:`find_triggers`, worked out on every token of the sentence (for any text)."""
    voc = _vocab()
    # as tokens(), less the capitalized words after the first and those starting inside skip
    matches = list(_WORD.finditer(text, start, end))
    if not matches:
        return []
    starts = list(map(_MATCH_START, matches))
    if text[start:end].isupper():  # all in capitals: no word is taken for a name's
        dropped = [False] * len(starts)
    else:
        dropped = list(map(str.isupper, map(text.__getitem__, starts)))
        dropped[0] = False
    for s, e in skip.overlapping(start, end) if skip else ():
        for k in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
            dropped[k] = True
    kept = list(itertools.compress(matches, map(operator.not_, dropped)))
    words = list(map(str.lower, map(_MATCH_GROUP, kept)))
    # the longest phrase starting with each word (None: no phrase does)
    most_words = list(map(voc.longest.get, words))
    out: list[Trigger] = []
    free = 0  # the first word not inside a trigger already found
    for i in itertools.compress(range(len(words)), most_words):
        if i < free:
            continue
        longest = most_words[i]
        assert longest is not None  # compress() kept only words that start a phrase
        for n in range(min(longest, len(words) - i), 0, -1):
            found = voc.phrases.get(tuple(words[i : i + n]))
            if found is not None:
                etype, generic = found
                s, e = kept[i].start(), kept[i + n - 1].end()
                out.append(Trigger(s, e, text[s:e], etype, generic))
                free = i + n
                break
    return out


def choose_trigger(triggers: Sequence[Trigger], start: int, end: int) -> Trigger | None:
    """The trigger for the date at ``start:end``: the nearest specific one, else the nearest generic."""
    return nearest_trigger(trigger_pool(triggers), start, end)


def trigger_pool(triggers: Sequence[Trigger]) -> list[Trigger]:
    """The triggers a date may take: the specific ones if any, else all (generic ones)."""
    return [t for t in triggers if not t.generic] or list(triggers)


def nearest_trigger(pool: Sequence[Trigger], start: int, end: int) -> Trigger | None:
    """The trigger of ``pool`` nearest the date at ``start:end`` (the first on a tie), None if none."""
    if len(pool) <= 1:
        return pool[0] if pool else None

    def distance(t: Trigger) -> tuple[int, int]:
        d = start - t.end if t.end <= start else t.start - end if t.start >= end else 0
        return (d, t.start)

    return min(pool, key=distance)


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_ANAPHORA_SRC = r"\b(?:the|both|these|those)[ \n]+(?:(?P<n>two|three|four|five|six|both)[ \n]+)?(?P<noun>[A-Za-z]+(?:[ \n]of[ \n]state)?)\b"
_ANAPHORA = re.compile(f"(?P<all>{_ANAPHORA_SRC})", re.IGNORECASE)
# the same on lowercased text (see is_non_event_lead), tried only at a "b" or "t"; a match is
# one character long, the group "all" holds what _ANAPHORA would match there
_ANAPHORA_LOWER = led_by("bt", f"(?P<all>{_ANAPHORA_SRC})")


def anaphoric_count(text: str, start: int, end: int) -> int | None:
    """If the sentence refers back to a set of actors (``the three countries``): their number, 0 if not given; else None."""
    voc = _vocab()
    nouns = voc.anaphoric
    found: int | None = None
    # the sentence and the character before it (which decides a word boundary at its start)
    lo = max(0, start - 1)
    sentence = text[lo:end]
    if sentence.isascii() or not any(c in sentence for c in ASCII_CASE_FOLDS):
        low = sentence.lower()
        if not any(word in low for word in voc.anaphoric_first):
            return None  # no noun of the list can stand in it
        # every start of a match, overlapping ones too: keep those finditer would give
        matches = []
        taken = 0
        for m in _ANAPHORA_LOWER.finditer(low, start - lo):
            if m.start() >= taken:
                matches.append(m)
                taken = m.end("all")
    else:
        matches = list(_ANAPHORA.finditer(sentence, start - lo))
    for m in matches:
        noun = " ".join(m.group("noun").lower().split())
        if noun in nouns:
            word = (m.group("n") or "").lower()
            if not word and m.group("all").lower().startswith("both"):
                word = "both"
            count = _NUMBER_WORDS.get(word, 0)
            if count:
                return count
            found = 0
    return found
