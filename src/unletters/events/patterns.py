"""Regex building helpers for the events stage: patterns generated from data, made cheap to scan.

Python's regex engine skips quickly (in C, without starting a match) to the characters of a set
a pattern begins with, or to its literal first character; a pattern that begins with an
assertion (``\\b``, a lookbehind) or a repetition is instead started at every offset of the
text, which costs far more. :func:`led_by` rewrites a pattern to begin with the set of its
possible first characters; :func:`unletters.regex_tools.trie_pattern` (re-exported here) writes a
word list as a trie, so that at each offset only the words going on with the character there are
tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from unletters.regex_tools import ASCII_CASE_FOLDS, trie_pattern

__all__ = ["ASCII_CASE_FOLDS", "led_by", "trie_pattern"]


def led_by(first: Iterable[str], src: str, *, fold_case: bool = False) -> re.Pattern[str]:
    """Return ``src`` compiled so that a search tries it only where a character of ``first`` stands.

    ``first`` must hold every character a match of ``src`` can start with; with ``fold_case``
    (for a ``src`` that starts by ignoring case) both cases of each and :data:`ASCII_CASE_FOLDS`
    are added. The compiled pattern matches that one character, after which a lookbehind steps
    back over it and matches ``src`` from there in a lookahead: each match is one character
    long, starts where ``src`` matches, and holds the groups of ``src``. ``search`` therefore
    finds where ``src`` first matches; ``finditer`` finds every start of a match of ``src``,
    overlapping ones included.
    """
    chars = set(first)
    if fold_case:
        chars |= {c.lower() for c in chars} | {c.upper() for c in chars} | set(ASCII_CASE_FOLDS)
    charset = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"[{charset}](?<=(?={src})(?s:.))")
