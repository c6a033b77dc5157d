"""Fast paths of the entities stage against their plain forms, on random input.

Each test fails when the fast path and the plain form disagree on some input.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from unletters.entities import COLUMNS, _find, _resolve, _resolve_run, _roles, extract_entities, role_rule
from unletters.entities._scan import Candidate
from unletters.entities.persons import signatory_candidates, unify_names
from unletters.spans import heading_span, locate

_TYPES = ("STATE", "PLACE", "PERSON", "ORGANIZATION", None)


def _plain_resolve(cands: list[Candidate]) -> list[Candidate]:
    """``_resolve`` as a loop that grows each run a candidate at a time (the plain form)."""
    cands = sorted(cands, key=lambda c: (c.start, c.end))
    kept: list[Candidate] = []
    i = 0
    while i < len(cands):
        stop = cands[i].end
        j = i + 1
        while j < len(cands) and cands[j].start < stop:
            stop = max(stop, cands[j].end)
            j += 1
        kept += _resolve_run(cands[i:j])
        i = j
    return kept


_candidates = st.lists(
    st.builds(
        lambda start, length, type_, rank, name: Candidate(
            start, start + length, type_, None, name, None, "rule", rank
        ),
        st.integers(0, 40),
        st.integers(-2, 9),  # empty and inverted spans too
        st.sampled_from(_TYPES),
        st.integers(0, 8),
        st.sampled_from(("A", "B")),
    ),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(_candidates)
def test_resolve_equals_the_plain_run_loop(cands: list[Candidate]) -> None:
    assert _resolve(list(cands)) == _plain_resolve(cands)


_role_candidates = st.lists(
    st.builds(
        lambda start, length, type_, subtype, name, iso3: Candidate(
            start, start + length, type_, subtype, name, iso3, "rule", 1
        ),
        st.integers(0, 30),
        st.integers(0, 6),
        st.sampled_from(_TYPES),
        st.sampled_from((None, "ADJECTIVAL")),
        st.sampled_from(("United Nations", "G", "Security Council", "A")),
        st.sampled_from((None, "AZE", "ARM")),
    ),
    max_size=25,
)


@settings(max_examples=1000, deadline=None)
@given(
    _role_candidates,
    _role_candidates,
    st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 30))),
    st.booleans(),
    st.sampled_from(("", "G")),
)
def test_roles_equal_the_plain_role_loop(
    kept: list[Candidate],
    signatories: list[Candidate],
    heading: tuple[int, int] | None,
    in_order: bool,
    group: str,
) -> None:
    if heading is not None:  # candidates with a role at the heading's edges, where a bisection may err
        kinds = [("STATE", "AZE", "A"), ("ORGANIZATION", None, "G"), ("ORGANIZATION", None, "A")]
        for at in (heading[0], heading[1] - 1, heading[1]):
            kept = kept + [Candidate(at, at + 2, t, None, name, iso3, "rule", 1) for t, iso3, name in kinds]
    if in_order:  # as ``_find`` returns them; else the fallback for any order
        kept = sorted(kept, key=lambda c: c.start)
    text = "x" * 6 + " addressed to " + "y" * 20
    doc = {"text": text, "sender_iso3s": ["AZE"], "sender_group": group}
    signatories = signatories + [c for c in kept[:3] if c.type == "PERSON"]
    # the plain form: the rule asked of every candidate
    assert _roles(doc, kept, heading, signatories) == list(map(role_rule(doc, heading, signatories), kept))


def _plain_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """``extract_entities`` built a row at a time with ``spans.locate`` (the plain form)."""
    text = doc["text"]
    heading = heading_span(doc)
    signatories = signatory_candidates(doc, text)
    kept = _find(text, heading[0] if heading else 0, signatories)
    roles = list(map(role_rule(doc, heading, signatories), kept))
    rows = []
    for i, (c, role) in enumerate(zip(kept, roles, strict=True), 1):
        part, annex_index, page = locate(doc, c.start)
        row = {"entity_id": f"{doc['doc_id']}/e{i}", "doc_id": doc["doc_id"], "start": c.start, "end": c.end}
        row.update(surface=text[c.start : c.end], type=c.type, subtype=c.subtype, canonical=c.canonical)
        row.update(iso3=c.iso3, method=c.method)
        row.update(role=role, part=part, annex_index=annex_index, page=page)
        rows.append(row)
    return rows


def test_rows_equal_the_plain_row_loop() -> None:
    from letter_gen import FAMILIES, generate

    from unletters.pipeline import process

    checked = 0
    for k, family in enumerate(FAMILIES):
        for seed in range(3):
            raw, _ = generate(family, 100 * k + seed)
            res = process(raw.encode(), f"{family}-{seed}.txt", validate=False)
            if res.document is None:
                continue
            doc = res.document
            rows = extract_entities(doc)
            assert rows == _plain_rows(doc), (family, seed)
            assert [list(r) for r in rows] == [list(COLUMNS)] * len(rows)
            checked += len(rows)
    assert checked > 100


def test_the_title_pattern_matches_only_at_a_title_first_character() -> None:
    # title_candidates tries the pattern after a title only where _title_first_chars allows
    import random

    from unletters.entities.persons import _knowledge, _title_first_chars, load_json

    title_re = _knowledge()[0]
    data = load_json("person_titles.json")
    titles = data["honorifics"] + data["offices"]
    first_chars = _title_first_chars()
    rng = random.Random(7)
    pieces = [*titles, " ", "\n", "-", "of", "the", "x", "(", ")", ".", "Ms"]
    matched = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for i in range(len(text)):
            if title_re.match(text, i) is not None:
                matched += 1
                assert text[i] in first_chars, (text, i)
    assert matched > 100
    assert {t[0] for t in titles} == first_chars


def _plain_walk(text: str, start: int, end: int, node: Any, out: list[Candidate]) -> None:
    """``_walk`` reading every next token with ``_NEXT`` (the plain form)."""
    from unletters.entities import _NEXT, _language_use

    while True:
        tails, children = node[0], node[1]
        for tail, adjective in tails:
            if not (adjective and _language_use(text, start, end)):
                out.append(Candidate(start, end, *tail))
        m = _NEXT.match(text, end) if children else None
        if m is None:
            return
        node = children.get("'" if m[1] == "’" else m[1])
        if node is None:
            return
        end = m.end()


def test_walk_equals_the_plain_token_walk() -> None:
    import random
    import re

    from unletters.entities import _compiled_trie, _walk

    root = _compiled_trie()
    singles = sorted(w for w, node in root.items() if node[3] is not None)[:40]
    words = [*singles, *(root[w][3] for w in singles), *(f"{w} {root[w][3]}" for w in singles)]
    words += ["General", "Assembly", "Security", "Council", "of", "Republic", "Azerbaijan", "Nations"]
    tricky = [
        " ",
        " ",
        "  ",
        "\n",
        "’",
        "'",
        ",",
        "-",
        "x",
        "²",
        "2",
        "_",
        "é",
        "The",
        "Hague",
        "United",
        "States",
    ]
    pieces = words + tricky
    rng = random.Random(11)
    walked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for m in re.finditer(r"[^\W\d_]+", text):
            node = root.get(m[0])
            if node is None:
                continue
            got: list[Candidate] = []
            plain: list[Candidate] = []
            _walk(text, m.start(), m.end(), node, got)
            _plain_walk(text, m.start(), m.end(), node, plain)
            assert got == plain, (text, m.start())
            walked += len(plain)
    assert walked > 500


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(
            lambda start, type_, name: Candidate(start, start + 3, type_, None, name, None, "rule", 1),
            st.integers(0, 40),
            st.sampled_from(_TYPES),
            st.sampled_from(("Kuleba", "Dmytro Kuleba", "Ana Kuleba", "Aliyev", "X Y")),
        ),
        max_size=12,
    )
)
def test_unify_names_gives_a_surname_its_one_full_name_and_leaves_the_rest(cands: list[Candidate]) -> None:
    got = unify_names(cands)
    assert got is not cands and len(got) == len(cands)
    full = [c.canonical for c in cands if c.type == "PERSON" and " " in c.canonical]
    for before, after in zip(cands, got, strict=True):
        assert after._replace(canonical=before.canonical) == before  # only a canonical name changes
        owners = {n for n in full if n.split(" ")[-1] == before.canonical}
        if before.type == "PERSON" and " " not in before.canonical and len(owners) == 1:
            assert after.canonical == owners.pop()  # "Kuleba" is "Dmytro Kuleba" when he is the only one
        else:
            assert after == before  # no full name, or two that share the surname: unchanged
