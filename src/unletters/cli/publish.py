"""``unletters publish``: validate a built dataset folder, then upload it to the Hugging Face Hub.

Uses huggingface_hub's standard authentication (``HF_TOKEN`` or ``huggingface-cli login``); the
token is never printed or logged. ``--dry-run`` validates and lists what would be uploaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(p: argparse.ArgumentParser) -> None:
    """Options of ``unletters publish``."""
    p.add_argument("--repo-id", required=True, help="dataset repository on the Hub, ORG/NAME")
    p.add_argument("--dataset", type=Path, default=Path("dist/un-letters"), help="built dataset folder (default: dist/un-letters)")
    p.add_argument("--revision", default=None, help="tag to create on the uploaded commit (e.g. v0.1.0)")
    p.add_argument("--private", action="store_true", help="create the repository as private if it does not exist")
    p.add_argument("--dry-run", action="store_true", help="validate and list the files; upload nothing")


def validate_folder(root: Path) -> list[str]:
    """Problems that make ``root`` unfit to publish (empty when it is a complete dataset)."""
    import pyarrow.parquet as pq
    import yaml

    from unletters.dataset import data_files
    from unletters.schema import TABLES, arrow_schema

    problems: list[str] = []
    card = root / "README.md"
    if not card.is_file():
        return [f"{card} is missing: run `unletters build`"]
    text = card.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        return [f"{card} has no YAML front matter"]
    meta: dict[str, Any] = yaml.safe_load(text[4:text.index("\n---\n", 4)])
    for cfg in meta.get("configs", []):
        for df in cfg.get("data_files", []):
            if not list(root.glob(df["path"])):
                problems.append(f"config {cfg['config_name']}: no file matches {df['path']}")
    for table in TABLES:
        for split, files in data_files(root, table).items():
            if not files:
                problems.append(f"{table}/{split}: no Parquet shard")
            for f in files:
                try:
                    got = pq.read_schema(root / f).remove_metadata()
                except Exception as exc:
                    problems.append(f"{f}: unreadable Parquet ({type(exc).__name__})")
                    continue
                if not got.equals(arrow_schema(table)):
                    problems.append(f"{f}: schema differs from schema/{table}.schema.json")
    return problems


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def run(args: argparse.Namespace, api: Any = None) -> int:
    """Validate, then upload (or list, with --dry-run); return the exit code."""
    root: Path = args.dataset
    if "/" not in args.repo_id:
        print(f"unletters publish: --repo-id must be ORG/NAME, not {args.repo_id!r}", file=sys.stderr)
        return 2
    if not root.is_dir():
        print(f"unletters publish: {root} does not exist: run `unletters build` first", file=sys.stderr)
        return 2
    problems = validate_folder(root)
    if problems:
        for p in problems:
            print(f"unletters publish: {p}", file=sys.stderr)
        return 2
    files = _files(root)
    total = sum(p.stat().st_size for p in files)
    if args.dry_run:
        for f in files:
            print(f"{f.stat().st_size:>12,}  {f.relative_to(root).as_posix()}")
        print(f"would upload {len(files)} files ({total:,} bytes) to datasets/{args.repo_id}"
              + (f" and tag {args.revision}" if args.revision else ""))
        return 0
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi()
    try:
        api.create_repo(args.repo_id, repo_type="dataset", private=args.private, exist_ok=True)
        info = api.upload_folder(repo_id=args.repo_id, repo_type="dataset", folder_path=str(root),
                                 commit_message=f"un-letters dataset ({len(files)} files)",
                                 ignore_patterns=[".*", "**/.*"])
        if args.revision:
            api.create_tag(args.repo_id, tag=args.revision, repo_type="dataset", exist_ok=False)
    except Exception as exc:
        print(f"unletters publish: upload to datasets/{args.repo_id} failed: {type(exc).__name__}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return 1
    print(f"uploaded {len(files)} files ({total:,} bytes) to datasets/{args.repo_id}: {getattr(info, 'commit_url', info)}")
    return 0
