"""Generate src/unletters/data/states.json from pycountry and the hand-kept states_extra.json.

Usage: python scripts/make_states.py [--check]

pycountry (ISO 3166-1 and ISO 3166-3) supplies the ISO numeric code (= M49 for current
States) and the ISO short, common and official names, which become aliases (long forms such
as "the Republic of Azerbaijan"). states_extra.json supplies what ISO does not know: the
UN Member States list spelling, membership years, the article, UN-specific and former
names, demonyms and examples. The output is deterministic (sorted, indented): running the
script twice gives identical bytes; tests/test_states.py regenerates it in memory and fails
on drift. No network is needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from unletters.states import fold  # noqa: E402  (one definition of the name key)

DATA = ROOT / "src" / "unletters" / "data"
EXTRA = DATA / "states_extra.json"
OUT = DATA / "states.json"

# A long form takes "the" in running text when it is a descriptive title (it names the
# kind of State): "the Republic of Azerbaijan", "the Swiss Confederation".
_TITLE_WORDS = frozenset(
    {
        "republic", "kingdom", "state", "states", "federation", "commonwealth", "union",
        "principality", "duchy", "sultanate", "emirates", "confederation", "jamahiriya",
    }
)  # fmt: skip

STATUSES = ("member", "observer", "former")


def _takes_article(long_form: str, short_name: str) -> bool:
    """Return True when an ISO official name is a title that takes "the" in running text."""
    if fold(long_form) == fold(short_name):
        return False
    return any(word.casefold() in _TITLE_WORDS for word in long_form.replace(",", " ").split())


def _with_article(form: str, article: bool) -> str:
    """Return the form with a leading "the " when article is True (never doubled)."""
    bare = form[4:] if form.lower().startswith("the ") else form
    return f"the {bare}" if article else bare


def _iso_record(iso3: str) -> Any:
    """Return the pycountry record (current, else ISO 3166-3 historic) for an alpha-3 code."""
    rec = pycountry.countries.get(alpha_3=iso3)
    if rec is None:
        rec = pycountry.historic_countries.get(alpha_3=iso3)
    return rec


def _iso_aliases(iso3: str) -> list[str]:
    """Return the ISO names of a current State as written forms, inverted ones included.

    "Korea, Republic of" (ISO) also gives "Korea (Republic of)" (UN catalogue style).
    """
    rec = pycountry.countries.get(alpha_3=iso3)
    if rec is None:
        return []
    out: list[str] = []
    short = getattr(rec, "common_name", None) or rec.name
    for attr in ("name", "common_name"):
        value = getattr(rec, attr, None)
        if value and "," not in value:
            out.append(value)
        elif value and value.count(",") == 1:
            # Inverted catalogue forms: "Korea, Republic of" and "Korea (Republic of)".
            core, title = (part.strip() for part in value.split(","))
            title = title[4:] if title.startswith("The ") else title
            out += [f"{core}, {title}", f"{core} ({title})"]
    official = getattr(rec, "official_name", None)
    if official and "," not in official:
        official = official[4:] if official.startswith("the ") else official
        out.append(_with_article(official, _takes_article(official, short)))
    return out


def _spelling(text: str) -> str:
    """Return a key that tells spellings apart but not case, spacing or a leading "the".

    Unlike fold(), diacritics and apostrophes count: "Cote d'Ivoire" is a spelling of its
    own (an exact matcher needs it), although fold() makes it equal to "Côte d'Ivoire".
    """
    text = " ".join(text.split()).casefold()
    return text[4:] if text.startswith("the ") else text


def _dedupe(forms: list[str], exclude: set[str]) -> list[str]:
    """Return forms without duplicate spellings (first wins) and without excluded ones."""
    seen = set(exclude)
    out = []
    for form in forms:
        key = _spelling(form)
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return out


def build_records(extra: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the merged State records, sorted by ISO3; raise ValueError on inconsistent data."""
    records = []
    errors: list[str] = []
    for item in extra["states"]:
        iso3 = item["iso3"]
        iso = _iso_record(iso3)
        if iso is None:
            errors.append(f"{iso3}: not an ISO 3166-1 or ISO 3166-3 alpha-3 code")
            continue
        status = item.get("status", "member")
        name = item["name"]
        running = item.get("running_name", name)
        article = bool(item.get("article", False))
        former = [str(f) for f in item.get("former_names", [])]
        own = {_spelling(name), _spelling(running)}
        hand = list(item.get("aliases", []))
        aliases = _dedupe(hand + _iso_aliases(iso3) + former, own)
        if article and fold(running) != fold(name) and running != name:
            aliases = _dedupe([_with_article(running, True), *aliases], {_spelling(name)})
        former = [f for f in former if _spelling(f) in {_spelling(a) for a in aliases}]
        m49 = item.get("m49") or getattr(iso, "numeric", None)
        records.append(
            {
                "iso3": iso3,
                "name": name,
                "running_name": running,
                "m49": m49,
                "status": status,
                "member_from": item.get("member_from"),
                "member_to": item.get("member_to"),
                "observer_from": item.get("observer_from"),
                "article": article,
                "aliases": sorted(aliases, key=lambda s: (fold(s), s)),
                "former_names": sorted(former, key=lambda s: (fold(s), s)),
                "adjectives": sorted(item.get("adjectives", [])),
                "successors": sorted(item.get("successors", [])),
                "iso_name": iso.name,
                "examples": list(extra.get("examples", {}).get(iso3, [])),
            }
        )
    errors += _check(records, extra)
    if errors:
        raise ValueError("inconsistent States data:\n" + "\n".join(errors))
    return sorted(records, key=lambda r: r["iso3"])


def _check(records: list[dict[str, Any]], extra: dict[str, Any]) -> list[str]:
    """Return every consistency error: duplicate codes, ambiguous forms, bad fields."""
    errors = []
    owner: dict[str, str] = {}
    codes: set[str] = set()
    for rec in records:
        if rec["iso3"] in codes:
            errors.append(f"{rec['iso3']}: duplicate record")
        codes.add(rec["iso3"])
        if rec["status"] not in STATUSES:
            errors.append(f"{rec['iso3']}: status {rec['status']!r}")
        if rec["status"] == "member" and (rec["member_from"] is None or rec["member_to"] is not None):
            errors.append(f"{rec['iso3']}: a member needs member_from and no member_to")
        if rec["status"] == "former" and (rec["member_from"] is None or rec["member_to"] is None):
            errors.append(f"{rec['iso3']}: a former member needs member_from and member_to")
        if rec["status"] == "observer" and rec["member_from"] is not None:
            errors.append(f"{rec['iso3']}: an observer has no member_from")
        forms = [rec["name"], rec["running_name"], *rec["aliases"], *rec["adjectives"]]
        for key in {fold(form) for form in forms}:
            if owner.setdefault(key, rec["iso3"]) != rec["iso3"]:
                errors.append(f"form {key!r} is ambiguous: {owner[key]} and {rec['iso3']}")
        for bad in list(extra.get("ambiguous_adjectives", {})) + list(extra.get("omitted_aliases", {})):
            if fold(bad) in {fold(f) for f in forms}:
                errors.append(f"{rec['iso3']}: {bad!r} is listed as ambiguous or omitted")
    by_code = {rec["iso3"]: rec for rec in records}
    for phrase, code in extra.get("non_state_phrases", {}).items():
        target = by_code.get(code)
        if target is None:
            errors.append(f"non-State phrase {phrase!r}: no record {code}")
            continue
        if fold(phrase) in owner:
            errors.append(f"non-State phrase {phrase!r} is itself a State form")
        words = f" {fold(phrase)} "
        forms = [target["name"], target["running_name"], *target["aliases"], *target["adjectives"]]
        if not any(f" {fold(f)} " in words for f in forms):
            errors.append(f"non-State phrase {phrase!r} contains no form of {code}")
    for period in extra.get("name_periods", []):
        if period["iso3"] not in codes or fold(period["form"]) not in owner or period["from"] > period["to"]:
            errors.append(f"name period {period}: unknown State, unknown form or empty period")
    for code in set(extra.get("examples", {})) - codes:
        errors.append(f"examples for {code}, which has no record")
    for rec in records:
        if not rec["examples"]:
            errors.append(f"{rec['iso3']}: no examples")
        for succ in rec["successors"]:
            if succ not in codes:
                errors.append(f"{rec['iso3']}: successor {succ} has no record")
    return errors


def build() -> str:
    """Return the text of states.json (deterministic: same inputs, same bytes)."""
    extra = json.loads(EXTRA.read_text(encoding="utf-8"))
    records = build_records(extra)
    doc = {
        "about": "Generated by scripts/make_states.py from pycountry and states_extra.json; do not edit.",
        "pycountry_version": _pycountry_version(),
        "ambiguous_adjectives": dict(sorted(extra.get("ambiguous_adjectives", {}).items())),
        "omitted_aliases": dict(sorted(extra.get("omitted_aliases", {}).items())),
        "non_state_phrases": dict(sorted(extra.get("non_state_phrases", {}).items())),
        "name_periods": sorted(extra.get("name_periods", []), key=lambda p: (fold(p["form"]), p["from"])),
        "states": records,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _pycountry_version() -> str:
    """Return the installed pycountry version (the ISO data revision the output depends on)."""
    from importlib.metadata import version

    return version("pycountry")


def main(argv: list[str] | None = None) -> int:
    """Write states.json (or, with --check, report whether it is up to date); return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if states.json is out of date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date; run scripts/make_states.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
