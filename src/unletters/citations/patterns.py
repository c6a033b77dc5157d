"""The citation knowledge file (``data/citation_patterns.json``), loaded once and compiled.

Regexes are kept as data, built from named fragments (``$year4``, ``$symbol_core`` ...) the way
reporters-db builds its ``$volume $reporter $page`` templates, and every fragment and pattern
carries examples that the test suite checks. This module only reads and compiles; the finder
(:mod:`unletters.citations.find`) and the resolver (:mod:`unletters.citations.resolve`) use it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

DATA_FILE = "data/citation_patterns.json"
_REF = re.compile(r"\$(?:\{([a-z_][a-z_0-9]*)\}|([a-z_][a-z_0-9]*))")
_NAMED_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z_0-9]*)>")
#: the number forms that may follow a resolution or decision head, in trial order
ITEM_IDS = ("item_special", "item_year_paren", "item_roman_paren", "item_year_slash", "item_session")


@dataclass(frozen=True)
class Pattern:
    """One named regex of the knowledge file, expanded and compiled, with its examples."""

    id: str
    role: str
    source: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    form: str | None = None
    example_mode: str = "fullmatch"

    def accepts(self, example: str) -> bool:
        """True when the regex matches ``example`` as its ``example_mode`` demands."""
        if self.example_mode == "match":
            return self.regex.match(example) is not None
        return self.regex.fullmatch(example) is not None


@dataclass(frozen=True)
class Organ:
    """A body whose resolutions and decisions are cited by number.

    ``forms`` maps ``resolution``/``decision`` to a map from number form (``session``,
    ``year_paren``, ...) to a target template, or (for ``council``) to another organ's id.
    """

    id: str
    names: tuple[str, ...]
    resolution_kind: str | None
    forms: dict[str, dict[str, str]]


@dataclass(frozen=True)
class ShortForm:
    """What a short-form noun may refer back to, how far back, and what makes it uncertain."""

    noun: str
    kinds: frozenset[str]
    max_distance: int
    competitors: re.Pattern[str]


@dataclass(frozen=True)
class ItemBranch:
    """One number form inside :attr:`PatternSet.item_any`: its form and where its fields are.

    ``fields`` pairs each named group of the form's own pattern with its group index in the
    combined regex.
    """

    pattern: Pattern
    fields: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PatternSet:
    """Everything the finder needs, compiled."""

    patterns: dict[str, Pattern]
    organs: dict[str, Organ]
    organ_of_name: dict[str, str]
    organ_before: re.Pattern[str]
    organ_after: re.Pattern[str]
    organ_name: re.Pattern[str]
    default_organ: dict[str, dict[str, str]]
    symbol_kinds: tuple[tuple[str, str], ...]
    suffix_spelling: dict[str, str]
    short_forms: dict[str, ShortForm]
    cases: tuple[dict[str, Any], ...]
    ws: re.Pattern[str]
    symbol_core: re.Pattern[str]
    symbol_paren: re.Pattern[str]
    #: the item patterns as one alternation, tried in trial order; ``lastindex`` of a match
    #: picks its branch in ``item_branches``
    item_any: re.Pattern[str]
    item_branches: dict[int, ItemBranch]
    #: what an ``organ_before`` match ends with (before its trailing whitespace), and the most
    #: whitespace-separated words it spans
    organ_tails: tuple[str, ...]
    organ_words: int
    #: every prefix of ``symbol_kinds``, for a quick "none applies"
    symbol_prefixes: tuple[str, ...]
    #: (kind, target template) of each (noun, number form, organ id or None) that has a target;
    #: see :func:`number_targets`
    number_targets: dict[tuple[str, str, str | None], tuple[str, str]]

    @cached_property
    def fragments(self) -> dict[str, Pattern]:
        """The named fragments of the knowledge file, each compiled, with its examples.

        The finder uses a fragment only inside the patterns it is expanded into, so fragments are
        compiled on first use (by the tests of their examples), not when the knowledge is loaded.
        """
        data = raw_data()
        frag_src = {k: v["regex"] for k, v in data["fragments"].items()}
        return {k: _compile_entry(k, v, "fragment", frag_src) for k, v in data["fragments"].items()}

    def item_patterns(self) -> tuple[Pattern, ...]:
        """The number forms that may follow a resolution or decision head, in trial order."""
        return tuple(self.patterns[i] for i in ITEM_IDS)


@cache
def raw_data() -> dict[str, Any]:
    """The knowledge file as parsed JSON."""
    text = resources.files("unletters").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def expand(regex: str, fragments: dict[str, str], _depth: int = 0) -> str:
    """Return ``regex`` with every ``$name`` or ``${name}`` replaced by its fragment (recursively).

    Raises KeyError for an unknown fragment and ValueError for a reference cycle.
    """
    if _depth > 20:
        raise ValueError("fragment references nest too deep (a cycle?)")
    if "$" not in regex:
        return regex

    def sub(m: re.Match[str]) -> str:
        return "(?:" + expand(fragments[m.group(1) or m.group(2)], fragments, _depth + 1) + ")"

    return _REF.sub(sub, regex)


def _names_alternation(names: list[str], word_start: bool = False) -> str:
    """The names as one alternation, longest first, any whitespace run between their words.

    With ``word_start`` every branch opens with its first character as a literal and then looks
    back for a word start (``(?<![\\w-])``); a regex that opens with such an alternation lets
    Python's ``re`` skip ahead over the text to the names' first characters.
    """
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    out = []
    for n in ordered:
        rest = re.escape(n[1:]).replace(r"\ ", "[ \\t\\n]+")
        first = re.escape(n[0])
        out.append(f"{first}(?<![\\w-]{first}){rest}" if word_start else first + rest)
    return "|".join(out)


def number_targets(
    organs: dict[str, Organ], defaults: dict[str, dict[str, str]]
) -> dict[tuple[str, str, str | None], tuple[str, str]]:
    """(kind, target template) of every (noun, number form, organ) whose number has a target.

    Organ None stands for a text that names none: the default organ of the form. An organ whose
    template is another organ's id (``Council`` alone) takes that organ's template and kind.
    A decision's kind is ``decision``; a resolution's is its organ's ``resolution_kind``.
    """
    forms = {f for o in organs.values() for by_form in o.forms.values() for f in by_form}
    out: dict[tuple[str, str, str | None], tuple[str, str]] = {}
    for noun in ("resolution", "decision"):
        for form in sorted(forms):
            for organ in (None, *organs):
                oid = organ if organ is not None else defaults.get(noun, {}).get(form)
                if oid is None:
                    continue
                tmpl = organs[oid].forms.get(noun, {}).get(form)
                if tmpl is not None and "/" not in tmpl:  # a pointer to the organ the form belongs to
                    oid = tmpl
                    tmpl = organs[oid].forms.get(noun, {}).get(form)
                kind = "decision" if noun == "decision" else organs[oid].resolution_kind
                if tmpl is not None and kind is not None:
                    out[(noun, form, organ)] = (kind, tmpl)
    return out


def _item_alternation(items: list[Pattern]) -> tuple[re.Pattern[str], dict[int, ItemBranch]]:
    """One regex trying ``items`` in order at a position, and where each branch's fields are.

    Each item's regex becomes a capturing branch with its named groups unnamed (names must be
    unique in one regex); the group numbers are recovered from the item's own compiled regex.
    """
    parts: list[str] = []
    branches: dict[int, ItemBranch] = {}
    offset = 0
    for item in items:
        if "(?P=" in item.source:
            raise ValueError(f"{item.id}: a back-reference by name cannot be combined")
        parts.append("(" + _NAMED_GROUP.sub("(", item.source) + ")")
        fields = tuple((name, offset + 1 + index) for name, index in item.regex.groupindex.items())
        branches[offset + 1] = ItemBranch(item, fields)
        offset += 1 + item.regex.groups
    combined = re.compile("|".join(parts))
    if combined.groups != offset:
        raise ValueError("item patterns: group numbering of the combined regex is off")
    return combined, branches


def _compile_entry(ident: str, entry: dict[str, Any], role: str, frag_src: dict[str, str]) -> Pattern:
    """The :class:`Pattern` of one fragment or pattern entry of the knowledge file, compiled."""
    source = expand(entry["regex"], frag_src)
    return Pattern(
        ident,
        entry.get("role", role),
        source,
        re.compile(source),
        tuple(entry.get("examples", ())),
        tuple(entry.get("counterexamples", ())),
        entry.get("form"),
        entry.get("example_mode", "fullmatch"),
    )


@cache
def load() -> PatternSet:
    """Load, expand and compile the knowledge file (once per process)."""
    data = raw_data()
    frag_src = {k: v["regex"] for k, v in data["fragments"].items()}
    patterns = {p["id"]: _compile_entry(p["id"], p, p["role"], frag_src) for p in data["patterns"]}

    organs: dict[str, Organ] = {}
    organ_of_name: dict[str, str] = {}
    for o in data["organs"]:
        organs[o["id"]] = Organ(o["id"], tuple(o["names"]), o.get("resolution_kind"), o["forms"])
        for name in o["names"]:
            organ_of_name[" ".join(name.split())] = o["id"]
    names = _names_alternation(list(organ_of_name))
    ws = frag_src["ws"]
    # the lookahead on a name's first character lets the engine reject most offsets at once
    firsts = re.escape("".join(sorted({name[0] for name in organ_of_name})))
    organ_before = re.compile(
        rf"(?=[tT{firsts}])(?<![\w-])(?:(?:the|The|THE){ws})?(?P<organ>{names})(?:['’]s)?{ws}\Z"
    )
    organ_after = re.compile(rf",?{ws}(?:of|by){ws}the{ws}(?P<organ>{names})(?![\w-])")
    # searched over a whole sentence: each name opens with a literal so that the scan skips ahead
    organ_name = re.compile(rf"(?P<organ>{_names_alternation(list(organ_of_name), True)})(?![\w-])")
    item_any, item_branches = _item_alternation([patterns[i] for i in ITEM_IDS])

    sf = data["short_forms"]["nouns"]
    short_forms = {
        k: ShortForm(k, frozenset(v["kinds"]), int(v["max_distance"]), re.compile(v["competitors"]))
        for k, v in sf.items()
    }
    defaults = {k: v for k, v in data["default_organ_by_form"].items() if k != "description"}
    return PatternSet(
        patterns=patterns,
        organs=organs,
        organ_of_name=organ_of_name,
        organ_before=organ_before,
        organ_after=organ_after,
        organ_name=organ_name,
        default_organ=defaults,
        symbol_kinds=tuple((e["prefix"], e["kind"]) for e in data["symbol_kinds"]),
        suffix_spelling=dict(data["suffix_spelling"]),
        short_forms=short_forms,
        cases=tuple(data["cases"]),
        ws=re.compile(expand("$ws", frag_src)),
        symbol_core=re.compile(expand(r"$symbol_core(?!\w|/\w)", frag_src)),
        symbol_paren=re.compile(expand("$symbol_paren", frag_src)),
        item_any=item_any,
        item_branches=item_branches,
        organ_tails=tuple(sorted({n.split()[-1] for n in organ_of_name} | {"'s", "’s"})),
        organ_words=1 + max(len(n.split()) for n in organ_of_name),
        symbol_prefixes=tuple(e["prefix"] for e in data["symbol_kinds"]),
        number_targets=number_targets(organs, defaults),
    )


def organ_id(name: str) -> str:
    """The organ id (``ga``, ``sc`` ...) for an organ name as written (whitespace collapsed)."""
    return load().organ_of_name[" ".join(name.split())]
