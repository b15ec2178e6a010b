"""The frozen bundle's program: the ``curbside`` command, exactly as the wheel installs it.

PyInstaller freezes this file as ``curbside`` (``curbside.exe``); it hands the
arguments to :func:`curbside.cli.main`, which also serves the bundle's hidden
child entry points (the model trial load), because a bundle has no Python
interpreter to run ``-c`` or ``-m`` with.
"""

import sys

from curbside.cli import main

if __name__ == "__main__":
    sys.exit(main())
