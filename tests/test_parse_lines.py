"""`lines_of` (served from one line index per text) gives the lines a plain scan gives."""

from __future__ import annotations

import itertools

from unletters.parsing.common import Line, _scan_lines, lines_of


def test_lines_of_equals_a_scan_for_every_start_and_end() -> None:
    # every text of up to six characters over `a`, `b` and a line break, every span in it
    for n in range(7):
        for chars in itertools.product("ab\n", repeat=n):
            text = "".join(chars)
            for start in range(n + 1):
                assert lines_of(text, start) == _scan_lines(text, start, n), (text, start)
                for end in range(start, n + 1):
                    assert lines_of(text, start, end) == _scan_lines(text, start, end), (text, start, end)


def test_lines_cut_by_the_span_keep_offsets_into_the_text() -> None:
    text = "Letter dated\nfrom the Permanent\nRepresentative"
    got = lines_of(text, 7, 22)
    assert got == [Line(7, 12, "dated"), Line(13, 22, "from the ")]
    assert all(text[ln.start : ln.end] == ln.text for ln in got)
    assert lines_of(text) == [Line(0, 12, "Letter dated"), Line(13, 31, "from the Permanent"), Line(32, 46, "Representative")]
