"""Where the history's files live inside the data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curbside.infra import paths
from curbside.keys import keychain

DB_NAME = "history.db"
SIDECAR_NAME = "history.key.json"


@dataclass(frozen=True)
class Layout:
    """Paths of one profile's history files.

    Attributes:
        data_dir: The profile's data directory.
        db: The SQLCipher database.
        sidecar: The passphrase file (wrapped data key), present in passphrase mode
            or when a keychain user set a recovery passphrase.
    """

    data_dir: Path

    @classmethod
    def at(cls, data_dir: Path | None = None) -> Layout:
        """Return the layout for ``data_dir`` (default: the configured data directory)."""
        return cls((data_dir or paths.data_dir()).expanduser())

    @property
    def db(self) -> Path:
        """The SQLCipher database file."""
        return self.data_dir / DB_NAME

    @property
    def sidecar(self) -> Path:
        """The passphrase sidecar (wrapped data key)."""
        return self.data_dir / SIDECAR_NAME

    @property
    def account(self) -> str:
        """The keyring account naming this profile."""
        return keychain.account_for(self.data_dir)

    def related_files(self) -> list[Path]:
        """Return the database and the SQLite files that travel with it."""
        return [self.db, *(self.db.with_name(self.db.name + s) for s in ("-wal", "-shm"))]
