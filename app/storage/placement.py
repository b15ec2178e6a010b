"""Checks on the history's files before anything is opened or created.

Nothing that could hold history is replaced, replayed or deleted behind the
user's back:

* a ``history.db`` that is a symbolic link to nothing (an unmounted drive, a
  moved folder) is refused: creating a new database would replace the link;
* a ``-wal``/``-shm``/``-journal`` left without its ``history.db`` (the
  database was moved away) would be replayed by SQLite into a *new* database
  of the same name, corrupting it and losing the WAL; such orphans are moved
  aside together, under one time-stamped name, and the store says so;
* files Curbside created before it made everything owner-only are tightened
  to 0600 when the profile is opened.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

from curbside.errors import HistoryError
from curbside.infra import fsync_dir
from curbside.storage.layout import Layout

ORPHAN_SUFFIXES = ("-wal", "-shm", "-journal")
"""SQLite files that belong to a database and must never outlive it unseen."""


def refuse_dangling_link(path: Path) -> None:
    """Refuse a symbolic link whose target does not exist (never replace it with a new file).

    Raises:
        HistoryError: ``path`` is a dangling link.
    """
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        raise HistoryError(
            f"{path} is a link to {target}, which does not exist (a drive not connected, "
            "or a folder moved?).",
            "Reconnect or fix the link target; Curbside will not create a new, empty file in "
            "its place. Remove the link yourself to start afresh.",
        )


def move_orphans_aside(layout: Layout) -> list[str]:
    """Move SQLite side files that have no ``history.db`` aside; return what to tell the user.

    All orphans move together under one stamp (``history.db-wal.orphaned-<stamp>``),
    so a WAL and its index stay a pair that an expert can put back beside the
    database they belong to.
    """
    orphans = [
        layout.db.with_name(layout.db.name + suffix)
        for suffix in ORPHAN_SUFFIXES
        if os.path.lexists(layout.db.with_name(layout.db.name + suffix))
    ]
    if not orphans or os.path.lexists(layout.db):
        return []
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for orphan in orphans:
        target = orphan.with_name(f"{orphan.name}.orphaned-{stamp}")
        os.replace(orphan, target)
        moved.append(target.name)
    fsync_dir(layout.data_dir)
    return [
        f"{layout.db.name} was missing but its {', '.join(o.name for o in orphans)} "
        f"file(s) were left in {layout.data_dir}; they were moved aside as "
        f"{', '.join(moved)} (not replayed into the new history). Put them back beside "
        f"the {layout.db.name} they belong to, before opening it, to recover its last changes."
    ]


def tighten_permissions(layout: Layout) -> None:
    """Make the database and its side files owner-only, where they are ours and looser."""
    if not hasattr(os, "getuid"):  # Windows: permissions come from the profile's ACLs
        return
    for path in (*layout.related_files(), layout.sidecar):
        with contextlib.suppress(OSError):
            info = os.stat(path, follow_symlinks=False)
            loose = stat.S_IMODE(info.st_mode) & 0o077
            if stat.S_ISREG(info.st_mode) and loose and info.st_uid == os.getuid():
                os.chmod(path, 0o600)
