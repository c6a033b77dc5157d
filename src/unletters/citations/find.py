"""Find citations in plain text: resolutions, decisions, document symbols, Charter provisions.

One pass over the text collects triggers (a head noun ``resolution``/``decision``, a document
symbol, ``Article``/``Chapter``, a short form, ``ibid.``) with the trigger regexes of the knowledge
file; each trigger is then parsed with anchored regexes (``re.match`` at a position), so the work
is linear in the text. An enumeration that shares one head noun gives one citation per item, each
spanning its own item. Short forms come out unresolved (``target`` None); see
:mod:`unletters.citations.resolve`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from unletters.citations.patterns import PatternSet, load
from unletters.regex_tools import trie_pattern

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
# `March` -> `03`, and the same in capitals (`MARCH`), as the `month` fragment matches it
_MONTH_NUMBER = {form: f"{i:02d}" for m, i in MONTHS.items() for form in (m, m.upper())}
_LOOKBACK = 120  # characters searched before a head noun for its organ, `its`, `draft`, a pinpoint
_SUBJECT_LOOKBACK = 400  # characters searched back for the subject of `its resolution`
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
#: What the parsed pieces open or end with, so that a cheap test of one character can stand in for
#: a regex match that must fail (tests/test_citations_anchors.py checks each against its regex):
#: a symbol opens with its prefix's capital letter; an item after a head noun with a digit or a
#: capital letter (a symbol, `ES-`/`S-` of a special session); a pinpoint written before a
#: citation ends with a digit, `)` or a capital (Roman) letter before its `of`/`in`. The glue
#: between items opens with one of its characters or with whitespace (``str.isspace``).
SYMBOL_FIRST = frozenset(_UPPER)
ITEM_FIRST = frozenset(_DIGITS + _UPPER)
PINPOINT_LAST = frozenset(_DIGITS + ")" + _UPPER)
SEPARATOR_FIRST = frozenset(",;")
JOINT_FIRST = frozenset(" –—-")
PAREN_FIRST = frozenset(" \n(")
#: What a match of a look-back glue pattern ends with before its trailing whitespace (the last
#: letters of `draft`, `its`, `their` in each case the pattern allows): a window whose stripped
#: form ends otherwise cannot hold a match, and is not searched (tests/test_citations_anchors.py
#: checks the examples and random windows).
TAILS = {"draft_before": ("raft", "RAFT"), "its_before": ("ts", "heir")}
_HAS_DIGIT = re.compile("[0-9]")
_SINGLE_PARNUM = re.compile(r"[0-9]{1,3}(?: ?\([a-z]{1,4}\))?")
_VOL_PART = re.compile(r"^(Vol|Part)\.? ?")


@dataclass(frozen=True)
class Citation:
    """One citation found in a text.

    ``start``/``end`` are indices into the text searched (``text[start:end] == surface``).
    ``group`` numbers the head noun or symbol run the citation came from (citations of one
    enumeration share it). A short form has ``short_form`` set (``that resolution``, ``ibid``);
    until resolved its ``target`` and ``kind`` are None; once resolved, ``antecedent`` is the
    index of the citation it refers to in the resolved list.
    """

    start: int
    end: int
    surface: str
    kind: str | None
    target: str | None
    cited_date: str | None = None
    pinpoint: str | None = None
    group: int = 0
    short_form: str | None = None
    antecedent: int | None = None

    @classmethod
    def make(
        cls,
        start: int,
        end: int,
        surface: str,
        kind: str | None,
        target: str | None,
        cited_date: str | None = None,
        pinpoint: str | None = None,
        group: int = 0,
        short_form: str | None = None,
        antecedent: int | None = None,
    ) -> Citation:
        """The same as ``Citation(...)``, several times cheaper.

        A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; this
        gives the new instance its whole ``__dict__`` at once (the finder makes one per citation).
        """
        c = object.__new__(cls)
        object.__setattr__(
            c,
            "__dict__",
            {
                "start": start,
                "end": end,
                "surface": surface,
                "kind": kind,
                "target": target,
                "cited_date": cited_date,
                "pinpoint": pinpoint,
                "group": group,
                "short_form": short_form,
                "antecedent": antecedent,
            },
        )
        return c


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    kind: str
    target: str
    form: str | None = None  # number form; None for a symbol
    fields: dict[str, str] | None = None
    explicit: bool = False  # organ named in the text
    date: str | None = None
    pinpoint: str | None = None


# --------------------------------------------------------------------------- small helpers


def iso_date(m: re.Match[str]) -> str | None:
    """ISO date (day or month precision) from a match of the ``cited_date`` pattern.

    Its year is four ASCII digits and its day one or two, so they are written as matched.
    """
    day, month, year = m.group("day", "month", "year")
    if day:
        return f"{year}-{_MONTH_NUMBER[month]}-{day.zfill(2)}"
    month, year = m.group("m_month", "m_year")
    if month:
        return f"{year}-{_MONTH_NUMBER[month]}"
    return None


def _pinpoint(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g.get("pnums"):
        nums = " ".join(g["pnums"].split())
        single = _SINGLE_PARNUM.fullmatch(nums) is not None
        return ("para. " if single else "paras. ") + nums
    if g.get("annex"):
        return " ".join(g["annex"].split())
    if g.get("snum"):
        word = "chap. " if g["sect"].lower().startswith("chap") else "sect. "
        return word + g["snum"]
    return " ".join(m.group(0).split())


def normalize_symbol(symbol: str, paren: str | None, ps: PatternSet) -> str:
    """Official normal form of a symbol as written: suffix spelling, ``S/RES/822 (1993)``."""
    norm = symbol
    if "." in symbol:  # only an element with a dot (`ADD.1`) can have a suffix to spell
        out = []
        for part in symbol.split("/"):
            head, dot, rest = part.partition(".")
            spelled = ps.suffix_spelling.get(head.upper())
            out.append(f"{spelled}{dot}{rest}" if spelled and dot else part)
        norm = "/".join(out)
    if paren:
        inner = paren.strip()[1:-1]
        if inner.startswith(("Vol", "Part")):
            inner = _VOL_PART.sub(lambda m: f"{m.group(1)}. " if m.group(1) == "Vol" else "Part ", inner)
        norm = f"{norm} ({inner})"
    return norm


def symbol_kind(target: str, ps: PatternSet) -> str:
    """The citation kind of a normalized symbol (a resolution symbol is a resolution)."""
    if not target.startswith(ps.symbol_prefixes):
        return "document"
    for prefix, kind in ps.symbol_kinds:
        if target.startswith(prefix):
            return kind
    return "document"


def _plausible_symbol(symbol: str) -> bool:
    """A symbol needs a digit; with one element after the prefix, an `X.n` or a 3+ digit serial.

    ``symbol`` is a match of ``$symbol_core``, so all its digits are ASCII.
    """
    if _HAS_DIGIT.search(symbol) is None:
        return False
    parts = symbol.split("/")
    if len(parts) == 2:
        only = parts[1]
        return ("." in only) or (only.isdigit() and len(only) >= 3)
    return True


def _search_tail(regex: re.Pattern[str], window: str, stripped: str, words: int) -> re.Match[str] | None:
    """``regex.search(window)`` for a regex whose matches end in whitespace at the window's end.

    Such a match spans at most ``words`` whitespace-separated words, so it starts inside the last
    ``words`` words of ``stripped`` (``window.rstrip()``) and the search starts there; the regex
    still sees the characters before (its look-behinds do). Returns the same match.
    """
    parts = stripped.rsplit(None, words)
    return regex.search(window, len(parts[0]) if len(parts) > words else 0)


class _Finder:
    """Parses the triggers of one text; holds the text and the compiled patterns."""

    def __init__(self, text: str, ps: PatternSet) -> None:
        self.text = text
        self.ps = ps
        self.p = p = ps.patterns
        self.groups = 0
        # the anchored regexes tried at every item, bound once
        self.ws_at = ps.ws.match
        self.symbol_core_at = ps.symbol_core.match
        self.symbol_paren_at = ps.symbol_paren.match
        self.item_at = ps.item_any.match
        self.cited_date_at = p["cited_date"].regex.match
        self.pinpoint_after_at = p["pinpoint_after"].regex.match
        self.separator_at = p["separator"].regex.match

    # -- pieces parsed at a position -----------------------------------------------------

    def symbol_at(self, pos: int) -> _Item | None:
        """A symbol (with its parenthetical) starting exactly at ``pos``, else None."""
        if self.text[pos : pos + 1] not in SYMBOL_FIRST:
            return None
        m = self.symbol_core_at(self.text, pos)
        return None if m is None else self.symbol_item(pos, m.group(), m.end())

    def symbol_item(self, pos: int, symbol: str, end: int) -> _Item | None:
        """The item of ``symbol`` (a ``$symbol_core`` match from ``pos`` to ``end``), else None."""
        if not _plausible_symbol(symbol):
            return None
        paren = None
        pm = self.symbol_paren_at(self.text, end) if self.text[end : end + 1] in PAREN_FIRST else None
        if pm:
            written = pm.group()
            inner = written.strip()[1:-1]
            if inner.startswith(("Vol", "Part")) or "/RES/" in symbol:
                paren, end = written, pm.end()
        target = normalize_symbol(symbol, paren, self.ps)
        return _Item(pos, end, symbol_kind(target, self.ps), target)

    def number_at(self, pos: int, noun: str, organ: str | None) -> _Item | None:
        """A resolution/decision number at ``pos`` resolved against ``organ`` (None: by form)."""
        m = self.item_at(self.text, pos)
        return None if m is None else self.number(m, noun, organ)

    def number(self, m: re.Match[str], noun: str, organ: str | None) -> _Item | None:
        """The item of a match of ``item_any`` (the first number form that matched), else None."""
        branch = self.ps.item_branches[m.lastindex or 0]
        form = branch.pattern.form or ""
        got = self.ps.number_targets.get((noun, form, organ))  # as target_for, inlined
        if got is None:
            return None
        groups = m.groups()
        fields = {name: groups[i - 1] for name, i in branch.fields if groups[i - 1] is not None}
        return _Item(m.start(), m.end(), got[0], got[1].format_map(fields), form, fields, organ is not None)

    def target_for(
        self, noun: str, form: str, fields: dict[str, str], organ: str | None
    ) -> tuple[str, str] | None:
        """(kind, target) of a number form under an organ (None: the default for the form)."""
        got = self.ps.number_targets.get((noun, form, organ))
        return None if got is None else (got[0], got[1].format_map(fields))

    def tail(self, item: _Item, pos: int) -> int:
        """Attach a cited date and a pinpoint written after an item; returns the new position."""
        text = self.text
        c = text[pos : pos + 1]
        if c == "," or c.isspace():  # a cited date opens with a comma or whitespace
            m = self.cited_date_at(text, pos)
            if m:
                item.date = iso_date(m)
                pos = m.end()
                c = text[pos : pos + 1]
        if c == ",":  # a pinpoint after opens with a comma
            m = self.pinpoint_after_at(text, pos)
            if m:
                item.pinpoint = _pinpoint(m)
                pos = m.end()
        return pos

    def pinpoint_before(self, pos: int) -> str | None:
        """A pinpoint that ends right before ``pos`` (``paragraph 8 of``), else None."""
        text, lo = self.text, max(0, pos - _LOOKBACK)
        j = pos - 1
        while j >= lo and text[j].isspace():
            j -= 1
        if j < lo or text[j] not in "fn":  # no `of`/`in` right before: the usual case
            return None
        window = text[lo:pos]
        stripped = window.rstrip()
        if not stripped.endswith((" of", " in", "\nof", "\nin")):
            return None
        if stripped[:-2].rstrip()[-1:] not in PINPOINT_LAST:
            return None
        m = self.p["pinpoint_before"].regex.search(window)
        return _pinpoint(m) if m else None

    def subject_organ(self, pos: int) -> str | None:
        """The organ named last in the sentence before ``pos`` (the subject of `its`), else None."""
        lo = max(0, pos - _SUBJECT_LOOKBACK)
        window = self.text[lo:pos]
        cut = 0
        for m in self.p["sentence_end"].regex.finditer(window):
            cut = m.end()
        last = None
        for m in self.ps.organ_name.finditer(window, cut):
            last = m
        return self.ps.organ_of_name[" ".join(last.group("organ").split())] if last else None

    # -- triggers ------------------------------------------------------------------------

    def head(self, m: re.Match[str]) -> tuple[list[_Item], int]:
        """Items of a `resolution(s)`/`decision(s)` head noun; (items, end of what was read)."""
        text, ps = self.text, self.ps
        hs = m.start()
        pos = m.end()
        if text[pos : pos + 1] == " " and not text[pos + 1 : pos + 2].isspace():
            pos += 1  # the usual single space: no regex needed to skip it
        else:
            wm = self.ws_at(text, pos)
            if wm is None:
                return [], hs
            pos = wm.end()
        if text[pos : pos + 1] not in ITEM_FIRST:
            return [], hs  # most head nouns are not followed by a number: no look-back needed
        first = self.symbol_at(pos)
        number = None
        if first is None:
            number = self.item_at(text, pos)
            if number is None:
                return [], hs
        noun = m.group("noun").lower()
        lo = max(0, hs - _LOOKBACK)
        window = text[lo:hs]
        stripped = window.rstrip()
        organ: str | None = None
        prefix = hs
        if len(stripped) < len(window):  # `draft`, an organ and `its` before the head end in whitespace
            if stripped.endswith(TAILS["draft_before"]) and _search_tail(
                self.p["draft_before"].regex, window, stripped, 1
            ):
                return [], hs
            om = None
            if stripped.endswith(ps.organ_tails):
                om = _search_tail(ps.organ_before, window, stripped, ps.organ_words)
            if om:
                organ = ps.organ_of_name[" ".join(om.group("organ").split())]
                prefix = lo + om.start()
            elif stripped.endswith(TAILS["its_before"]):
                im = _search_tail(self.p["its_before"].regex, window, stripped, 1)
                if im:
                    prefix = lo + im.start()
                    organ = self.subject_organ(prefix)
        items: list[_Item] = []
        item = first if number is None else self.number(number, noun, organ)
        while item is not None:
            pos = self.tail(item, item.end)
            items.append(item)
            c = text[pos : pos + 1]
            sm = self.separator_at(text, pos) if c in SEPARATOR_FIRST or c.isspace() else None
            if not sm:
                break
            nxt = sm.end()
            if text[nxt : nxt + 1] not in ITEM_FIRST:
                break
            item = self.symbol_at(nxt) or self.number_at(nxt, noun, organ)
            if item is not None:
                pos = nxt
        if not items:
            return [], hs
        if organ is None:
            items = self.organ_after(items, noun, pos)
            if not items:
                return [], hs
        pin = self.pinpoint_before(prefix)
        if pin and items[0].pinpoint is None:
            items[0].pinpoint = pin
        return items, pos

    def organ_after(self, items: list[_Item], noun: str, pos: int) -> list[_Item]:
        """Re-read number items when the organ follows them (`resolution 46/1 of the Human Rights Council`)."""
        c = self.text[pos : pos + 1]
        am = self.ps.organ_after.match(self.text, pos) if c == "," or c.isspace() else None
        if not am:
            return items
        organ = self.ps.organ_of_name[" ".join(am.group("organ").split())]
        out: list[_Item] = []
        for it in items:
            if it.form is None or it.fields is None:
                out.append(it)
                continue
            got = self.target_for(noun, it.form, it.fields, organ)
            if got is None:
                break
            it.kind, it.target = got
            out.append(it)
        return out

    def symbols(self, m: re.Match[str]) -> tuple[list[_Item], int]:
        """A run of symbols: joint symbols, enumerations, elliptical suffixes (`and Corr.1`)."""
        text = self.text
        joint_at = self.p["joint"].regex.match
        items: list[_Item] = []
        pos = m.start()
        first = self.symbol_item(pos, m.group("symbol"), m.end("symbol"))
        if first is None:
            return [], pos
        item: _Item | None = first
        while item is not None:
            members = [item]
            pos = item.end
            while True:
                jm = joint_at(text, pos) if text[pos : pos + 1] in JOINT_FIRST else None
                nxt = self.symbol_at(jm.end()) if jm else None
                if nxt is None or jm is None:
                    break
                members.append(nxt)
                pos = nxt.end
            probe = _Item(0, 0, "", "")
            pos = self.tail(probe, pos)
            for mem in members:
                mem.date, mem.pinpoint = probe.date, probe.pinpoint
            items.extend(members)
            c = text[pos : pos + 1]
            sm = self.separator_at(text, pos) if c in SEPARATOR_FIRST or c.isspace() else None
            if not sm:
                break
            after = sm.end()
            if text[after : after + 1] not in SYMBOL_FIRST:  # a symbol or a suffix (`Corr.1`)
                break
            item = self.symbol_at(after) or self.suffix_at(after, items[-1])
            if item is not None:
                pos = after
        pin = self.pinpoint_before(first.start)
        if pin and items[0].pinpoint is None:
            items[0].pinpoint = pin
        return items, pos

    def suffix_at(self, pos: int, previous: _Item) -> _Item | None:
        """An elliptical suffix (`Corr.1` after `A/48/L.13 and`) as a full symbol, else None."""
        if previous.form is not None:
            return None
        m = self.p["item_suffix"].regex.match(self.text, pos)
        if not m:
            return None
        suffix = normalize_symbol(m.group("suffix"), None, self.ps)
        base = previous.target.split(" (")[0]
        last = base.rsplit("/", 1)
        if len(last) == 2 and last[1].split(".")[0] == suffix.split(".")[0]:
            base = last[0]
        target = f"{base}/{suffix}"
        return _Item(pos, m.end(), symbol_kind(target, self.ps), target)

    def charter(self, m: re.Match[str]) -> tuple[list[_Item], int]:
        """Articles or Chapters followed by `of the Charter (of the United Nations)`."""
        text = self.text
        is_article = m.group("noun").lower() == "article"
        wm = self.ps.ws.match(text, m.end())
        if not wm:
            return [], m.start()
        pos = wm.end()
        found: list[tuple[int, int, str, str | None]] = []
        while True:
            im = self.p["charter_item"].regex.match(text, pos)
            if (
                not im
                or (is_article and not im.group("article"))
                or (not is_article and not im.group("chapter"))
            ):
                break
            if is_article:
                para = im.group("para_paren") or " ".join((im.group("para_word") or "").split())
                found.append(
                    (
                        im.start(),
                        im.end(),
                        f"Charter Art. {im.group('article')}",
                        (f"para. {para}" if para.isdigit() else f"paras. {para}") if para else None,
                    )
                )
            else:
                found.append((im.start(), im.end(), f"Charter Ch. {im.group('chapter')}", None))
            pos = im.end()
            sm = self.p["separator"].regex.match(text, pos)
            if not sm:
                break
            pos = sm.end()
        if not found:
            return [], m.start()
        pos = found[-1][1]
        tm = self.p["charter_tail"].regex.match(text, pos)
        if not tm:
            return [], m.start()
        end = tm.end()
        if tm.group("of_un") is None and self.p["charter_foreign"].regex.match(text, end):
            return [], m.start()
        if len(found) == 1:
            _, _, target, pin = found[0]
            items = [_Item(m.start(), end, "charter", target, pinpoint=pin)]
        else:
            items = [_Item(s, e, "charter", target, pinpoint=pin) for s, e, target, pin in found]
        pin = self.pinpoint_before(m.start())
        if pin and items[0].pinpoint is None:
            items[0].pinpoint = pin
        return items, end


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: For each trigger pattern: literal anchors, and how a match reaches its anchor: every match opens
#: with ``lo`` to ``hi`` characters of ``firsts`` directly followed by one of the anchors
#: (tests/test_citations_anchors.py checks this on every example, and that the matches are those
#: of ``finditer``). So only those few positions need a regex match: Python's ``re`` cannot skip
#: ahead over a pattern that opens with a lookahead or lookbehind, but ``str.find`` of a literal can.
TRIGGER_ANCHORS: dict[str, tuple[tuple[str, ...], int, int, str]] = {
    "head": (("esolution", "ESOLUTION", "ecision", "ECISION"), 1, 1, "RrDd"),
    "charter_head": (("rticle", "RTICLE", "hapter", "HAPTER"), 1, 1, "AC"),
    "symbol": (("/",), 1, 6, _UPPER),  # a symbol prefix has 1 to 6 capital letters
    "short_form": (("hat", "he said", "he above", "he afore", "he same", "his same"), 1, 1, "Tt"),
    "ibid": (("bid.",), 1, 1, "Ii"),
}


#: Literals of a table row found by one regex search instead of one ``str.find`` pass each: rare
#: anchors that open with the same character. Their trie (``h(?:e (?:said|...)|is same)``) opens
#: with that character, which ``re`` skips to in a tight C loop, while ``str.find`` advances
#: slowly over a text full of the literals' characters (a space, `e`, `s`). Chosen by measurement:
#: for literals that open with a common letter (`esolution`, `ecision`) separate finds are quicker.
SCANNED_TOGETHER: tuple[tuple[str, ...], ...] = (("he said", "he above", "he afore", "he same", "his same"),)


@cache
def _scan_plan(literals: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The literals to find one by one, and one regex for those of :data:`SCANNED_TOGETHER` groups
    that are all among ``literals`` (None when there are none)."""
    together = [lit for group in SCANNED_TOGETHER if set(group) <= set(literals) for lit in group]
    singles = tuple(lit for lit in literals if lit not in together)
    return singles, (re.compile(trie_pattern(together)) if together else None)


def literal_starts(text: str, literals: tuple[str, ...], begin: int = 0) -> list[int]:
    """Every offset at or after ``begin`` where one of ``literals`` starts, overlapping ones too.

    Offsets come literal by literal (those of a :data:`SCANNED_TOGETHER` group last, in text
    order), each once per literal that starts there.
    """
    singles, together = _scan_plan(literals)
    find = text.find
    out: list[int] = []
    for lit in singles:
        i = find(lit, begin)
        while i >= 0:
            out.append(i)
            i = find(lit, i + 1)
    if together is not None:
        search = together.search
        m = search(text, begin)
        while m:
            i = m.start()
            out.append(i)
            m = search(text, i + 1)
    return out


#: The trigger patterns whose match never starts right after a character of its ``firsts`` (a
#: look-behind forbids a word character there): of a run of ``firsts`` before an anchor, only the
#: run's first character can open a match (tests/test_citations_anchors.py checks the examples).
RUN_START_ONLY = frozenset({"symbol"})


def trigger_matches(
    regex: re.Pattern[str],
    text: str,
    anchors: tuple[tuple[str, ...], int, int, str],
    run_start_only: bool = False,
) -> list[re.Match[str]]:
    """The matches of ``regex.finditer(text)``, tried only where an anchor allows a match to start.

    ``anchors`` is (literals, lo, hi, firsts): every match opens with ``lo`` to ``hi`` characters
    of ``firsts`` directly followed by one of the literals. With ``run_start_only`` (see
    :data:`RUN_START_ONLY`) a match never starts right after a character of ``firsts``. Returns
    the same non-overlapping matches as ``finditer``, in order.
    """
    literals, lo, hi, firsts = anchors
    match = regex.match
    starts: list[int] = []
    if lo == hi == 1:  # the usual table row: one character of `firsts` right before the literal
        for i in literal_starts(text, literals, 1):
            if text[i - 1] in firsts:
                starts.append(i - 1)
    else:
        for i in literal_starts(text, literals):
            s = i - 1  # walk back over the characters that may open a match
            floor = i - hi if i > hi else 0
            if run_start_only:
                while s >= floor and text[s] in firsts:
                    s -= 1
                # the run of `firsts` opens at s + 1: a start when no character of `firsts` is before it
                if s + 1 <= i - lo and (s < 0 or text[s] not in firsts):
                    starts.append(s + 1)
            else:
                while s >= floor and text[s] in firsts:
                    if s <= i - lo:
                        starts.append(s)
                    s -= 1
    out: list[re.Match[str]] = []
    end = 0
    for s in sorted(set(starts)):
        if s < end:  # as finditer: no match starts inside the one before
            continue
        m = match(text, s)
        if m:
            out.append(m)
            end = m.end()
    return out


class _Excluded:
    """Membership test for a set of (start, end) spans, in O(log n): merged and bisected."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.end = merged[-1][1] if merged else 0  # nothing at or after it is excluded

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def find_raw(
    text: str, excluded: Sequence[tuple[int, int]] = (), ps: PatternSet | None = None
) -> list[Citation]:
    """Every citation and unresolved short form in ``text``, in reading order.

    Citations that start inside an ``excluded`` span (a header block, a running header) are left
    out before anything can refer back to them.
    """
    ps = ps or load()
    skip = _Excluded(excluded)
    f = _Finder(text, ps)
    order = {"head": 0, "charter_head": 1, "symbol": 2, "short_form": 3, "ibid": 4}
    triggers: list[tuple[int, int, str, re.Match[str]]] = []
    for pid, rank in order.items():
        for m in trigger_matches(ps.patterns[pid].regex, text, TRIGGER_ANCHORS[pid], pid in RUN_START_ONLY):
            triggers.append((m.start(), rank, pid, m))
    triggers.sort(key=itemgetter(0, 1))
    out: list[Citation] = []
    pos = 0
    group = 0
    for start, _, pid, m in triggers:
        if start < pos:
            continue
        if pid in ("short_form", "ibid"):
            if start < skip.end and start in skip:
                continue
            group += 1
            noun = m.group("noun") if pid == "short_form" else "ibid"
            end = m.end()
            pin = f.pinpoint_before(start)
            pm = ps.patterns["pinpoint_after"].regex.match(text, end)
            if pm:
                pin = _pinpoint(pm)
            out.append(Citation.make(start, end, text[start:end], None, None, None, pin, group, noun))
            pos = end
            continue
        if pid == "head":
            items, end = f.head(m)
        elif pid == "symbol":
            items, end = f.symbols(m)
        else:
            items, end = f.charter(m)
        if items and items[0].start < skip.end:  # items come in reading order
            items = [it for it in items if it.start not in skip]
        if not items:
            continue
        group += 1
        for it in items:
            out.append(
                Citation.make(
                    it.start, it.end, text[it.start : it.end], it.kind, it.target, it.date, it.pinpoint, group
                )
            )
        pos = max(end, items[-1].end)
    return out


def furniture_spans(
    text: str, own_symbols: Iterable[str] = (), ps: PatternSet | None = None
) -> list[tuple[int, int]]:
    """Spans of symbols that are page furniture, not citations.

    A line that holds only a symbol is furniture when the symbol is one of ``own_symbols``, or
    stands alone on two or more lines (a running header), or does not continue a sentence
    (a masthead; see :func:`_in_prose`).
    Returns (start, end) spans of those symbols.
    """
    ps = ps or load()
    own = {" ".join(s.split()) for s in own_symbols}
    line = ps.patterns["furniture_symbol_line"].regex
    hits = []
    for start in _lines_with(text, "/"):  # a symbol has a slash; a match is one whole line
        m = line.match(text, start)
        if m:
            hits.append((m.start("symbol"), m.end("symbol"), m.group("symbol")))
    counts: dict[str, int] = {}
    for _, _, sym in hits:
        counts[sym] = counts.get(sym, 0) + 1
    furniture = {sym for sym in counts if sym in own or counts[sym] >= 2}
    return [(s, e) for s, e, sym in hits if sym in furniture or not _in_prose(text, s, e)]


def _lines_with(text: str, literal: str) -> list[int]:
    """Start offsets of the lines of ``text`` that contain ``literal``, in order."""
    starts: list[int] = []
    i = text.find(literal)
    while i >= 0:
        start = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        starts.append(start)
        if end < 0:
            break
        i = text.find(literal, end)
    return starts


def _in_prose(text: str, start: int, end: int) -> bool:
    """True when a line holding only a symbol continues a sentence (a citation wrapped onto its own line).

    That is when the line before ends mid-sentence (a lowercase letter, comma, colon, opening
    parenthesis or dash) or the line after starts with a lowercase letter or a parenthesis.
    """
    line_start = text.rfind("\n", 0, start) + 1
    prev_end = line_start - 1
    before = text[text.rfind("\n", 0, max(prev_end, 0)) + 1 : prev_end].rstrip() if prev_end > 0 else ""
    line_end = text.find("\n", end)
    after = "" if line_end < 0 else text[line_end + 1 : line_end + 2]
    return bool(before and before[-1] in "abcdefghijklmnopqrstuvwxyz,;:(\u2013-") or bool(
        after and (after.islower() or after in "(),.;")
    )


def with_antecedent(c: Citation, target: str, kind: str, antecedent: int) -> Citation:
    """A resolved copy of a short form."""
    return Citation.make(
        c.start, c.end, c.surface, kind, target, c.cited_date, c.pinpoint, c.group, c.short_form, antecedent
    )
