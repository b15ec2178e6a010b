"""What an attacker holding the key can do to the audit table, bypassing the triggers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from curbside.keys.datakey import raw_key_pragma
from curbside.storage.layout import Layout

from tests.app.storage.helpers import keychain_key


def tamper(data_dir: Path, *statements: str | tuple[str, list[Any]]) -> None:
    """Drop the append-only triggers and run ``statements`` on the closed history file."""
    conn = sqlcipher3.connect(str(Layout.at(data_dir).db), isolation_level=None)
    try:
        conn.execute(raw_key_pragma(keychain_key(data_dir)))
        conn.execute("BEGIN")
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            sql, params = (statement, []) if isinstance(statement, str) else statement
            conn.execute(sql, params)
        conn.execute("COMMIT")
    finally:
        conn.close()
