"""The one door from the command line into the desktop package (which needs Qt).

The core never imports ``curbside.ui`` statically (an import-linter contract
checks it); the two things the CLI needs from it, the window and the PDF
writer, are reached here, by name, only when asked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

ENTRY_MODULE = "curbside.ui.main"
"""The desktop package's entry module: ``run()`` and ``write_pdf()``."""


def _entry() -> Any:
    return importlib.import_module(ENTRY_MODULE)


def run_desktop_app() -> int:
    """Open the main window and run its event loop; return the exit code."""
    return int(_entry().run())


def write_pdf(conversation: Any, path: Path) -> None:
    """Write ``conversation`` as a PDF (Qt renders it offscreen)."""
    _entry().write_pdf(conversation, path)
