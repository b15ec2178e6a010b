"""Signed checkpoints and checking an exported copy without the database."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from curbside.audit import entry_hash
from curbside.cli import main
from curbside.keys import sidecar
from curbside.keys.datakey import raw_key_pragma
from curbside.storage import open_history
from curbside.storage.layout import Layout
from keyring.backends import fail

from tests.app.audit.tamper import tamper
from tests.app.storage.helpers import keychain_key


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _checkpoint(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = _run(capsys, "audit", "checkpoint")
    assert code == 0 and "Signed entry" in out
    return out.split("Public key: ")[1].strip()


def test_checkpoint_verifies_with_the_public_key_only(
    isolated_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        store.audit.append("test.event", {"n": 1})
    key = _checkpoint(capsys)
    assert len(key) == 64 and _checkpoint(capsys) == key  # one key per profile
    code, out, _ = _run(capsys, "audit", "verify", "--public-key", key)
    assert code == 0 and "2 signed checkpoints verified" in out
    other = "11" * 32
    code, _, err = _run(capsys, "audit", "verify", "--public-key", other)
    assert code == 1 and "bad signature" in err
    export = tmp_path / "audit.jsonl"
    assert _run(capsys, "audit", "export", "--format", "jsonl", "--output", str(export))[0] == 0
    code, out, _ = _run(capsys, "audit", "verify-export", str(export), "--public-key", key)
    assert code == 0 and "chain intact" in out and "2 signed checkpoints verified" in out


def test_a_rewritten_copy_fails_against_the_public_key(
    isolated_profile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        store.audit.append("test.event", {"n": 1})
    key = _checkpoint(capsys)
    export = tmp_path / "audit.jsonl"
    _run(capsys, "audit", "export", "--format", "jsonl", "--output", str(export))
    lines = export.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["details"]["n"] = 2
    lines[1] = json.dumps(edited)
    bad = tmp_path / "edited.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    code, _, err = _run(capsys, "audit", "verify-export", str(bad))
    assert code == 1 and "entry 2 does not verify" in err
    truncated = tmp_path / "short.jsonl"
    truncated.write_text("\n".join(lines[:1]) + "\n" + lines[-1] + "\n")
    code, _, err = _run(capsys, "audit", "verify-export", str(truncated), "--public-key", key)
    assert code == 1 and "ends before its recorded head" in err
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json\n")
    code, _, err = _run(capsys, "audit", "verify-export", str(garbage))
    assert code == 1 and "Line 1" in err


def test_rewriting_the_whole_chain_is_caught_by_the_checkpoint(
    isolated_profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        store.audit.append("test.event", {"n": 1})
    key = _checkpoint(capsys)
    # An attacker with the database key rewrites entry 2 and re-hashes everything after it.

    conn = sqlcipher3.connect(str(Layout.at(isolated_profile).db))
    conn.execute(raw_key_pragma(keychain_key(isolated_profile)))
    rows = conn.execute(
        "SELECT seq, time, event, details, prev FROM audit_log ORDER BY seq"
    ).fetchall()
    conn.close()
    statements: list[tuple[str, list[object]]] = []
    prev = rows[0][4]
    for seq, time, event, details, _ in rows:
        if seq == 2:
            details = '{"n":2}'
        own = entry_hash(seq, time, event, details, prev)
        statements.append(
            (
                "UPDATE audit_log SET details = ?, prev = ?, hash = ? WHERE seq = ?",
                [details, prev, own, seq],
            )
        )
        prev = own
    tamper(isolated_profile, *statements)
    assert _run(capsys, "audit", "verify")[0] == 0  # the chain alone cannot tell
    code, _, err = _run(capsys, "audit", "verify", "--public-key", key)
    assert code == 1 and "not the one signed" in err


def test_no_keychain_means_no_checkpoint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    secret = tmp_path / "pass"
    secret.write_text("correct horse battery staple 9")
    code, _, err = _run(capsys, "audit", "checkpoint", "--passphrase-file", str(secret))
    assert code == 1 and "keychain" in err
