"""Allow ``python -m app`` as an alias of the ``curbside`` command."""

from app.cli import main

raise SystemExit(main())
