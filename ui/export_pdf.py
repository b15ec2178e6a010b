"""Render a conversation export to PDF with Qt (QTextDocument + QPdfWriter).

The content comes from :func:`curbside.storage.export.to_html` (fully escaped, with
the model name, SHA-256, timestamps and the notice). This module is imported by
name from the CLI only when a PDF is asked for, so ``app/`` never depends on Qt;
with no Qt application running it starts an offscreen ``QGuiApplication``.
"""

from __future__ import annotations

import os
from pathlib import Path

from curbside import __version__
from curbside.infra import fsync_dir
from curbside.storage import Conversation, from_os_error, to_html
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_app: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Start an offscreen QGuiApplication if no Qt application exists (CLI use)."""
    global _app
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["curbside-export"])


def write_pdf(conv: Conversation, path: Path) -> None:
    """Write ``conv`` as an A4 PDF to ``path`` (atomically, owner-only).

    Raises:
        KnownError: The file cannot be written.
    """
    ensure_gui_application()
    temp = path.with_name(f".{path.name}.tmp")
    try:
        _render(conv, temp)
        if not temp.is_file() or temp.stat().st_size == 0:
            raise OSError(5, "the PDF writer produced no file")
        os.chmod(temp, 0o600)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise from_os_error(exc, path) from exc


def _render(conv: Conversation, target: Path) -> None:
    writer = QPdfWriter(str(target))
    writer.setTitle(conv.title)
    writer.setCreator(f"Curbside {__version__}")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    document.setHtml(to_html(conv))
    document.print_(writer)
    del writer  # the PDF is finished and flushed when the writer is destroyed
