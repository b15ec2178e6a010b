"""Render ``packaging/curbside.svg`` into the Windows ``.ico`` and macOS ``.icns`` icons.

Run by ``bundle.py`` with the bundle venv's Python (it has Qt's SVG renderer),
so no binary icon is committed and the three platforms' icons never drift from
the one drawing. Both formats may hold PNG images directly: an ICO directory
of PNG entries (Windows Vista and later) and ICNS ``ic07``–``ic10`` PNG chunks.

Usage: ``python packaging/icons.py OUT_DIR`` writes ``curbside.ico`` and
``curbside.icns`` there.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parent / "curbside.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def png(renderer: QSvgRenderer, size: int) -> bytes:
    """Return the drawing as a ``size`` x ``size`` PNG with a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """Return an ICO file whose entries are the given PNG images."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """Return an ICNS file made of PNG chunks."""
    chunks = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", len(data) + 8) + data
        for size, data in sorted(images.items())
    )
    return b"icns" + struct.pack(">I", len(chunks) + 8) + chunks


def main(argv: list[str]) -> int:
    """Write curbside.ico and curbside.icns into ``argv[0]``."""
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication(["icons", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    (out / "curbside.ico").write_bytes(ico({s: png(renderer, s) for s in ICO_SIZES}))
    (out / "curbside.icns").write_bytes(icns({s: png(renderer, s) for s in ICNS_TYPES}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
