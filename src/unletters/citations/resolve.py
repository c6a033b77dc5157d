"""Resolve short forms (`that resolution`, `the said report`, `ibid.`) to their antecedents.

Like eyecite's resolve stage, this runs after finding: a short form takes the target of the
citation it refers back to, or is dropped when that citation is not certain. The antecedent is
certain when the nearest earlier citation group of a kind the noun can name (a resolution for
`that resolution`, a document for `the above-mentioned report`, anything for `ibid.`) is close
enough, cites exactly one target, and no word naming another candidate (`resolution`, `report`
...) stands between it and the short form.
"""

from __future__ import annotations

from collections.abc import Sequence

from unletters.citations.find import Citation, with_antecedent
from unletters.citations.patterns import PatternSet, load


def resolve(citations: Sequence[Citation], text: str, ps: PatternSet | None = None) -> list[Citation]:
    """Return the citations with every short form resolved or dropped, in the same order.

    A resolved short form carries its antecedent's target and kind, and ``antecedent`` = the
    index (in the returned list) of the full citation it ultimately refers to.
    """
    ps = ps or load()
    out: list[Citation] = []
    last_of_kind: dict[str, int] = {}  # kind -> index in `out` of its last citation
    members: dict[int, list[int]] = {}  # group -> indices in `out`
    for c in citations:
        if c.short_form is not None:
            rule = ps.short_forms.get(c.short_form.lower())
            idx = (
                max((last_of_kind[k] for k in rule.kinds if k in last_of_kind), default=None)
                if rule
                else None
            )
            if rule is None or idx is None:
                continue
            ante = out[idx]
            if c.start - ante.end > rule.max_distance:
                continue
            group = [i for i in members[ante.group] if out[i].kind in rule.kinds]
            if len({out[i].target for i in group}) != 1:
                continue
            if rule.competitors.search(text, ante.end, c.start):
                continue
            root = ante.antecedent if ante.antecedent is not None else group[0]
            assert ante.target is not None and ante.kind is not None
            c = with_antecedent(c, ante.target, ante.kind, root)
        n = len(out)
        out.append(c)
        assert c.kind is not None
        last_of_kind[c.kind] = n
        same_group = members.get(c.group)
        if same_group is None:
            members[c.group] = [n]
        else:
            same_group.append(n)
    return out
