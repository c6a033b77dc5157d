"""Regex building helpers shared by the stages: case folds and word lists written as tries.

Python's regex engine skips quickly (in C, without starting a match) to a pattern's literal first
character or to the set it begins with; at each offset a trie tries only the words that go on
with the character there. Tests check :data:`ASCII_FOLDS` against every code point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

#: the characters other than its two cases that an ASCII letter matches when case is ignored
#: (the ``re`` documentation: İ and ı for `i`, ſ for `s`, the Kelvin sign for `k`)
ASCII_FOLDS: dict[str, str] = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
#: those characters, in code-point order
ASCII_CASE_FOLDS = "".join(sorted("".join(ASCII_FOLDS.values())))


def trie_pattern(words: Iterable[str], char_pattern: Callable[[str], str] = re.escape) -> str:
    """A regex matching exactly the (non-empty) ``words``, factored by shared prefixes.

    At each character the engine tries only the branches that go on with that character, not
    every word: the pattern is a trie written as nested alternations. ``char_pattern`` writes
    one character of a word as a regex (by default the character itself).
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [char_pattern(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here, a longer one may go on
            return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)
