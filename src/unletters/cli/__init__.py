"""The ``unletters`` command: one module per sub-command (``build``, ``citations``, ...).

Each sub-command module defines ``add_parser(subparsers)`` and ``run(args) -> int``. Modules are
imported lazily so that ``unletters --help`` and a no-op rebuild start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "build": "build corpus/raw into a Hugging Face dataset folder",
    "citations": "print the citations of any UN text, one JSON object per line",
    "card": "regenerate the statistics section of DATACARD.md from a build",
    "publish": "upload a built dataset folder to the Hugging Face Hub",
    "acquire": "harvest letters from the UN Digital Library and fetch their files",
}


def _module(name: str):
    return importlib.import_module(f"unletters.cli.{name}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``unletters`` console command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="unletters", description="UN letters to a structured, validated research corpus.")
    from unletters import __version__

    parser.add_argument("--version", action="version", version=f"unletters {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    for name, help_ in COMMANDS.items():
        if chosen is None or name == chosen:
            _module(name).add_parser(sub.add_parser(name, help=help_, description=help_))
        else:
            sub.add_parser(name, help=help_)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    return int(_module(args.command).run(args))


if __name__ == "__main__":
    sys.exit(main())
