"""PLACE candidates: cities from the GeoNames gazetteer, and the patterns letters use.

Patterns (keywords in ``data/places_extra.json``):

- before: ``the city of Shusha``, ``the districts of Aghdam, Kalbajar and Lachyn``;
- after: ``the Tovuz district``, ``the Fuzuli, Gubadly, Jabrayil and Zangilan districts``.

A singular keyword takes one name, a plural one a list. The surface is the name alone (not the
keyword); its canonical name is the gazetteer's when the name is a known place (``Füzuli`` ->
``Fuzuli``), else the name as written.

A city from the gazetteer counts only when it stands alone: no capitalized word (other than a
sentence-opening function word) right before or after it (``Kingston`` in ``Kingston
Declaration`` or ``Abraham Lincoln`` is no place), and a form that is also an English word
(``Reading``, ``Nice``) never at a sentence start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from unletters.entities._scan import (
    LOWER_WORD_RE,
    RANK,
    UPPER,
    Candidate,
    load_json,
    next_word,
    previous_word,
    sentence_initial,
)
from unletters.entities.gazetteer import cities

_WORD = rf"{UPPER}[^\W\d_]*(?:['’\-][^\W\d_]+)*"
_NAME = rf"{_WORD}(?: {_WORD}){{0,2}}"
_LIST = rf"{_NAME}(?:, {_NAME}){{0,15}}(?:,? (?:and|or) {_NAME})?"
_SPLIT = re.compile(r",? (?:and|or) |, ")
_BREAK = frozenset(',;:()"“”')


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace("\\ ", " ") for w in sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def keyword_first_words() -> dict[str, tuple[str, ...]]:
    """First word of each place keyword -> the keywords it starts (``refugee`` -> ``refugee camp(s)``)."""
    kw = load_json("places_extra.json")["place_keywords"]
    out: dict[str, list[str]] = {}
    for w in kw["singular"] + kw["plural"]:
        out.setdefault(w.split(" ")[0], []).append(w)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in out.items()}


@cache
def keyword_prefixes() -> frozenset[str]:
    """The first four characters of every place keyword (a cheap test before ``keyword_after``)."""
    return frozenset(w[:4] for w in keyword_first_words() for w in keyword_first_words()[w])


def keyword_after(text: str, end: int) -> tuple[int, int] | None:
    """Span of a place keyword written right after a word ending at ``end`` (``Zangilan| districts``)."""
    if end + 1 >= len(text) or text[end] not in " \n" or not text[end + 1].islower():
        return None
    m = LOWER_WORD_RE.match(text, end + 1)
    if m is None:
        return None
    for kw in keyword_first_words().get(m.group(), ()):
        if text.startswith(kw, end + 1):
            k_end = end + 1 + len(kw)
            if k_end >= len(text) or not (text[k_end].isalnum() or text[k_end] in "-_"):
                return end + 1, k_end
    return None


@cache
def _keyword_set() -> frozenset[str]:
    kw = load_json("places_extra.json")["place_keywords"]
    return frozenset(kw["singular"] + kw["plural"])


@cache
def keyword_before_tails() -> frozenset[str] | None:
    """``<last four characters of a keyword> of `` for every place keyword (``icts of ``): the
    eight characters before a word that ``keyword_before`` can accept end with one of them.

    None when some keyword is shorter than four characters or has a space in its last four
    (then only the ``of `` test before ``keyword_before`` is sound).
    """
    keywords = _keyword_set()
    if any(len(w) < 4 or not w[-4:].isalpha() for w in keywords):
        return None
    return frozenset(f"{w[-4:]} of " for w in keywords)


def keyword_before(text: str, start: int) -> tuple[int, int] | None:
    """Span of a place keyword written before ``of`` and a word starting at ``start`` (``districts of |Aghdam``)."""
    if start < 5 or text[start - 4 : start] != " of ":
        return None
    k_end = start - 4
    keywords = _keyword_set()
    # the keyword is the one or two words before " of " (no keyword is longer than 20 characters)
    i = text.rfind(" ", max(0, k_end - 21), k_end)
    j = text.rfind("\n", max(0, k_end - 21), k_end)
    i = max(i, j)
    if text[i + 1 : k_end] in keywords:
        return i + 1, k_end
    if i > 0:
        i2 = max(text.rfind(" ", max(0, i - 21), i), text.rfind("\n", max(0, i - 21), i))
        if text[i2 + 1 : k_end].replace("\n", " ") in keywords:
            return i2 + 1, k_end
    return None


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(singular-before, plural-before): ``the city of X``, ``the districts of X, Y and Z``.

    Each is anchored (``.match``) at a keyword that the letter scan found, so no pattern runs
    over the whole letter. Names before a keyword are read backwards by ``_name_ending_at``.
    """
    sing_before, plur_before = _before_keywords()
    return (
        re.compile(rf"(?:{_alternation(sorted(sing_before))}) of ({_NAME})"),
        re.compile(rf"(?:{_alternation(sorted(plur_before))}) of ({_LIST})"),
    )


@cache
def _before_keywords() -> tuple[frozenset[str], frozenset[str]]:
    """(singular, plural) place keywords that may come before ``of`` and a name."""
    kw = load_json("places_extra.json")["place_keywords"]
    after_only = set(kw["after_only"])
    return (
        frozenset(w for w in kw["singular"] if w not in after_only),
        frozenset(w for w in kw["plural"] if w not in after_only),
    )


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(stop_words, not_place_words, function_words) from ``data/places_extra.json``."""
    data = load_json("places_extra.json")
    return (
        frozenset(data["stop_words"]),
        frozenset(data["not_place_words"]),
        frozenset(data["function_words"]),
    )


def _names(group: str, offset: int) -> Iterator[tuple[int, int]]:
    """Spans of the names in a matched list (``A, B and C``) starting at ``offset``."""
    pos = 0
    for m in _SPLIT.finditer(group):
        yield offset + pos, offset + m.start()
        pos = m.end()
    yield offset + pos, offset + len(group)


def _pattern_spans(text: str, begin: int, keywords: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans of the names that the keyword patterns find around the keyword spans ``keywords``."""
    patterns = tuple(zip(_patterns(), _before_keywords(), strict=True))
    plural = _plural_keywords()
    for k_start, k_end in keywords:
        if text[k_end : k_end + 4] == " of ":
            # a pattern can match only at a keyword of its own list: its keyword must end
            # right before " of ", and no keyword holds " of "
            keyword = text[k_start:k_end]
            for pattern, own in patterns:
                m = pattern.match(text, k_start) if keyword in own else None
                if m is not None:
                    yield from _names(m.group(1), m.start(1))
        # after: "the Tovuz district", "the Fuzuli, Gubadly and Zangilan districts"
        if k_start - 1 <= begin or text[k_start - 1] not in " \n":
            continue
        span = _name_ending_at(text, k_start - 1, begin)
        if span is None:
            continue
        yield span
        if text[k_start:k_end] not in plural:
            continue
        start = span[0]
        for _ in range(15):
            sep = _SEPARATOR_BEFORE.search(text, max(begin, start - 6), start)
            if sep is None:
                break
            span = _name_ending_at(text, sep.start(), begin)
            if span is None:
                break
            yield span
            start = span[0]


_SEPARATOR_BEFORE = re.compile(r"(?:,? and |,? or |, )$")
# a name (``_NAME``) not joined to a word before it (``(?<![\w'’\-])`` before the name), for
# the searches that end in ``$``: written capital first, so that a search skips ahead from
# capital to capital instead of trying every offset, and with possessive repeats: what follows
# a word's letters, a word or the name is never a letter or a word, so giving one back to try
# again never makes ``$`` match, and possessive repeats do not try
_TIGHT_WORD = rf"{UPPER}[^\W\d_]*+(?:['’\-][^\W\d_]++)*+"
_LONE_NAME = rf"{UPPER}(?<![\w'’\-].){_TIGHT_WORD.removeprefix(UPPER)}(?: {_TIGHT_WORD}){{0,2}}+"
_NAME_END = re.compile(rf"({_LONE_NAME})$")


def _first_start(text: str, lo: int, end: int, spaces: int) -> int:
    """The first offset from ``lo`` on where ``text[offset:end]`` holds at most ``spaces`` spaces.

    A backward search (a pattern ending in ``$`` searched up to ``end``) tries every start from
    the left; when what it looks for holds at most ``spaces`` spaces, starts before this one
    cannot match, and the search gives the same match from here.
    """
    parts = text[lo:end].rsplit(" ", spaces + 1)
    if len(parts) <= spaces + 1:  # fewer than ``spaces + 1`` spaces
        return lo
    return lo + len(parts[0]) + 1


def _name_ending_at(text: str, end: int, begin: int) -> tuple[int, int] | None:
    """Span of the (at most three-word) capitalized name that ends at ``end``, or ``None``."""
    # a name holds at most two spaces
    m = _NAME_END.search(text, _first_start(text, max(begin, end - 80), end, 2), end)
    return (m.start(1), m.end(1)) if m else None


@cache
def _plural_keywords() -> frozenset[str]:
    return frozenset(load_json("places_extra.json")["place_keywords"]["plural"])


def pattern_candidates(text: str, begin: int, keywords: Sequence[tuple[int, int]]) -> list[Candidate]:
    """PLACE candidates found by the keyword patterns at the keyword spans ``keywords`` of ``text``."""
    stop, not_place, function = _words()
    forms = cities().forms
    out = []
    for start, end in _pattern_spans(text, begin, keywords):
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2
        words = text[start:end].split(" ")
        while words and words[0] in function:  # "In Tartar district" -> "Tartar"
            start += len(words[0]) + 1
            words = words[1:]
        name = text[start:end]
        if not words or name in stop or not not_place.isdisjoint(words) or any(map(_is_acronym, words)):
            continue
        canonical = forms.get(name, name)
        out.append(Candidate(start, end, "PLACE", None, canonical, None, "rule", RANK["pattern"]))
    return out


_LIST_SEPARATORS = (", ", " and ", " or ")
_FORWARD = re.compile(rf"(?:, (?:and |or )?|,? and |,? or )({_NAME})(?![\w'’\-])")
_BACKWARD = re.compile(rf"({_LONE_NAME})(?:, |,? and |,? or )$")


def list_candidates(text: str, begin: int, seeds: Sequence[Candidate]) -> list[Candidate]:
    """PLACE candidates for the other items of a list that contains a known place.

    ``Srinagar, Baramulla and Anantnag``: when one item is a place, the capitalized names joined
    to it by commas, ``and`` or ``or`` are places too, as long as each is a plausible name
    (no stop word, no institution word, not opening with a function word). The caller keeps
    only those that overlap nothing already found (a State in the list stays a State).
    """
    stop, not_place, function = _words()
    forms = cities().forms

    def ok(name: str) -> bool:
        # ``name[-2:]`` tests what the text's two characters before the name's end would: a
        # one-letter name is a capital, which ends no possessive either way
        if name[-2:] in ("'s", "’s") or name in stop:
            return False
        words = name.split(" ")
        return not (words[0] in function or not not_place.isdisjoint(words) or any(map(_is_acronym, words)))

    out = []
    seen = {(c.start, c.end) for c in seeds}
    for seed in seeds:
        end = seed.end
        for _ in range(15):
            # every branch of ``_FORWARD`` starts with one of these: most seeds end no list
            m = _FORWARD.match(text, end) if text.startswith(_LIST_SEPARATORS, end) else None
            if m is None or not ok(m[1]):
                break
            end = m.end(1)
            if (m.start(1), end) in seen:
                break  # the rest of the list is walked from that item
            seen.add((m.start(1), end))
            out.append(_listed(m.start(1), end, m.group(1), forms))
        start = seed.start
        for _ in range(15):
            if not text.endswith(_LIST_SEPARATORS, max(0, start - 5), start):
                break
            # a name and a separator hold at most four spaces
            m = _BACKWARD.search(text, _first_start(text, max(begin, start - 80), start, 4), start)
            if m is None or not ok(m[1]):
                break
            start = m.start(1)
            if (start, m.end(1)) in seen:
                break
            seen.add((start, m.end(1)))
            out.append(_listed(start, m.end(1), m.group(1), forms))
    return out


def _listed(start: int, end: int, name: str, forms: dict[str, str]) -> Candidate:
    return Candidate(
        start, end, "PLACE", None, forms.get(name, name), None, "rule", RANK["pattern"]
    )


_ACRONYM = re.compile(
    r"[A-Z][A-Z0-9]+(?:[-'’][A-Z0-9]+)*"
).fullmatch  # "UNISFA", "KE SUCCESS": no place names
_ACRONYM_SECOND = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _is_acronym(word: str) -> bool:
    """Whether ``word`` is written like an acronym (``_ACRONYM``); most words fail on their
    second character, tested before the pattern."""
    return word[1:2] in _ACRONYM_SECOND and _ACRONYM(word) is not None


_WINDOW = 300  # characters before a keyword searched for the names it follows
_SPACE_WORD = re.compile(r"[ \n]?([^\s,;:()\"“”]+)")
_TRAIL = re.compile(r"(?:'s|[.!?'])+$")


def city_candidates(text: str, start: int, first: str, first_end: int) -> list[Candidate]:
    """PLACE candidates of the cities gazetteer at ``start``, whose first letter-run ``first`` ends at ``first_end``."""
    data = cities()
    best = None
    key = ""
    pos = start
    if first_end >= len(text) or text[first_end] in _PLAIN_END:
        # fast path: the first word is a plain letter-run ("Baku", "General")
        if first in data.forms:
            best = (first_end, first)
        if first_end >= len(text) or text[first_end] not in " \n" or f"{first} " not in data.prefixes:
            return _city(text, start, best)
        key, pos = first, first_end
    for _ in range(12):
        m = _SPACE_WORD.match(text, pos)
        if m is None or (pos > start and m.start(1) == pos):
            break
        word = m.group(1).replace("’", "'")
        if word[-1] in ".!?'s":
            # "Sana'a" and "Cox's" as written first, then without a possessive or full stop
            options = [word.rstrip(".!?"), _TRAIL.sub("", word)]
        else:
            options = [word]
        extended = None
        for bare in dict.fromkeys(o for o in options if o):
            k = f"{key} {bare}" if key else bare
            if k in data.forms:
                best = (m.start(1) + len(bare), k)
            if extended is None and bare == word and f"{k} " in data.prefixes:
                extended = k
        if extended is None:
            break
        key = extended
        pos = m.end()
    return _city(text, start, best)


_PLAIN_END = frozenset(' \n,;:)"”?!')


def city_is_the_word(text: str, first: str, first_end: int) -> bool:
    """Whether :func:`city_candidates` at the word ``first`` ending at ``first_end`` can only
    return a candidate spanning that word alone, or none (the word is followed by a plain end
    and starts no longer city name there)."""
    if first_end >= len(text):
        return True
    after = text[first_end]
    return after in _PLAIN_END and (after not in " \n" or f"{first} " not in cities().prefixes)


def _city(text: str, start: int, best: tuple[int, str] | None) -> list[Candidate]:
    """The city candidate ``best`` (end, form) at ``start`` if it stands alone, else none."""
    if best is None:
        return []
    data = cities()
    _, _, function = _words()
    prev = previous_word(text, start)
    if prev and prev[0].isupper() and prev not in function and prev[-1] != ".":
        return []
    end, key = best
    after = next_word(text, end)
    if after and after[0].isupper() and after not in function:
        return []
    if key in data.words and sentence_initial(text, start):
        return []
    return [Candidate(start, end, "PLACE", None, data.forms[key], None, "gazetteer", RANK["city"])]
