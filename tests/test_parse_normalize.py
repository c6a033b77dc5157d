"""Normalization behaviour the parser relies on (changes made for generated pdftotext-style letters)."""

from __future__ import annotations

from unletters.normalize import normalize


def test_page_gap_never_joins_a_heading_to_the_title_above() -> None:
    text = normalize(
        "Agenda item 40\n\nSituation of human rights in the country\n\n\nLetter dated 2 May 2020 from X\n"
    ).text
    assert "country\n\nLetter dated" in text


def test_page_gap_still_joins_a_broken_paragraph() -> None:
    text = normalize("in accordance with Article 51 of the\n\n\n\nCharter of the United Nations.").text
    assert text == "in accordance with Article 51 of the Charter of the United Nations."


def test_word_hyphenated_across_a_page_break_is_rejoined() -> None:
    n = normalize(
        "could be circulated as a doc-\n\n21-12345 (E)\n\fA/75/1\nument of the General Assembly.\n\n2/2\n"
    )
    assert n.text == "could be circulated as a document\nof the General Assembly."
    assert n.page_offsets == (0, len("could be circulated as a document\n"))


def test_compound_split_across_a_page_break_keeps_its_hyphen() -> None:
    assert normalize("the self-\n\fdefence of the State\n").text == "the self-defence\nof the State"


def test_moved_word_leaves_no_empty_line() -> None:
    assert (
        normalize("peace, security and dev-\nelopment\n\nZone of peace").text
        == "peace, security and development\n\nZone of peace"
    )


def test_split_job_number_block_is_removed() -> None:
    n = normalize("Permanent Representative\n\n21-12345 (E)\n030921\n*2112345*\n060921\n")
    assert n.text == "Permanent Representative" and n.furniture_removed == 4


def test_markdown_emphasis_and_heading_marks_are_removed() -> None:
    text = normalize(
        "## **Letter dated 5 May 2020 from the Permanent Representative of Cuba**\n\n3 ** 4\n"
    ).text
    assert text == "Letter dated 5 May 2020 from the Permanent Representative of Cuba\n\n3 ** 4"
