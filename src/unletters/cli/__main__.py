"""``python -m unletters.cli``: the same as the ``unletters`` command."""

from unletters.cli import entry

entry()
