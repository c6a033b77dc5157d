#!/usr/bin/env python3
"""Precision and recall of the entities extractor per type, and its time per letter.

usage: entities_accuracy.py [--letters FILE] [--seed DIR --gold DIR] [--json]

Letters: tests/test_entities_letters.json (written for this purpose, each with its expected
STATE, PERSON and PLACE sets) and the seed letter(s) with their gold files. Scoring follows
shared/tools/score.py: per letter, one predicted entity per distinct key (ISO3 for a State,
else canonical name), right when its canonical name or surface is a gold name; micro-averaged
over letters. For the seed, the signatory entry is built from the text by a regex on
``(Signed)`` (the documents parser provides it in the pipeline).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import pathlib
import re
import sys
import time
from typing import Any

from unletters.entities import extract_entities

ROOT = pathlib.Path(__file__).resolve().parents[1]
TYPES = ("STATE", "PERSON", "PLACE")


def _norm(s: str) -> str:
    return " ".join(s.replace("\u2019", "'").split()).casefold()


def score_letter(
    rows: list[dict[str, Any]], want: dict[str, list[str]]
) -> dict[str, tuple[int, int, int, int]]:
    """Per type: (right predictions, predictions, gold items, gold items found), as score.py counts."""
    out = {}
    for etype in TYPES:
        gold = {_norm(v) for v in want.get(etype, [])}
        names: dict[str, set[str]] = collections.defaultdict(set)
        for r in rows:
            if r["type"] != etype:
                continue
            if etype == "STATE":
                key, alias = r["iso3"], [r["iso3"]]
            else:
                key, alias = r["canonical"] or r["surface"], [r["canonical"], r["surface"]]
            if key:
                names[_norm(key)].update(_norm(a) for a in alias if a)
        right = sum(1 for a in names.values() if a & gold)
        found = sum(1 for g in gold if any(g in a for a in names.values()))
        out[etype] = (right, len(names), len(gold), found)
    return out


def seed_docs(
    seed_dir: pathlib.Path, gold_dir: pathlib.Path
) -> list[tuple[str, dict[str, Any], dict[str, list[str]]]]:
    """(name, documents-row dict, expected entities) for each seed letter with a gold file."""
    from unletters.ingest import decode
    from unletters.normalize import normalize

    out = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = (seed_dir / gold["source_file"]).read_bytes()
        text = normalize(decode(raw).text).text
        meta = gold["document"]
        sigs = [
            {"name": m.group(1), "titles": [], "start": m.start(1), "end": m.end(1)}
            for m in re.finditer(r"\(Signed\) ([^\n]+)", text)
        ]
        doc = {
            "doc_id": "sha256:" + hashlib.sha256(raw).hexdigest()[:16],
            "text": text,
            "title": meta.get("title"),
            "sender_iso3s": [meta["sender_iso3"]] if meta.get("sender_iso3") else [],
            "signatories": sigs,
        }
        out.append((gold["source_file"], doc, gold["entities"]))
    return out


def letter_docs(path: pathlib.Path) -> list[tuple[str, dict[str, Any], dict[str, list[str]]]]:
    """(id, documents-row dict, expected entities) for each written letter (signatories by regex)."""
    out = []
    for letter in json.loads(path.read_text(encoding="utf-8"))["letters"]:
        text = letter["text"]
        sigs = [
            {"name": m.group(1), "titles": [], "start": m.start(1), "end": m.end(1)}
            for m in re.finditer(r"\(Signed\) ([^\n]+)", text)
        ]
        doc = {
            "doc_id": "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16],
            "text": text,
            "title": letter["title"],
            "sender_iso3s": letter.get("sender_iso3s", []),
            "sender_group": letter.get("sender_group"),
            "signatories": sigs,
        }
        out.append((letter["id"], doc, letter["expect"]))
    return out


def evaluate(docs: list[tuple[str, dict[str, Any], dict[str, list[str]]]]) -> dict[str, Any]:
    """Micro-averaged precision, recall and F1 per type, and the errors per letter."""
    totals = {t: [0, 0, 0, 0] for t in TYPES}
    errors = []
    for name, doc, want in docs:
        rows = extract_entities(doc)
        for etype, counts in score_letter(rows, want).items():
            for i, v in enumerate(counts):
                totals[etype][i] += v
        for etype in TYPES:
            gold = {_norm(v) for v in want.get(etype, [])}
            got = {
                _norm(r["iso3"] if etype == "STATE" else r["canonical"]) for r in rows if r["type"] == etype
            }
            got_surface = {_norm(r["surface"]) for r in rows if r["type"] == etype}
            extra = sorted(g for g in got if g not in gold and not (etype != "STATE" and False))
            extra = [
                g
                for g in extra
                if etype == "STATE"
                or not any(
                    _norm(r["surface"]) in gold
                    for r in rows
                    if r["type"] == etype and _norm(r["canonical"]) == g
                )
            ]
            missing = sorted(g for g in gold if g not in got and g not in got_surface)
            if extra or missing:
                errors.append({"letter": name, "type": etype, "false_positives": extra, "missed": missing})
    table = {}
    for etype, (right, n_pred, n_gold, found) in totals.items():
        p = right / n_pred if n_pred else 1.0
        r = found / n_gold if n_gold else 1.0
        table[etype] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "predicted": n_pred,
            "gold": n_gold,
        }
    table["mean_f1"] = round(sum(table[t]["f1"] for t in TYPES) / len(TYPES), 3)
    return {"table": table, "errors": errors}


def time_per_letter(
    docs: list[tuple[str, dict[str, Any], dict[str, list[str]]]], repeat: int = 50
) -> dict[str, float]:
    """Milliseconds per letter (best of 5 rounds) and characters per letter."""
    for _, doc, _ in docs:
        extract_entities(doc)  # load the gazetteers first
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(repeat):
            for _, doc, _ in docs:
                extract_entities(doc)
        best = min(best, (time.process_time() - t0) / (repeat * len(docs)))
    chars = sum(len(doc["text"]) for _, doc, _ in docs) / len(docs)
    return {"ms_per_letter": round(best * 1000, 3), "chars_per_letter": round(chars)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=pathlib.Path, default=ROOT / "tests" / "test_entities_letters.json")
    ap.add_argument("--seed", type=pathlib.Path, default=pathlib.Path("/work/shared/letters/seed"))
    ap.add_argument("--gold", type=pathlib.Path, default=pathlib.Path("/work/shared/gold"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    extract_entities({"doc_id": "sha256:0000000000000000", "text": "Baku"})
    load_ms = (time.perf_counter() - t0) * 1000
    sets = {"written": letter_docs(args.letters)}
    if args.seed.is_dir() and args.gold.is_dir():
        sets["seed"] = seed_docs(args.seed, args.gold)
    result = {name: {**evaluate(docs), "speed": time_per_letter(docs)} for name, docs in sets.items()}
    result["load_ms"] = round(load_ms, 1)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"gazetteer load (first call): {load_ms:.0f} ms")
    for name, res in ((k, v) for k, v in result.items() if isinstance(v, dict)):
        print(
            f"\n{name}: {res['speed']['ms_per_letter']} ms/letter ({res['speed']['chars_per_letter']} chars)"
        )
        print(f"{'type':8} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}")
        for etype in TYPES:
            m = res["table"][etype]
            print(
                f"{etype:8} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['predicted']:5} {m['gold']:5}"
            )
        print(f"mean F1 {res['table']['mean_f1']:.3f}")
        for e in res["errors"]:
            print(f"  {e['letter']} {e['type']}: false positives {e['false_positives']} missed {e['missed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
