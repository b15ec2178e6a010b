"""Allow ``python -m app`` as an alias of the ``curbside`` command."""

from curbside.cli import main

raise SystemExit(main())
