"""Generate UN letters with known answers, in every family of UN-FORMATS.md.

``generate(family, seed)`` returns ``(raw_text, expected)``: the raw text as a file would hold it
(converted text, or plain text as pdftotext gives it, page furniture and form feeds included)
and the documents fields the parser must read from it. Everything is drawn from
``random.Random(seed)``: the same seed gives the same letter.

    python tests/letter_gen.py OUT_DIR [--per-family N] [--seed S]

writes ``<family>_<seed>.txt`` and ``<family>_<seed>.json`` (the expected fields) files.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAMILIES = (
    "converted",
    "pdftotext",
    "security_council",
    "joint",
    "identical",
    "note_verbale",
    "typescript",
    "group_chair",
    "multi_sender",
    "annexes",
)

# (form in a heading, canonical name, ISO3, first year, last year) -- DESIGN.md's conventions
STATES: tuple[tuple[str, str, str, int, int], ...] = (
    ("Azerbaijan", "Azerbaijan", "AZE", 1992, 2026),
    ("Armenia", "Armenia", "ARM", 1992, 2026),
    ("France", "France", "FRA", 1946, 2026),
    ("Ghana", "Ghana", "GHA", 1957, 2026),
    ("the Islamic Republic of Iran", "Iran (Islamic Republic of)", "IRN", 1980, 2026),
    ("Iran", "Iran (Islamic Republic of)", "IRN", 1946, 1979),
    ("the Bolivarian Republic of Venezuela", "Venezuela (Bolivarian Republic of)", "VEN", 2000, 2026),
    ("Venezuela", "Venezuela (Bolivarian Republic of)", "VEN", 1946, 1999),
    ("the Democratic People's Republic of Korea", "Democratic People's Republic of Korea", "PRK", 1991, 2026),
    ("the Russian Federation", "Russian Federation", "RUS", 1992, 2026),
    (
        "the United Kingdom of Great Britain and Northern Ireland",
        "United Kingdom of Great Britain and Northern Ireland",
        "GBR",
        1946,
        2026,
    ),
    ("the United States of America", "United States of America", "USA", 1946, 2026),
    ("the Syrian Arab Republic", "Syrian Arab Republic", "SYR", 1961, 2026),
    ("the Republic of Moldova", "Republic of Moldova", "MDA", 1992, 2026),
    ("the Democratic Republic of the Congo", "Democratic Republic of the Congo", "COD", 1997, 2026),
    ("the Congo", "Congo", "COG", 1960, 2026),
    ("the Sudan", "Sudan", "SDN", 1956, 2026),
    ("the Niger", "Niger", "NER", 1960, 2026),
    ("Viet Nam", "Viet Nam", "VNM", 1977, 2026),
    ("Côte d'Ivoire", "Côte d'Ivoire", "CIV", 1986, 2026),
    ("Türkiye", "Türkiye", "TUR", 2022, 2026),
    ("Turkey", "Türkiye", "TUR", 1946, 2021),
    ("North Macedonia", "North Macedonia", "MKD", 2019, 2026),
    ("the former Yugoslav Republic of Macedonia", "North Macedonia", "MKD", 1993, 2018),
    ("Eswatini", "Eswatini", "SWZ", 2018, 2026),
    ("Swaziland", "Eswatini", "SWZ", 1968, 2017),
    ("Czechia", "Czechia", "CZE", 2020, 2026),
    ("the Czech Republic", "Czechia", "CZE", 1993, 2019),
    ("Cabo Verde", "Cabo Verde", "CPV", 2014, 2026),
    ("Myanmar", "Myanmar", "MMR", 1989, 2026),
    ("Burma", "Myanmar", "MMR", 1948, 1988),
    ("the Union of Soviet Socialist Republics", "Union of Soviet Socialist Republics", "SUN", 1946, 1991),
    ("Yugoslavia", "Yugoslavia", "YUG", 1946, 1991),
    ("Czechoslovakia", "Czechoslovakia", "CSK", 1946, 1992),
    ("the German Democratic Republic", "German Democratic Republic", "DDR", 1973, 1990),
    ("Zaire", "Zaire", "ZAR", 1971, 1996),
    (
        "the Byelorussian Soviet Socialist Republic",
        "Byelorussian Soviet Socialist Republic",
        "BYS",
        1946,
        1991,
    ),
    ("Japan", "Japan", "JPN", 1956, 2026),
    ("Brazil", "Brazil", "BRA", 1946, 2026),
    ("India", "India", "IND", 1946, 2026),
    ("Pakistan", "Pakistan", "PAK", 1947, 2026),
    ("Egypt", "Egypt", "EGY", 1946, 2026),
    ("Kuwait", "Kuwait", "KWT", 1963, 2026),
    ("Ukraine", "Ukraine", "UKR", 1992, 2026),
    ("Georgia", "Georgia", "GEO", 1992, 2026),
    ("Israel", "Israel", "ISR", 1949, 2026),
    ("Lebanon", "Lebanon", "LBN", 1946, 2026),
    ("Cuba", "Cuba", "CUB", 1946, 2026),
    ("Mexico", "Mexico", "MEX", 1946, 2026),
    ("Argentina", "Argentina", "ARG", 1946, 2026),
    ("Nigeria", "Nigeria", "NGA", 1960, 2026),
    ("Ethiopia", "Ethiopia", "ETH", 1946, 2026),
    ("the Philippines", "Philippines", "PHL", 1946, 2026),
    ("the Netherlands", "Netherlands (Kingdom of the)", "NLD", 1946, 2026),
    ("Bosnia and Herzegovina", "Bosnia and Herzegovina", "BIH", 1992, 2026),
    ("Trinidad and Tobago", "Trinidad and Tobago", "TTO", 1962, 2026),
    ("Saint Vincent and the Grenadines", "Saint Vincent and the Grenadines", "VCT", 1980, 2026),
    ("the United Republic of Tanzania", "United Republic of Tanzania", "TZA", 1964, 2026),
    ("the Lao People's Democratic Republic", "Lao People's Democratic Republic", "LAO", 1955, 2026),
    ("Bolivia", "Bolivia (Plurinational State of)", "BOL", 1946, 2008),
    ("the Plurinational State of Bolivia", "Bolivia (Plurinational State of)", "BOL", 2009, 2026),
    ("Qatar", "Qatar", "QAT", 1971, 2026),
    ("Kazakhstan", "Kazakhstan", "KAZ", 1992, 2026),
)
OBSERVERS = (
    ("the State of Palestine", "State of Palestine", "PSE", 2013, 2026),
    ("the Holy See", "Holy See", "VAT", 1964, 2026),
)
GROUPS = (
    "Group of 77 and China",
    "Group of Arab States",
    "African Group",
    "Organization of Islamic Cooperation Group",
    "Group of Least Developed Countries",
    "Coordinating Bureau of the Movement of Non-Aligned Countries",
    "Group of Landlocked Developing Countries",
)
FIRST = (
    "Yashar",
    "Maria Fernanda",
    "Kyaw Moe",
    "Vassily",
    "Juan Ramón",
    "Tijjani",
    "Mohammed",
    "Amina",
    "Sergiy",
    "Linda",
    "Zhang",
    "Olof",
    "Nathalie",
    "Kwabena",
    "Ana Paula",
    "Dmitry",
    "Hiroshi",
    "Fatima",
    "Jean-Claude",
    "Nguyen Thi",
    "Mher",
    "Kaha",
    "Gilad",
    "Aurelio",
    "Mariam",
    "Pedro Luis",
)
LAST = (
    "Aliyev",
    "Espinosa Garcés",
    "Tun",
    "Nebenzia",
    "de la Fuente Ramírez",
    "Muhammad-Bande",
    "Alaqeel",
    "Mohammed",
    "Kyslytsya",
    "Thomas-Greenfield",
    "Jun",
    "Skoog",
    "Broadhurst Estival",
    "Amoako",
    "Costa",
    "Polyanskiy",
    "Ishikane",
    "Al-Thani",
    "Bouchard",
    "Hoa",
    "Margaryan",
    "Imnadze",
    "Erdan",
    "Fernández",
    "Nasser",
    "O'Brien",
)
TYPESCRIPT_NAMES = (
    "Yuri V. DUBININ",
    "Oleg A. TROYANOVSKY",
    "Jeane J. KIRKPATRICK",
    "Abdalla Salih ASHTAL",
    "Mohamed BEDJAOUI",
    "Jacques LEPRETTE",
    "Ivo MARGAN",
    "Harald ROSE",
    "Ricardo ALARCON DE QUESADA",
)
AGENDA_TITLES = (
    "The situation in the Middle East",
    "Question of Palestine",
    "The situation in the occupied territories of Azerbaijan",
    "Protracted conflicts in the GUAM area and their implications for international peace, security and development",
    "Promotion and protection of human rights: human rights questions, including alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms",
    "Report of the Security Council",
    "Culture of peace",
    "Prevention of armed conflict",
    "Measures to eliminate international terrorism",
    "Elimination of racism, racial discrimination, xenophobia and related intolerance",
    "Strengthening of the coordination of humanitarian and disaster relief assistance of the United Nations, including special economic assistance",
    "Maintenance of international peace and security",
    "Sustainable development",
    "General and complete disarmament",
    "Right of peoples to self-determination",
    "Report of the Human Rights Council",
    "Situation of human rights in the Democratic People's Republic of Korea",
    "Question of Cyprus",
    "Comprehensive review of the whole question of peacekeeping operations in all their aspects",
    "Zone of peace and cooperation of the South Atlantic",
    "Oceans and the law of the sea",
    "Follow-up to the outcome of the Millennium Summit",
)
HRC_TITLES = (
    "Human rights situations that require the Council's attention",
    "Promotion and protection of all human rights, civil, political, economic, social and cultural rights, including the right to development",
    "Human rights situation in Palestine and other occupied Arab territories",
    "Annual report of the United Nations High Commissioner for Human Rights and reports of the Office of the High Commissioner and the Secretary-General",
)
ECOSOC_TITLES = (
    "Coordination, programme and other questions",
    "Economic and environmental questions: sustainable development",
    "Implementation of the Declaration on the Granting of Independence to Colonial Countries and Peoples by the specialized agencies",
)
TYPESCRIPT_TITLES = (
    "QUESTION OF PALESTINE",
    "THE SITUATION IN THE MIDDLE EAST",
    "HUMAN RIGHTS QUESTIONS",
    "POLICIES OF APARTHEID OF THE GOVERNMENT OF SOUTH AFRICA",
    "GENERAL AND COMPLETE DISARMAMENT",
    "QUESTION OF CYPRUS",
    "THE SITUATION IN KAMPUCHEA",
    "IMPLEMENTATION OF THE DECLARATION ON THE STRENGTHENING OF INTERNATIONAL SECURITY",
    "REVIEW OF THE IMPLEMENTATION OF THE DECLARATION ON THE GRANTING OF INDEPENDENCE TO COLONIAL COUNTRIES AND PEOPLES",
)
ANNEX_TITLES = (
    "Statement by the Ministry of Foreign Affairs of {state}",
    "Joint communiqué on the outcome of the meeting of the ministers for foreign affairs",
    "Declaration adopted at the summit held in {city} on {date}",
    "Report on violations of the ceasefire regime",
    "Information note on the humanitarian situation",
    "Final communiqué of the annual coordination meeting",
)
CITIES = (
    "Baku",
    "Geneva",
    "New York",
    "Addis Ababa",
    "Vienna",
    "Nairobi",
    "Doha",
    "Havana",
    "Jakarta",
    "Lima",
)
BODY = (
    "The Government of {state} has consistently supported the efforts of the United Nations to maintain international peace and security in the region.",
    "On {date}, the armed forces conducted an operation in the border area, which resulted in the destruction of civilian infrastructure.",
    "In line with Security Council resolutions {sc1} and {sc2}, the international community has repeatedly called for the cessation of hostilities.",
    "The General Assembly, in its resolution {ga}, reaffirmed its commitment to the sovereignty and territorial integrity of all States.",
    "My Government remains committed to a peaceful settlement of the conflict through negotiations conducted in good faith.",
    "These actions constitute a flagrant violation of international law, including international humanitarian law, and of the Charter of the United Nations.",
    "The delegation of {state} participated in the consultations held in {city} from {date} and presented its position on the matters under consideration.",
    "We call upon the Secretary-General to take all necessary measures to ensure the full implementation of the relevant resolutions.",
    "It should be recalled that the parties signed a trilateral statement on {date}, which provides for the complete cessation of all military activities.",
    "The report of the Secretary-General contained in document {doc} provides a detailed account of the developments.",
    "Despite these efforts, the humanitarian situation continues to deteriorate, and the number of internally displaced persons has increased considerably.",
    "The meeting of the ministers was held in {city} on {date} and adopted a declaration on regional cooperation and development.",
)
ES_TITLES = (
    "Illegal Israeli actions in Occupied East Jerusalem and the rest of the Occupied Palestinian Territory",
    "Letter dated 28 February 2022 from the Permanent Representative of Ukraine to the United Nations addressed to the Secretary-General",
)
SUB_ITEMS = "abcdefg"


def _hyphen_keep() -> frozenset[str]:
    from unletters.normalize import furniture_data

    return frozenset(furniture_data()["hyphen_keep_prefixes"]["values"])


def _ordinal(n: int) -> str:
    units = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    teens = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ]
    tens_ord = {
        2: "twentieth",
        3: "thirtieth",
        4: "fortieth",
        5: "fiftieth",
        6: "sixtieth",
        7: "seventieth",
        8: "eightieth",
        9: "ninetieth",
    }
    tens_card = {
        2: "twenty",
        3: "thirty",
        4: "forty",
        5: "fifty",
        6: "sixty",
        7: "seventy",
        8: "eighty",
        9: "ninety",
    }
    if n < 10:
        return units[n]
    if n < 20:
        return teens[n - 10]
    t, u = divmod(n, 10)
    return tens_ord[t] if u == 0 else f"{tens_card[t]}-{units[u]}"


def _date_words(d: datetime.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


@dataclass
class Sender:
    heading: str  # the `from ...` part of the heading (without `from `)
    role: str | None
    states: list[tuple[str, str, str]]  # (heading form, canonical, iso3)
    group: str | None
    signatures: list[tuple[str, list[str]]]  # (name, titles)
    mission_of: str | None = None  # for notes verbales: `the Permanent Mission of X`


@dataclass
class Spec:
    family: str
    layout: str  # converted | pdf | typescript
    date: datetime.date
    issue: datetime.date
    organs: list[str]
    symbols: list[str]
    joint_symbol_style: str
    distribution: str
    language: str
    session: int | None
    special_session: str | None
    session_line: str | None
    sc_year: int | None
    agenda: list[tuple[str | None, str]]  # (number, title)
    doc_type: str
    sender: Sender
    addressees: list[tuple[str, str]]  # (as written in the heading, canonical)
    body: list[str]
    circulation: tuple[str, list[str], list[str]] | None  # (sentence, organs, items)
    annexes: list[dict[str, Any]] = field(default_factory=list)
    caps_heading: bool = False
    footnote: str | None = None  # the text of footnote 1 (pdf layouts), its mark ends the first paragraph
    hrc: bool = False


class _Gen:
    def __init__(self, family: str, seed: int) -> None:
        self.family = family
        self.r = random.Random(f"{family}:{seed}")

    # --- vocabulary draws -------------------------------------------------------------------
    def state(self, year: int, exclude: set[str] | None = None) -> tuple[str, str, str]:
        pool = [s for s in STATES if s[3] <= year <= s[4] and (not exclude or s[2] not in exclude)]
        s = self.r.choice(pool)
        return s[0], s[1], s[2]

    def name(self, typescript: bool = False) -> str:
        if typescript:
            return self.r.choice(TYPESCRIPT_NAMES)
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def date(self, lo: int, hi: int) -> datetime.date:
        start = datetime.date(lo, 1, 1).toordinal()
        end = datetime.date(hi, 12, 28).toordinal()
        return datetime.date.fromordinal(self.r.randint(start, end))

    def body_sentences(self, year: int, n: int) -> list[str]:
        out = []
        for _ in range(n):
            t = self.r.choice(BODY)
            out.append(
                t.format(
                    state=self.state(year)[0].removeprefix("the "),
                    date=_date_words(self.date(max(1946, year - 3), year)),
                    sc1=f"{self.r.randint(100, 2700)} ({self.r.randint(1946, year)})",
                    sc2=f"{self.r.randint(100, 2700)} ({self.r.randint(1946, year)})",
                    ga=f"{self.r.randint(31, 79)}/{self.r.randint(1, 300)}",
                    city=self.r.choice(CITIES),
                    doc=f"A/{self.r.randint(40, 79)}/{self.r.randint(100, 900)}",
                )
            )
        return out

    # --- the letter ---------------------------------------------------------------------------
    def spec(self) -> Spec:
        r = self.r
        fam = self.family
        typescript = fam == "typescript"
        layout = (
            "typescript"
            if typescript
            else "converted"
            if fam == "converted"
            else "pdf"
            if fam == "pdftotext"
            else r.choice(["converted", "pdf"])
        )
        date = self.date(1950, 1992) if typescript else self.date(1994, 2026)
        issue = date + datetime.timedelta(days=r.randint(0, 12))
        # organ setting
        if fam == "security_council":
            setting = "sc"
        elif fam == "joint":
            setting = "joint"
        elif fam in ("identical", "note_verbale", "group_chair", "multi_sender", "annexes", "typescript"):
            setting = r.choice(
                ["ga", "ga", "sc", "joint"] + (["hrc"] if fam in ("note_verbale", "annexes") else [])
            )
        elif fam == "pdftotext":
            setting = r.choice(["ga", "ga", "hrc", "ecosoc", "ga_es", "sc", "joint"])
        else:
            setting = r.choice(["ga", "ga", "ga", "ga_es", "hrc"])
        session_n = date.year - 1945 if date.month >= 9 else date.year - 1946
        sc_year = date.year - 1945
        organs: list[str] = []
        symbols: list[str] = []
        session: int | None = None
        special: str | None = None
        session_line: str | None = None
        year_n: int | None = None
        agenda: list[tuple[str | None, str]] = []
        hrc = False
        titles_pool = TYPESCRIPT_TITLES if typescript else AGENDA_TITLES

        def ga_agenda(k: int) -> list[tuple[str | None, str]]:
            nums = sorted(r.sample(range(3, 175), k))
            titles = r.sample(titles_pool, k)
            out: list[tuple[str | None, str]] = []
            for n_, t in zip(nums, titles, strict=True):
                sub = r.random() < 0.25
                out.append((f"{n_} ({r.choice(SUB_ITEMS)})" if sub else str(n_), t))
            return out

        n_items = r.choice([1, 1, 1, 2, 3]) if not typescript else r.choice([1, 1, 2])
        if setting in ("ga", "joint", "ga_es"):
            organs.append("General Assembly")
            if setting == "ga_es":
                es = r.choice([7, 8, 9, 10, 11])
                special = f"ES-{es}"
                session_line = f"{_ordinal(es).capitalize()} emergency special session"
                symbols.append(f"A/ES-{es}/{r.randint(100, 999)}")
                agenda = [(str(r.choice([4, 5, 6])), r.choice(ES_TITLES))]
            else:
                session = session_n
                session_line = f"{_ordinal(session_n).capitalize()} session"
                symbols.append(f"A/{session_n}/{r.randint(50, 999)}")
                if typescript and r.random() < 0.3:
                    agenda = [(None, r.choice(titles_pool))]
                else:
                    agenda = ga_agenda(n_items)
        if setting in ("sc", "joint"):
            organs.append("Security Council")
            if typescript and date.year < 1994:
                symbols.append(f"S/{r.randint(1000, 24000)}")
            else:
                symbols.append(f"S/{date.year}/{r.randint(1, 999)}")
            if setting == "joint":
                year_n = sc_year
        if setting == "hrc":
            hrc = True
            hs = r.randint(1, 58)
            organs = ["General Assembly", "Human Rights Council"]
            symbols.append(f"A/HRC/{hs}/G/{r.randint(1, 30)}")
            session = hs
            session_line = f"{_ordinal(hs).capitalize()} session"
            agenda = [(str(r.choice([2, 3, 4, 7, 9])), r.choice(HRC_TITLES))]
        if setting == "ecosoc":
            organs.append("Economic and Social Council")
            symbols.append(f"E/{date.year}/{r.randint(2, 99)}")
            session_line = f"{date.year} session"
            agenda = [(f"{r.randint(5, 19)} ({r.choice(SUB_ITEMS)})", r.choice(ECOSOC_TITLES))]
        if fam == "converted" and r.random() < 0.5:
            symbols = []
        language = r.choice(["English"] * 4 + ["French", "Spanish", "Russian", "Arabic", "Chinese"])
        if typescript:
            language = r.choice(["Russian", "French", "English", "Spanish"])
        distribution = r.choice(["General"] * 6 + ["Limited"])

        doc_type = (
            "identical_letters"
            if fam == "identical"
            else "note_verbale"
            if fam == "note_verbale"
            else "letter"
        )
        sender = self.sender(date, doc_type, typescript)
        addressees = self.addressees(setting, doc_type)
        body = self.body_sentences(date.year, r.randint(3, 8))
        circ = self.circulation(setting, organs, agenda, doc_type, sender, typescript)
        spec = Spec(
            family=fam,
            layout=layout,
            date=date,
            issue=issue,
            organs=organs,
            symbols=symbols,
            joint_symbol_style=r.choice(["en", "hyphen", "lines"]),
            distribution=distribution,
            language=language,
            session=session,
            special_session=special,
            session_line=session_line,
            sc_year=year_n,
            agenda=agenda,
            doc_type=doc_type,
            sender=sender,
            addressees=addressees,
            body=body,
            circulation=circ,
            caps_heading=typescript and r.random() < 0.6,
            hrc=hrc,
        )
        if layout != "converted" and r.random() < 0.3:
            spec.footnote = r.choice(
                [
                    "See A/{0}/{1}.",
                    "Official Records of the General Assembly, {0}th session, Supplement No. 1.",
                    "A/{0}/{1}-S/{2}/{1}.",
                ]
            ).format(r.randint(40, 79), r.randint(100, 900), date.year)
        if fam == "annexes" or (fam not in ("note_verbale",) and r.random() < 0.2):
            spec.annexes = self.annexes(spec)
        return spec

    def sender(self, date: datetime.date, doc_type: str, typescript: bool) -> Sender:
        r = self.r
        y = date.year
        fam = self.family
        if doc_type == "note_verbale":
            if y >= 2013 and r.random() < 0.15:
                st = r.choice(OBSERVERS)[:3]
                mission = f"the Permanent Observer Mission of {st[0]}"
                return Sender(
                    f"{mission} to the United Nations",
                    "Permanent Observer Mission",
                    [st],
                    None,
                    [],
                    mission_of=mission,
                )
            st = self.state(y)
            mission = f"the Permanent Mission of {st[0]}"
            return Sender(
                f"{mission} to the United Nations", "Permanent Mission", [st], None, [], mission_of=mission
            )
        if fam == "group_chair":
            g = r.choice(GROUPS)
            word = r.choice(["Chair", "Chair", "Chairman"]) if y < 2000 else "Chair"
            name = self.name(typescript)
            return Sender(f"the {word} of the {g}", word, [], g, [(name, [f"{word} of the {g}"])])
        if fam == "multi_sender":
            k = r.choice([2, 2, 3])
            sts: list[tuple[str, str, str]] = []
            for _ in range(k):
                sts.append(self.state(y, {s[2] for s in sts}))
            listing = ", ".join(s[0] for s in sts[:-1]) + f" and {sts[-1][0]}"
            sigs = [
                (self.name(typescript), [f"Permanent Representative of {s[0]} to the United Nations"])
                for s in sts
            ]
            return Sender(
                f"the Permanent Representatives of {listing} to the United Nations",
                "Permanent Representative",
                sts,
                None,
                sigs,
            )
        kind = (
            r.choice(["pr", "pr", "pr", "deputy", "charge", "observer", "sg"])
            if not typescript
            else r.choice(["pr", "pr", "charge", "deputy"])
        )
        if kind == "observer" and y < 2014:
            kind = "pr"
        name = self.name(typescript)
        if kind == "sg":
            return Sender(
                "the Secretary-General", "Secretary-General", [], None, [(name, ["Secretary-General"])]
            )
        if kind == "observer":
            st = r.choice(OBSERVERS)[:3]
            return Sender(
                f"the Permanent Observer of {st[0]} to the United Nations",
                "Permanent Observer",
                [st],
                None,
                [
                    (
                        name,
                        r.choice(
                            [
                                ["Ambassador", "Permanent Observer"],
                                [f"Permanent Observer of {st[0]} to the United Nations"],
                            ]
                        ),
                    )
                ],
            )
        st = self.state(y)
        if kind == "deputy":
            return Sender(
                f"the Deputy Permanent Representative of {st[0]} to the United Nations",
                "Deputy Permanent Representative",
                [st],
                None,
                [
                    (
                        name,
                        r.choice(
                            [
                                ["Deputy Permanent Representative"],
                                ["Ambassador", "Deputy Permanent Representative"],
                            ]
                        ),
                    )
                ],
            )
        if kind == "charge":
            return Sender(
                f"the Chargé d'affaires a.i. of the Permanent Mission of {st[0]} to the United Nations",
                "Chargé d'affaires a.i.",
                [st],
                None,
                [
                    (
                        name,
                        r.choice(
                            [
                                ["Chargé d'affaires a.i."],
                                ["Ambassador", "Chargé d'affaires a.i."],
                                ["Deputy Permanent Representative", "Chargé d'affaires a.i."],
                            ]
                        ),
                    )
                ],
            )
        titles = r.choice(
            [
                ["Ambassador", "Permanent Representative"],
                ["Permanent Representative"],
                [
                    "Ambassador Extraordinary and Plenipotentiary",
                    f"Permanent Representative of {st[0]} to the United Nations",
                ],
                [f"Permanent Representative of {st[0]} to the United Nations"],
            ]
        )
        return Sender(
            f"the Permanent Representative of {st[0]} to the United Nations",
            "Permanent Representative",
            [st],
            None,
            [(name, titles)],
        )

    def addressees(self, setting: str, doc_type: str) -> list[tuple[str, str]]:
        r = self.r
        sg = ("the Secretary-General", "Secretary-General")
        pga = ("the President of the General Assembly", "President of the General Assembly")
        psc = ("the President of the Security Council", "President of the Security Council")
        phrc = ("the President of the Human Rights Council", "President of the Human Rights Council")
        pecosoc = (
            "the President of the Economic and Social Council",
            "President of the Economic and Social Council",
        )
        if doc_type == "identical_letters":
            opts = [[sg, psc], [sg, pga], [sg, pga, psc], [pga, psc]]
            return r.choice(opts)
        if setting == "hrc":
            return r.choice(
                [
                    [phrc],
                    [sg],
                    [
                        (
                            "the United Nations High Commissioner for Human Rights",
                            "United Nations High Commissioner for Human Rights",
                        )
                    ],
                ]
            )
        if setting == "ecosoc":
            return r.choice([[sg], [pecosoc]])
        if setting == "sc":
            return r.choice([[psc], [sg], [psc]])
        if setting == "joint":
            return r.choice([[sg], [psc]])
        return r.choice([[sg], [sg], [pga]])

    def circulation(
        self,
        setting: str,
        organs: list[str],
        agenda: list[tuple[str | None, str]],
        doc_type: str,
        sender: Sender,
        typescript: bool,
    ) -> tuple[str, list[str], list[str]] | None:
        r = self.r
        if r.random() < 0.08:
            return None
        what = "the present note verbale" if doc_type == "note_verbale" else "the present letter"
        if self.family == "annexes":
            what += " and its annexes"
        nums = [a[0] for a in agenda if a[0]]
        c_organs: list[str] = []
        parts: list[str] = []
        if setting in ("ga", "joint", "ga_es", "hrc", "ecosoc"):
            organ = (
                "Human Rights Council"
                if setting == "hrc"
                else "Economic and Social Council"
                if setting == "ecosoc"
                else "General Assembly"
            )
            c_organs.append(organ)
            if nums:
                if typescript and len(nums) == 1 and r.random() < 0.5:
                    under = f" under item {nums[0]} of the provisional agenda"
                else:
                    listing = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + f" and {nums[-1]}"
                    under = f", under agenda item{'s' if len(nums) > 1 else ''} {listing},"
                    if setting != "joint":
                        under = under.rstrip(",")
            else:
                under = ""
                nums = []
            parts.append(f"of the {organ}{under}")
        if setting in ("sc", "joint"):
            c_organs.append("Security Council")
            parts.append("of the Security Council")
        doc = "an official document" if typescript and r.random() < 0.5 else "a document"
        joined = " and ".join(parts)
        if doc_type == "note_verbale":
            mission = (sender.mission_of or "the Permanent Mission")[0].upper() + (sender.mission_of or "")[
                1:
            ]
            sentence = f"{mission} would be grateful if {what} could be circulated as {doc} {joined}."
        else:
            opener = r.choice(
                ["I should be grateful if", "I would be grateful if", "I would appreciate it if"]
            )
            if r.random() < 0.5:
                sentence = f"{opener} {what} could be circulated as {doc} {joined}."
            else:
                sentence = f"{opener} you would have {what} circulated as {doc} {joined}."
        sentence = sentence.replace(", and of", " and of").replace(",.", ".").replace(" ,", ",")
        return sentence, c_organs, nums

    def annexes(self, spec: Spec) -> list[dict[str, Any]]:
        r = self.r
        k = r.choice([1, 1, 2]) if self.family == "annexes" else 1
        y = spec.date.year
        out = []
        roman = ["I", "II", "III"]
        heading_rest = self._heading_rest(spec)
        for i in range(k):
            style = r.choice(["to", "bare", "enclosure"]) if k == 1 else r.choice(["to", "bare"])
            doc_word = {
                "letter": "letter",
                "identical_letters": "identical letters",
                "note_verbale": "note verbale",
            }[spec.doc_type]
            if style == "to":
                num = f" {roman[i]}" if k > 1 else ""
                title = f"Annex{num} to the {doc_word} dated {heading_rest}"
                kind = "annex"
            elif style == "bare":
                title = f"Annex {roman[i]}" if k > 1 else "Annex"
                kind = "annex"
            else:
                title = "Enclosure"
                kind = "enclosure"
            st = self.state(y)
            own = r.choice(ANNEX_TITLES).format(
                state=st[0].removeprefix("the "),
                city=r.choice(CITIES),
                date=_date_words(self.date(max(1946, y - 2), y)),
            )
            sig: tuple[str, list[str]] | None = None
            if r.random() < 0.6:
                sig = (
                    self.name(spec.layout == "typescript"),
                    r.choice(
                        [
                            ["Minister for Foreign Affairs"],
                            ["Head of Delegation"],
                            ["Chair"],
                            ["Minister for Foreign Affairs of the Republic of " + self.r.choice(CITIES)],
                        ]
                    ),
                )
            out.append(
                {
                    "title": title,
                    "kind": kind,
                    "own_title": own,
                    "body": self.body_sentences(y, r.randint(2, 5)),
                    "signature": sig,
                }
            )
        return out

    def _heading_rest(self, spec: Spec) -> str:
        addr = (
            " and ".join(a[0] for a in spec.addressees)
            if len(spec.addressees) < 3
            else ", ".join(a[0] for a in spec.addressees[:-1]) + f" and {spec.addressees[-1][0]}"
        )
        return f"{_date_words(spec.date)} from {spec.sender.heading} addressed to {addr}"


def heading_of(spec: Spec) -> str:
    """The heading as printed (before any capitals or wrapping)."""
    opening = {"letter": "Letter", "identical_letters": "Identical letters", "note_verbale": "Note verbale"}[
        spec.doc_type
    ]
    addr = spec.addressees
    listing = (
        addr[0][0]
        if len(addr) == 1
        else (
            f"{addr[0][0]} and {addr[1][0]}"
            if len(addr) == 2
            else ", ".join(a[0] for a in addr[:-1]) + f" and {addr[-1][0]}"
        )
    )
    return f"{opening} dated {_date_words(spec.date)} from {spec.sender.heading} addressed to {listing}"


# --- rendering ------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, spec: Spec, r: random.Random) -> None:
        self.s = spec
        self.r = r
        self.keep = _hyphen_keep()
        self.width = r.randint(62, 88)
        # converted text sometimes comes reflowed: one line per paragraph, header parts run together
        self.reflow = spec.layout == "converted" and r.random() < 0.25

    def wrap(self, text: str, width: int | None = None, hyphenate: bool = True) -> list[str]:
        """Greedy wrap; sometimes break a long plain word with a hyphen that normalization rejoins."""
        w = width or self.width
        lines: list[str] = []
        cur = ""
        for word in text.split(" "):
            if not cur:
                cur = word
                continue
            if len(cur) + 1 + len(word) <= w:
                cur += " " + word
                continue
            room = w - len(cur) - 2
            if (
                hyphenate
                and self.s.layout != "converted"
                and room >= 3
                and re.fullmatch(r"[a-z]{8,}", word)
                and self.r.random() < 0.5
            ):
                cut = min(room, len(word) - 3)
                head, tail = word[:cut], word[cut:]
                if len(head) >= 3 and head.lower() not in self.keep:
                    lines.append(f"{cur} {head}-")
                    cur = tail
                    continue
            lines.append(cur)
            cur = word
        if cur:
            lines.append(cur)
        return lines

    # header blocks ----------------------------------------------------------------------------
    def symbol_lines(self) -> list[str]:
        s = self.s
        if not s.symbols:
            return []
        if len(s.symbols) == 2:
            if s.joint_symbol_style == "lines":
                return list(s.symbols)
            dash = "\u2013" if s.joint_symbol_style == "en" else "-"
            return [f"{s.symbols[0]}{dash}{s.symbols[1]}"]
        return list(s.symbols)

    def header(self) -> list[str]:
        s = self.s
        if s.layout == "typescript":
            return self.header_typescript()
        if self.reflow:
            return self.header_reflow()
        out: list[str] = []
        sym = self.symbol_lines()
        masthead = s.organs[:1] if s.hrc else s.organs
        if s.layout == "converted":
            out += ["", "", ""]
            if sym:
                out += [*sym, ""]
            out += [*masthead, ""]
            out += [f"Distr.: {s.distribution}", _date_words(s.issue), "", f"Original: {s.language}", ""]
        else:
            if self.r.random() < 0.5 and sym:
                out += [f"United Nations {sym[0]}", *sym[1:], ""]
            else:
                out += ([*sym, ""] if sym else []) + ["United Nations", ""]
            style = self.r.random()
            if len(masthead) == 1 and style < 0.3:
                # two columns read across: `General Assembly Distr.: General`
                out += [
                    f"{masthead[0]} Distr.: {s.distribution}",
                    _date_words(s.issue),
                    f"Original: {s.language}",
                    "",
                ]
            else:
                if len(masthead) == 2 and self.r.random() < 0.5:
                    out += [" ".join(masthead), ""]
                else:
                    out += [*masthead, ""]
                if self.r.random() < 0.5:
                    out += [f"Distr.: {s.distribution}", _date_words(s.issue), f"Original: {s.language}", ""]
                else:
                    out += [
                        f"Distr.: {s.distribution}",
                        _date_words(s.issue),
                        "",
                        f"Original: {s.language}",
                        "",
                    ]
        out += self.session_block()
        return out

    def agenda_lines(self, blank_between: bool) -> list[str]:
        s = self.s
        out: list[str] = []
        nums = [a[0] for a in s.agenda if a[0]]
        if nums:
            listing = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + f" and {nums[-1]}"
            out.append(f"Agenda item{'s' if len(nums) > 1 else ''} {listing}")
            if blank_between:
                out.append("")
        for _, title in s.agenda:
            if s.layout == "converted":
                out.append(title)
            else:
                out += self.wrap(title, self.r.randint(55, 75))
            if blank_between:
                out.append("")
        return out

    def session_block(self) -> list[str]:
        s = self.s
        out: list[str] = []
        blank = s.layout == "converted" or self.r.random() < 0.3
        sep = [""] if blank else []
        if s.hrc:
            out += ["Human Rights Council", *sep, s.session_line or "", *sep]
            if self.r.random() < 0.5:
                a = s.date - datetime.timedelta(days=20)
                out += [
                    f"{a.day} {a.strftime('%B')}–{_date_words(s.date + datetime.timedelta(days=10))}",
                    *sep,
                ]
            out += self.agenda_lines(blank)
            return [*out, ""]
        if "General Assembly" in s.organs and "Security Council" in s.organs:
            out += ["General Assembly", *sep, s.session_line or "", *sep, *self.agenda_lines(blank)]
            out += ["Security Council", *sep, f"{_ordinal(s.sc_year or 0).capitalize()} year", ""]
            return out
        if s.session_line:
            out += [s.session_line, *sep, *self.agenda_lines(blank)]
        return [*out, ""]

    def header_typescript(self) -> list[str]:
        s = self.s
        r = self.r
        out = ["UNITED NATIONS", ""]
        side = len(s.organs) == 2 and r.random() < 0.4
        if side:
            out += ["GENERAL ASSEMBLY SECURITY COUNCIL", ""]
        for o in [] if side else s.organs:
            w = o.upper().split(" ")
            out += [" ".join(w[:-1]), w[-1], ""] if r.random() < 0.6 else [o.upper(), ""]
        out += (
            ["Distr.", s.distribution.upper(), ""]
            if r.random() < 0.7
            else [f"Distr. {s.distribution.upper()}", ""]
        )
        out += [*self.symbol_lines(), _date_words(s.issue), ""]
        if s.language != "English":
            out += ["ENGLISH"]
        out += [f"ORIGINAL: {s.language.upper()}", ""]
        if "General Assembly" in s.organs:
            sl = s.session_line or ""
            sl = sl.upper() if r.random() < 0.4 else sl
            if side:
                out += [f"{sl} {_ordinal(s.sc_year or 0).capitalize()} year"]
            else:
                if "Security Council" in s.organs:
                    out += ["GENERAL ASSEMBLY"]
                out += [sl]
            nums = [a[0] for a in s.agenda if a[0]]
            if nums:
                listing = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + f" and {nums[-1]}"
                out += [
                    r.choice(
                        [
                            f"Agenda item{'s' if len(nums) > 1 else ''} {listing}",
                            f"AGENDA ITEM{'S' if len(nums) > 1 else ''} {listing}",
                        ]
                    )
                ]
            for _, t in s.agenda:
                out += self.wrap(t, 60, hyphenate=False)
            out += [""]
            if "Security Council" in s.organs and not side:
                out += ["SECURITY COUNCIL", f"{_ordinal(s.sc_year or 0).capitalize()} year", ""]
        return out

    # the letter -------------------------------------------------------------------------------
    def heading_lines(self) -> list[str]:
        h = heading_of(self.s)
        if self.s.caps_heading:
            h = h.upper()
        if self.s.layout == "converted":
            return [h]
        lines = self.wrap(h, self.r.randint(50, 72))
        if self.s.layout == "typescript" and self.r.random() < 0.3:
            lines.append("-" * min(60, max(len(x) for x in lines)))
        return lines

    def paragraph(self, text: str) -> list[str]:
        if self.s.layout == "converted":
            return [text]
        return self.wrap(text)

    def header_reflow(self) -> list[str]:
        """Text reflowed into paragraphs (one line each), as some corpora keep UN documents."""
        s = self.s
        masthead = s.organs[:1] if s.hrc else s.organs
        out = ["United Nations " + " ".join(self.symbol_lines()) if s.symbols else "United Nations", ""]
        out += [
            f"{' '.join(masthead)} Distr.: {s.distribution} {_date_words(s.issue)} Original: {s.language}",
            "",
        ]
        nums = [a[0] for a in s.agenda if a[0]]
        listing = ""
        if nums:
            listing = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + f" and {nums[-1]}"
            listing = f" Agenda item{'s' if len(nums) > 1 else ''} {listing}"
        titles = [t for _, t in s.agenda]
        if s.hrc:
            out += [f"Human Rights Council {s.session_line}{listing}", *titles, ""]
        elif "General Assembly" in s.organs and "Security Council" in s.organs:
            out += [f"General Assembly {s.session_line}{listing}", *titles, ""]
            out += [f"Security Council {_ordinal(s.sc_year or 0).capitalize()} year", ""]
        elif s.session_line:
            if len(titles) == 1:
                out += [f"{s.session_line}{listing} {titles[0]}", ""]
            else:
                out += [f"{s.session_line}{listing}", *titles, ""]
        return out

    def signature(self, name: str, titles: list[str]) -> list[str]:
        if self.reflow:
            return [" ".join(["(Signed)", name, *titles])]
        if self.s.layout == "typescript" and self.r.random() < 0.3:
            out = ["(Signed)", name]
        else:
            out = [f"(Signed) {name}"]
        for t in titles:
            if self.s.layout != "converted" and len(t) > 45:
                out += self.wrap(t, 45, hyphenate=False)
            else:
                out.append(t)
        return out

    def body_blocks(self) -> list[list[str]]:
        """Blocks of lines; a page may break only between blocks or inside a body paragraph."""
        s = self.s
        blocks: list[list[str]] = []
        first = s.body[0]
        if s.doc_type == "note_verbale":
            to = s.addressees[0][0]
            m = s.sender.mission_of or "the Permanent Mission"
            first = (
                f"{m[0].upper()}{m[1:]} to the United Nations presents its compliments to {to} and has the honour "
                f"to transmit herewith information on recent developments. {first}"
            )
        else:
            first = (
                self.r.choice(
                    ["I have the honour to", "On instructions from my Government, I have the honour to"]
                )
                + " inform you of the following. "
                + first
            )
        if s.footnote:
            first += "1"
        paras = [first, *s.body[1:]]
        if s.circulation:
            paras.append(s.circulation[0])
        if s.doc_type == "note_verbale":
            m = s.sender.mission_of or "the Permanent Mission"
            paras.append(
                f"{m[0].upper()}{m[1:]} avails itself of this opportunity to renew to {s.addressees[0][0]} "
                "the assurances of its highest consideration."
            )
        for p in paras:
            blocks.append(["body", *self.paragraph(p)])
        sigs = s.sender.signatures
        if (
            s.layout == "pdf"
            and len(sigs) == 2
            and len(sigs[0][1]) == len(sigs[1][1])
            and self.r.random() < 0.4
        ):
            # two signature blocks printed in columns, read across by pdftotext
            pad = " " * self.r.randint(3, 12)
            lines = [f"(Signed) {sigs[0][0]}{pad}(Signed) {sigs[1][0]}"]
            lines += [f"{a}{pad}{b}" for a, b in zip(sigs[0][1], sigs[1][1], strict=True)]
            blocks.append(["sig", *lines])
            sigs = []
        for name, titles in sigs:
            blocks.append(["sig", *self.signature(name, titles)])
        for a in s.annexes:
            title_lines = (
                [a["title"]] if s.layout == "converted" else self.wrap(a["title"], self.r.randint(55, 75))
            )
            blocks.append(["annex", *title_lines])
            blocks.append(["annex", *self.paragraph(a["own_title"])])
            for p in a["body"]:
                blocks.append(["body", *self.paragraph(p)])
            if a["signature"]:
                blocks.append(["sig", *self.signature(*a["signature"])])
        return blocks

    def render(self) -> str:
        s = self.s
        header = self.header()
        heading = self.heading_lines()
        blocks = self.body_blocks()
        if s.layout == "converted":
            out = header + heading + [""]
            for b in blocks:
                out += [*b[1:], ""]
            return "\n".join(out).rstrip("\n") + "\n"
        gap = [] if s.layout == "pdf" and self.r.random() < 0.3 else [""]
        return self.paginate(header + heading + gap, blocks)

    def paginate(self, top: list[str], blocks: list[list[str]]) -> str:
        s = self.s
        r = self.r
        typescript = s.layout == "typescript"
        job = f"{s.issue.year % 100:02d}-{r.randint(10000, 99999)}"
        sym = self.symbol_lines()[0] if self.symbol_lines() else None
        pages: list[list[str]] = [list(top)]
        page_len = r.randint(40, 55)
        for b in blocks:
            kind, lines = b[0], b[1:]
            cur = pages[-1]
            if len(cur) + len(lines) + 1 > page_len and len(cur) > 10:
                if kind == "body" and len(lines) > 3 and r.random() < 0.6:
                    k = r.randint(1, len(lines) - 1)
                    cur += lines[:k]
                    pages.append([*list(lines[k:]), ""])
                    continue
                pages.append([])
                cur = pages[-1]
            cur += [*lines, ""]
        if s.footnote:
            for page in pages:
                if any(re.search(r"\.1(?: |$)", ln) for ln in page):
                    page += ["", *self.wrap(f"1 {s.footnote}", hyphenate=False)]
                    break
        n = len(pages)
        out_pages: list[str] = []
        for i, page in enumerate(pages):
            lines = list(page)
            if i > 0:
                if typescript:
                    lines = ([sym] if sym else []) + ["English", f"Page {i + 1}", ""] + lines
                elif sym:
                    lines = [sym, "", *lines]
            if i == 0:
                if typescript:
                    lines += ["", f"{job} {r.randint(1000, 9999)}{r.choice('abcde')} (E)"]
                elif r.random() < 0.5:
                    lines += [
                        "",
                        f"{job} (E)    {s.issue.strftime('%d%m%y')}    {s.issue.strftime('%d%m%y')}",
                        f"*{job.replace('-', '')}*",
                    ]
                else:
                    # the job-number block as pdftotext often splits it: stamps on lines of their own
                    stamp = s.issue.strftime("%d%m%y")
                    lines += ["", f"{job} (E)", stamp, f"*{job.replace('-', '')}*", stamp]
                    if r.random() < 0.5:
                        lines += ["Please recycle"]
            if i < n - 1 and typescript:
                lines += ["", "/..."]
            if i > 0 and not typescript:
                lines += ["", f"{i + 1}/{n}"]
            out_pages.append("\n".join(lines) + "\n")
        return "\f".join(out_pages)


def expected_of(spec: Spec) -> dict[str, Any]:
    """The documents fields a parser must read from the rendered letter."""
    s = spec
    title = heading_of(s)
    if s.caps_heading:
        title = title.upper()
    sts = s.sender.states
    sigs = [{"name": n, "titles": list(t)} for n, t in s.sender.signatures]
    for a in s.annexes:
        if a["signature"]:
            sigs.append({"name": a["signature"][0], "titles": list(a["signature"][1])})
    organ = "Human Rights Council" if s.hrc else (s.organs[0] if s.organs else None)
    return {
        "symbols": list(s.symbols),
        "organ": organ,
        "organs": list(s.organs),
        "distribution": s.distribution,
        "issue_date": s.issue.isoformat(),
        "original_language": s.language,
        "session": s.session,
        "special_session": s.special_session,
        "sc_year": s.sc_year,
        "agenda_items": [{"number": n, "title": t} for n, t in s.agenda],
        "doc_type": s.doc_type,
        "title": title,
        "letter_date": s.date.isoformat(),
        "sender_role": s.sender.role,
        "sender_state": sts[0][1] if len(sts) == 1 else None,
        "sender_iso3": sts[0][2] if len(sts) == 1 else None,
        "sender_states": [x[1] for x in sts],
        "sender_iso3s": [x[2] for x in sts],
        "sender_group": s.sender.group,
        "addressees": [a[1] for a in s.addressees],
        "signatories": sigs,
        "annexes": [{"title": a["title"], "kind": a["kind"]} for a in s.annexes],
        "footnotes": 1 if s.footnote else 0,
        "circulation": None
        if s.circulation is None
        else {"organs": s.circulation[1], "agenda_items": s.circulation[2]},
    }


def generate(family: str, seed: int) -> tuple[str, dict[str, Any]]:
    """A letter of ``family`` drawn from ``seed``: ``(raw_text, expected_fields)``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    g = _Gen(family, seed)
    spec = g.spec()
    raw = _Renderer(spec, g.r).render()
    return raw, expected_of(spec)


def write(out_dir: Path, per_family: int, seed: int = 0) -> list[Path]:
    """Write ``per_family`` letters of every family (text and expected JSON); returns the text paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fam in FAMILIES:
        for k in range(per_family):
            raw, exp = generate(fam, seed + k)
            p = out_dir / f"{fam}_{seed + k:05d}.txt"
            p.write_text(raw, encoding="utf-8")
            (out_dir / f"{fam}_{seed + k:05d}.json").write_text(
                json.dumps(exp, indent=1, ensure_ascii=False), encoding="utf-8"
            )
            paths.append(p)
    return paths


# ---------------------------------------------------------------- comparing with a parse

#: the documents fields the generator knows the answer of
FIELDS = (
    "symbols",
    "organ",
    "organs",
    "distribution",
    "issue_date",
    "original_language",
    "session",
    "special_session",
    "sc_year",
    "agenda_items",
    "doc_type",
    "title",
    "letter_date",
    "sender_role",
    "sender_state",
    "sender_iso3",
    "sender_states",
    "sender_iso3s",
    "sender_group",
    "addressees",
    "signatories",
    "annexes",
    "circulation",
)


def comparable(name: str, value: object) -> object:
    """The part of a parsed field that the generator knows (spans dropped)."""
    if name == "signatories":
        return [{"name": s["name"], "titles": s["titles"]} for s in value or []]  # type: ignore[union-attr]
    if name == "annexes":
        return [{"title": a["title"], "kind": a["kind"]} for a in value or []]  # type: ignore[union-attr]
    if name == "circulation" and value is not None:
        return {"organs": value["organs"], "agenda_items": value["agenda_items"]}  # type: ignore[index]
    return value


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    n = int(args[args.index("--per-family") + 1]) if "--per-family" in args else 5
    sd = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    print(len(write(Path(args[0]), n, sd)), "letters written")
