"""``python -m delaftale``: the same as the ``delaftale`` command."""

from delaftale.cli import main

raise SystemExit(main())
