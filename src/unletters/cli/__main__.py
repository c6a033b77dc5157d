"""``python -m unletters.cli``: the same as the ``unletters`` command."""

import sys

from unletters.cli import main

sys.exit(main())
