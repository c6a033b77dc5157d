"""The ``unletters`` command: one module per sub-command (``build``, ``citations``, ...).

Each sub-command module defines ``add_parser(subparsers)`` and ``run(args) -> int``. Modules are
imported lazily so that ``unletters --help`` and a no-op rebuild start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading

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


#: True in the process of the console command (:func:`entry`), which ends when its command returns
in_console = False


def entry() -> None:
    """The console command: :func:`main`, then end the process at once with its exit code.

    A build leaves large structures in memory (the loaded knowledge, the batches it wrote), and
    an interpreter's ordinary shutdown frees them object by object, which takes a noticeable
    part of a second after the work is done. Nothing needs that shutdown once ``main`` has
    returned: every file is written and closed, the worker processes have ended, so the output
    streams and logging are flushed and the process ends. An exception from ``main`` takes the
    ordinary way out (with its traceback), and so does a command that leaves a thread running
    (a library's upload, say), which the ordinary way waits for.
    """
    global in_console
    in_console = True
    code = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    if "logging" in sys.modules:
        import logging

        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
