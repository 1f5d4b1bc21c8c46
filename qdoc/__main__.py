"""``python -m qdoc``: the same as the ``qdoc`` command."""

import sys

from .cli import main

sys.exit(main())
