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
from functools import cache
from importlib import resources
from typing import Any

DATA_FILE = "data/citation_patterns.json"
_REF = re.compile(r"\$(?:\{([a-z_][a-z_0-9]*)\}|([a-z_][a-z_0-9]*))")


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
class PatternSet:
    """Everything the finder needs, compiled."""

    fragments: dict[str, Pattern]
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

    def item_patterns(self) -> tuple[Pattern, ...]:
        """The number forms that may follow a resolution or decision head, in trial order."""
        return tuple(
            self.patterns[i]
            for i in (
                "item_special",
                "item_year_paren",
                "item_roman_paren",
                "item_year_slash",
                "item_session",
            )
        )


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


def _names_alternation(names: list[str]) -> str:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(re.escape(n).replace(r"\ ", "[ \\t\\n]+") for n in ordered)


@cache
def load() -> PatternSet:
    """Load, expand and compile the knowledge file (once per process)."""
    data = raw_data()
    frag_src = {k: v["regex"] for k, v in data["fragments"].items()}

    def compile_entry(ident: str, entry: dict[str, Any], role: str) -> Pattern:
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

    fragments = {k: compile_entry(k, v, "fragment") for k, v in data["fragments"].items()}
    patterns = {p["id"]: compile_entry(p["id"], p, p["role"]) for p in data["patterns"]}

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
    organ_name = re.compile(rf"(?=[{firsts}])(?<![\w-])(?P<organ>{names})(?![\w-])")

    sf = data["short_forms"]["nouns"]
    short_forms = {
        k: ShortForm(k, frozenset(v["kinds"]), int(v["max_distance"]), re.compile(v["competitors"]))
        for k, v in sf.items()
    }
    defaults = {k: v for k, v in data["default_organ_by_form"].items() if k != "description"}
    return PatternSet(
        fragments=fragments,
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
    )


def organ_id(name: str) -> str:
    """The organ id (``ga``, ``sc`` ...) for an organ name as written (whitespace collapsed)."""
    return load().organ_of_name[" ".join(name.split())]
