"""``python -m unletters``: the same as the ``unletters`` command."""

from unletters.cli import entry

entry()
