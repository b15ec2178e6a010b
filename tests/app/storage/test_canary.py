"""Nothing readable on disk: no plaintext anywhere under the data directory."""

from __future__ import annotations

from pathlib import Path

from curbside.storage import open_history
from curbside.storage.export import write_text_export

from tests.app.storage.helpers import decrypt_pages, keychain_key

CANARY = "ZEBRA-CANARY-7f3a9c-Ω-pneumothorax"


def _scan(root: Path, needle: str) -> list[str]:
    found = []
    encodings = ("utf-8", "utf-16-le", "utf-16-be")
    patterns = [needle.encode(enc) for enc in encodings] + [b"ZEBRA-CANARY"]
    patterns += ["ZEBRA-CANARY".encode(enc) for enc in encodings[1:]]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.name}:{pattern!r}" for pattern in patterns if pattern in data]
    return found


def test_no_file_under_the_data_dir_holds_the_canary(
    isolated_profile: Path, tmp_path: Path
) -> None:
    store = open_history()
    cid = store.create_conversation(f"Title {CANARY}", "m", "ab" * 32)
    store.add_message(cid, "user", f"Patient note {CANARY}", meta={"note": CANARY})
    store.add_message(cid, "assistant", CANARY * 50)
    assert _scan(isolated_profile, CANARY) == []  # also while open: WAL and SHM
    exported = tmp_path / "exports" / "conv.md"
    exported.parent.mkdir()
    write_text_export(store.get_conversation(cid), "md", exported)
    store.close()
    files = sorted(p.name for p in isolated_profile.rglob("*") if p.is_file())
    assert files == ["history.db"]
    assert (isolated_profile / "history.db").read_bytes()[:16] != b"SQLite format 3\x00"
    assert _scan(isolated_profile, CANARY) == []
    assert CANARY in exported.read_text(encoding="utf-8")  # the scan can see plaintext


def test_deleted_text_is_gone_from_the_decrypted_pages(isolated_profile: Path) -> None:
    """secure_delete (tables) and FTS5 secure-delete (index): deleting really erases."""
    store = open_history()
    keep = store.create_conversation("keep", "m", None)
    store.add_message(keep, "user", "unrelated text that stays")
    gone = store.create_conversation("gone", "m", None)
    store.add_message(gone, "user", f"Patient note {CANARY}")
    store.close()
    db = isolated_profile / "history.db"
    key = keychain_key(isolated_profile)
    assert CANARY.encode() in decrypt_pages(db, key)  # the decryption is right
    store = open_history()
    store.delete(gone)
    store.close()
    plain = decrypt_pages(db, key)
    assert b"unrelated text that stays" in plain
    assert b"ZEBRA-CANARY" not in plain and b"zebra" not in plain.lower()
