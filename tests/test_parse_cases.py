"""Hard cases written the way real UN letters print them: (raw text, expected fields)."""

from __future__ import annotations

from typing import Any

import pytest

from unletters.normalize import normalize
from unletters.parsing import not_a_letter, parse_letter

JOINT_PDF = """A/75/1014
S/2021/770

United Nations

General Assembly Security Council

Distr.: General
3 September 2021
Original: English

General Assembly
Seventy-fifth session
Agenda items 20, 29 (a) and 73
Culture of peace
Promotion and protection of human rights: human rights questions, including alternative
approaches for improving the effective enjoyment of human rights and fundamental
freedoms
Zone of peace and cooperation of the South Atlantic
Security Council
Seventy-sixth year

Letter dated 2 September 2021 from the Chargé d'affaires a.i. of
the Permanent Mission of the Islamic Republic of Iran to the
United Nations addressed to the Secretary-General
I have the honour to transmit herewith a statement. I should be grateful if the present
letter and its annex could be circulated as a document of the General Assembly, under
agenda items 20, 29 (a) and 73, and of the Security Council.
(Signed) Majid Takht Ravanchi
Ambassador
Chargé d'affaires a.i.

21-12345 (E)    030921    060921
*2112345*
\fA/75/1014
S/2021/770
Annex to the letter dated 2 September 2021 from the Chargé d'affaires a.i.
of the Permanent Mission of the Islamic Republic of Iran to the United
Nations addressed to the Secretary-General
Statement by the Ministry of Foreign Affairs
The Ministry condemns the attack.
(Signed) Mohammad Javad Zarif
Minister for Foreign Affairs of the Islamic Republic
of Iran

2/2
"""

TYPESCRIPT = """UNITED NATIONS

GENERAL
ASSEMBLY

Distr.
GENERAL

A/40/123
5 May 1985

ENGLISH
ORIGINAL: RUSSIAN

Fortieth session
Agenda item 35
QUESTION OF PALESTINE

LETTER DATED 3 MAY 1985 FROM THE PERMANENT REPRESENTATIVE OF THE UNION OF SOVIET
SOCIALIST REPUBLICS TO THE UNITED NATIONS ADDRESSED TO THE SECRETARY-GENERAL
--------------------------------------------------------------------------

I have the honour to transmit the text of a statement. I should be grateful if you
would arrange for the present letter to be circulated as an official document of the
General Assembly under item 35 of the provisional agenda.

(Signed)
Oleg A. TROYANOVSKY

85-12345 3557a (E)
"""

IDENTICAL = """Security Council

Distr.: General
6 May 2020

Original: English

Identical letters dated 5 May 2020 from the Permanent Representative of Armenia to the United Nations addressed to the Secretary-General, the President of the General Assembly and the President of the Security Council

I have the honour to refer to the situation.

(Signed) Mher Margaryan
Ambassador
Permanent Representative
"""

NOTE_VERBALE = """General Assembly

Distr.: General
4 March 2019

Original: Spanish

Tenth emergency special session

Agenda item 5

Illegal Israeli actions in Occupied East Jerusalem and the rest of the Occupied Palestinian Territory

Note verbale dated 3 March 2019 from the Permanent Mission of the Bolivarian Republic of Venezuela to the United Nations addressed to the Secretary-General

The Permanent Mission of the Bolivarian Republic of Venezuela to the United Nations presents its compliments to the Secretary-General and would be grateful if the present note verbale could be circulated as a document of the General Assembly under agenda item 5.
"""

GROUP = """A/76/333

General Assembly

Distr.: General
1 October 2021
Original: English

Seventy-sixth session
Item 18 of the preliminary list*

Macroeconomic policy questions

Letter dated 30 September 2021 from the Chair of the Group of 77 and China addressed to the Secretary-General

On behalf of the Group of 77 and China, I have the honour to transmit the ministerial declaration.

(Signed) Ahmed Mohamed
Chair of the Group of 77 and China
"""

MULTI = """S/2022/10

Security Council

Distr.: General
7 January 2022

Original: English

Letter dated 6 January 2022 from the Permanent Representatives of Armenia, France and Ghana to the United Nations addressed to the President of the Security Council

We have the honour to inform you of the following.

(Signed) Mher Margaryan
Permanent Representative of Armenia to the United Nations

(Signed) Nicolas de Rivière
Permanent Representative of France to the United Nations

(Signed) Harold Agyeman
Permanent Representative of Ghana to the United Nations

Annex I

Joint statement

The three States agree.

Annex II

Programme of the meeting

Enclosure

Map
"""

SG = """Security Council

Distr.: General
2 June 2015

Original: English

Letter dated 1 June 2015 from the Secretary-General addressed to the President of the Security Council

I have the honour to refer to resolution 2100 (2013).

(Signed) BAN Ki-moon
"""

OLD_BY = """SECURITY COUNCIL

Distr. GENERAL

S/4321
12 June 1960

ORIGINAL: FRENCH

LETTER DATED 10 JUNE 1960 ADDRESSED TO THE SECRETARY-GENERAL BY THE REPRESENTATIVE OF FRANCE

I have the honour to inform you.

(Signed) Armand BERARD
"""

UNKNOWN_STATE = """General Assembly

Distr.: General
2 September 2021

Original: English

Seventy-fifth session

Agenda item 40

Some item

Letter dated 2 September 2021 from the Permanent Representative of Ruritania to the United Nations addressed to the Secretary-General

I have the honour to refer to agenda item 40.

(Signed) Rudolf Rassendyll
Permanent Representative
"""


def _parse(raw: str) -> tuple[str, dict[str, Any]]:
    text = normalize(raw).text
    assert not_a_letter(text) is None
    return text, parse_letter(text)


def test_joint_pdf_wrapped_heading_and_annex() -> None:
    text, r = _parse(JOINT_PDF)
    assert r["symbols"] == ["A/75/1014", "S/2021/770"]
    assert (r["organ"], r["organs"]) == ("General Assembly", ["General Assembly", "Security Council"])
    assert (r["session"], r["sc_year"], r["special_session"]) == (75, 76, None)
    assert r["agenda_items"] == [
        {"number": "20", "title": "Culture of peace"},
        {
            "number": "29 (a)",
            "title": "Promotion and protection of human rights: human rights questions, including "
            "alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms",
        },
        {"number": "73", "title": "Zone of peace and cooperation of the South Atlantic"},
    ]
    assert r["title"] == (
        "Letter dated 2 September 2021 from the Chargé d'affaires a.i. of the Permanent Mission of the "
        "Islamic Republic of Iran to the United Nations addressed to the Secretary-General"
    )
    assert (r["sender_role"], r["sender_state"], r["sender_iso3"]) == (
        "Chargé d'affaires a.i.",
        "Iran (Islamic Republic of)",
        "IRN",
    )
    assert r["addressees"] == ["Secretary-General"]
    assert [(s["name"], s["titles"], s["part"]) for s in r["signatories"]] == [
        ("Majid Takht Ravanchi", ["Ambassador", "Chargé d'affaires a.i."], "body"),
        ("Mohammad Javad Zarif", ["Minister for Foreign Affairs of the Islamic Republic of Iran"], "annex"),
    ]
    for s in r["signatories"]:
        assert text[s["start"] : s["end"]] == s["name"]
    (annex,) = r["annexes"]
    assert annex["title"].startswith("Annex to the letter dated 2 September 2021") and annex[
        "title"
    ].endswith("Secretary-General")
    assert text[annex["start"] : annex["end"]].startswith("Annex to the letter")
    assert "2/2" not in text and "2112345" not in text
    assert r["circulation"]["organs"] == ["General Assembly", "Security Council"]
    assert r["circulation"]["agenda_items"] == ["20", "29 (a)", "73"]


def test_typescript_capitals() -> None:
    _, r = _parse(TYPESCRIPT)
    assert r["organ"] == "General Assembly" and r["distribution"] == "General"
    assert (r["symbols"], r["issue_date"], r["original_language"], r["session"]) == (
        ["A/40/123"],
        "1985-05-05",
        "Russian",
        40,
    )
    assert r["agenda_items"] == [{"number": "35", "title": "QUESTION OF PALESTINE"}]
    assert r["title"].startswith(
        "LETTER DATED 3 MAY 1985 FROM THE PERMANENT REPRESENTATIVE OF THE UNION OF SOVIET SOCIALIST"
    )
    assert (r["letter_date"], r["sender_role"], r["sender_state"], r["sender_iso3"]) == (
        "1985-05-03",
        "Permanent Representative",
        "Union of Soviet Socialist Republics",
        "SUN",
    )
    assert r["addressees"] == ["Secretary-General"]
    assert [s["name"] for s in r["signatories"]] == ["Oleg A. TROYANOVSKY"]
    assert r["circulation"]["agenda_items"] == ["35"]


def test_identical_letters_three_addressees() -> None:
    _, r = _parse(IDENTICAL)
    assert r["doc_type"] == "identical_letters" and r["organ"] == "Security Council" and r["session"] is None
    assert r["addressees"] == [
        "Secretary-General",
        "President of the General Assembly",
        "President of the Security Council",
    ]
    assert r["signatories"][0]["titles"] == ["Ambassador", "Permanent Representative"]


def test_note_verbale_emergency_special_session() -> None:
    _, r = _parse(NOTE_VERBALE)
    assert (r["doc_type"], r["sender_role"], r["sender_iso3"]) == ("note_verbale", "Permanent Mission", "VEN")
    assert (r["session"], r["special_session"]) == (None, "ES-10")
    assert r["signatories"] == [] and r["original_language"] == "Spanish"
    assert r["circulation"]["agenda_items"] == ["5"]
    assert not any("Signed" in w for w in r["parse_warnings"])


def test_group_chair() -> None:
    _, r = _parse(GROUP)
    assert (r["sender_role"], r["sender_group"], r["sender_state"], r["sender_states"]) == (
        "Chair",
        "Group of 77 and China",
        None,
        [],
    )
    assert r["agenda_items"] == [{"number": "18", "title": "Macroeconomic policy questions"}]


def test_several_senders_annexes_and_enclosure() -> None:
    text, r = _parse(MULTI)
    assert (r["sender_state"], r["sender_states"], r["sender_iso3s"]) == (
        None,
        ["Armenia", "France", "Ghana"],
        ["ARM", "FRA", "GHA"],
    )
    assert r["sender_role"] == "Permanent Representative"
    assert [s["name"] for s in r["signatories"]] == ["Mher Margaryan", "Nicolas de Rivière", "Harold Agyeman"]
    assert [(a["title"], a["kind"]) for a in r["annexes"]] == [
        ("Annex I", "annex"),
        ("Annex II", "annex"),
        ("Enclosure", "enclosure"),
    ]
    assert r["annexes"][0]["end"] <= r["annexes"][1]["start"] and r["annexes"][2]["end"] == len(text)


def test_letter_from_the_secretary_general() -> None:
    _, r = _parse(SG)
    assert (r["sender_role"], r["sender_states"], r["addressees"]) == (
        "Secretary-General",
        [],
        ["President of the Security Council"],
    )
    assert r["signatories"][0]["titles"] == []


def test_old_form_addressed_by() -> None:
    _, r = _parse(OLD_BY)
    assert (r["sender_role"], r["sender_state"], r["addressees"]) == (
        "Representative",
        "France",
        ["Secretary-General"],
    )
    assert (r["symbols"], r["distribution"], r["original_language"]) == (["S/4321"], "General", "French")


def test_unknown_state_is_null_with_a_warning() -> None:
    _, r = _parse(UNKNOWN_STATE)
    assert r["sender_state"] is None and r["sender_states"] == []
    assert any("Ruritania" in w for w in r["parse_warnings"])


@pytest.mark.parametrize("line", ["A/75/1014–S/2021/770", "A/75/1014-S/2021/770", "A/75/1014 – S/2021/770"])
def test_joint_symbol_one_line(line: str) -> None:
    _, r = _parse(
        IDENTICAL.replace("Security Council\n", f"{line}\n\nGeneral Assembly\nSecurity Council\n", 1)
    )
    assert r["symbols"] == ["A/75/1014", "S/2021/770"]


def test_meeting_record_quoting_a_letter_is_not_a_letter() -> None:
    raw = (
        "S/PV.9000\n\nSecurity Council\nSeventy-seventh year\n9000th meeting\nMonday, 5 May 2022, 10 a.m.\nNew York\n\n"
        "The situation in the Middle East\n\nLetter dated 2 May 2022 from the Permanent Representative of Ukraine to the "
        "United Nations addressed to the President of the Security Council (S/2022/350)\n\n"
        "The meeting was called to order at 10.05 a.m.\n"
    )
    why = not_a_letter(normalize(raw).text)
    assert why is not None and "meeting record" in why


def test_letter_mentioned_in_body_is_not_a_heading() -> None:
    raw = (
        "A/75/PV.10\n\nGeneral Assembly\n\n"
        + "The President: we continue.\n" * 120
        + "Letter dated 2 May 2022 from the Permanent Representative of Ukraine addressed to the Secretary-General\n"
    )
    assert not_a_letter(normalize(raw).text) is not None


def test_signatures_side_by_side() -> None:
    raw = (
        "Security Council\n\nLetter dated 5 May 2020 from the Permanent Representatives of Armenia and France to "
        "the United Nations addressed to the Secretary-General\n\nWe have the honour.\n\n"
        "(Signed) Mher Margaryan          (Signed) Nicolas de Rivière\n"
        "Ambassador                        Ambassador\n"
        "Permanent Representative of Armenia    Permanent Representative of France\n"
    )
    text, r = _parse(raw)
    assert [(s["name"], s["titles"]) for s in r["signatories"]] == [
        ("Mher Margaryan", ["Ambassador", "Permanent Representative of Armenia"]),
        ("Nicolas de Rivière", ["Ambassador", "Permanent Representative of France"]),
    ]
    for s in r["signatories"]:
        assert text[s["start"] : s["end"]] == s["name"]


def test_reflowed_text() -> None:
    raw = (
        "United Nations S/2000/452\n\nSecurity Council Distr.: General 18 May 2000 Original: English\n\n"
        "Letter dated 17 May 2000 from the Permanent Representative of Rwanda to the United Nations addressed to "
        "the President of the Security Council\n\nOn instructions from my Government, I have the honour to forward "
        "the joint statement (see annex).\n\nI would be grateful if this statement could be circulated as a document "
        "of the Security Council.\n\n(Signed) Joseph W. Mutaboba Ambassador Permanent Representative\n\n"
        "Annex to the letter dated 17 May 2000 from the Permanent Representative of Rwanda to the United Nations "
        "addressed to the President of the Security Council\n\nJoint statement on the demilitarization of Kisangani\n"
    )
    _, r = _parse(raw)
    assert (r["symbols"], r["organ"], r["distribution"], r["issue_date"], r["original_language"]) == (
        ["S/2000/452"],
        "Security Council",
        "General",
        "2000-05-18",
        "English",
    )
    assert [(s["name"], s["titles"]) for s in r["signatories"]] == [
        ("Joseph W. Mutaboba", ["Ambassador", "Permanent Representative"])
    ]
    assert [a["title"][:28] for a in r["annexes"]] == ["Annex to the letter dated 17"]
    assert r["circulation"]["organs"] == ["Security Council"]


def test_note_transmitting_a_letter_is_not_a_letter() -> None:
    raw = (
        "A/75/500\n\nGeneral Assembly\n\nDistr.: General\n1 October 2020\n\nOriginal: English\n\n"
        "Note by the Secretary-General\n\nThe Secretary-General has the honour to transmit to the General Assembly "
        "the letter reproduced below, which was received from the Permanent Representative.\n\n"
        "Letter dated 5 May 2020 from the Permanent Representative of Cuba to the United Nations addressed to the "
        "Secretary-General\n\nI have the honour to refer.\n"
    )
    why = not_a_letter(normalize(raw).text)
    assert why is not None and "Note by the Secretary-General" in why


@pytest.mark.parametrize(("written", "iso"), [
    ("2 ſeptember 2021", "2021-09-02"),  # long s
    ("2 Aprıl 2021", "2021-04-02"),  # dotless i, as a Turkish keyboard types it
    ("2 APRİL 2021", "2021-04-02"),  # dotted capital I
    ("April 2, 2021", "2021-04-02"),
    ("2 JUNE 2021", "2021-06-02"),
])
def test_dates_whose_month_matches_only_case_insensitively(written: str, iso: str) -> None:
    # the date regexes match these month names case-insensitively: the month's number must be
    # found for them too (they once raised KeyError, losing the letter as an extraction error)
    from unletters.parsing.common import month_number, parse_date

    assert parse_date(f"Dated {written}, circulated") == iso
    with pytest.raises(KeyError):
        month_number("Sept")
