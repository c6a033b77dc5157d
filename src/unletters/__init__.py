"""un-letters: United Nations letters as a structured, validated research corpus.

The stages of the build are public: ``unletters.parse(path_or_text)`` returns the rows of one
letter (see :mod:`unletters.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Letter", "RejectError", "__version__", "parse", "parse_text"]

if TYPE_CHECKING:  # pragma: no cover
    from unletters.api import Letter, parse, parse_text
    from unletters.errors import RejectError


def __getattr__(name: str) -> Any:  # lazy: `import unletters` stays cheap for the CLI
    if name in ("Letter", "parse", "parse_text"):
        from unletters import api

        return getattr(api, name)
    if name == "RejectError":
        from unletters.errors import RejectError

        return RejectError
    raise AttributeError(name)
