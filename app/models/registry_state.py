"""The registry's own file: imports, computed hashes and trial-load outcomes.

``models.json`` in the config directory (no patient data) records, per model
file (by absolute path): whether and when it was imported with which SHA-256,
the hash last computed and the file's size and mtime at the time, and the
last trial load's outcome. A hash or a trial result counts only while the file
is unchanged (same size and mtime), so a replaced file is checked again.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Literal

from curbside.errors import ModelError
from curbside.infra import atomic_write
from curbside.infra.untrusted import read_json_file

Section = Literal["imports", "hashes", "trials"]
SECTIONS: tuple[Section, ...] = ("imports", "hashes", "trials")


def path_key(path: Path) -> str:
    """Return the key a file is recorded under (its absolute path)."""
    return str(path.expanduser().absolute())


def unchanged(path: Path, record: dict[str, Any]) -> bool:
    """Return True if ``path`` still has the size and mtime stored in ``record``."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (record.get("size"), record.get("mtime_ns"))


class RegistryState:
    """Reads and writes ``models.json``, section by section.

    Args:
        path: The state file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Any]:
        """Return the whole state, with every section present (empty if missing).

        Raises:
            ModelError: The file exists but cannot be read or parsed.
        """
        try:
            raw = read_json_file(self.path)
        except FileNotFoundError:
            raw = {}
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"The model list {self.path} cannot be read ({exc}).",
                "Move that file aside; imported models will then need importing again.",
            ) from exc
        raw = raw if isinstance(raw, dict) else {}
        state: dict[str, Any] = {"schema": 1}
        for section in SECTIONS:
            value = raw.get(section)
            state[section] = value if isinstance(value, dict) else {}
        return state

    def record(self, section: Section, path: Path, **fields: Any) -> None:
        """Store ``fields`` for ``path`` in ``section``, stamped with its size and mtime."""
        stat = path.stat()
        state = self.load()
        state[section][path_key(path)] = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "recorded_at": int(time.time()),
            **fields,
        }
        self._save(state)

    def current(self, section: Section, path: Path) -> dict[str, Any] | None:
        """Return ``path``'s record in ``section`` if the file is unchanged since, else None."""
        record = self.load()[section].get(path_key(path))
        if record is None or not unchanged(path, record):
            return None
        return dict(record)

    def forget(self, path: Path) -> bool:
        """Drop every record of ``path``; return True if it had an import or a hash."""
        state = self.load()
        key = path_key(path)
        had = state["imports"].pop(key, None) is not None
        had = state["hashes"].pop(key, None) is not None or had
        state["trials"].pop(key, None)
        self._save(state)
        return had

    def _save(self, state: dict[str, Any]) -> None:
        atomic_write(self.path, json.dumps(state, indent=2, sort_keys=True))
