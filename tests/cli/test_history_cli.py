"""``curbside history``: every action on a real encrypted history, in and out of process."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from curbside import NOTICE
from curbside.cli import main
from curbside.infra.instance_lock import InstanceLock
from curbside.keys import sidecar
from curbside.storage import open_history

ROOT = Path(__file__).resolve().parents[2]
PASS = "correct horse battery staple"
SHA = "c0ffee" + "0" * 58


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


@pytest.fixture
def history() -> int:
    """A history with one two-message conversation; returns its id."""
    with open_history() as store:
        cid = store.create_conversation("Syncope in a 70 F", "qwen-default", SHA)
        store.add_message(cid, "user", "Collapsed while standing, <b>no</b> prodrome")
        store.add_message(cid, "assistant", "Consider arrhythmia; ECG and telemetry", stopped=True)
        other = store.create_conversation("Unrelated", "qwen-default", SHA)
        store.add_message(other, "user", "Rash after amoxicillin")  # empty ones are not listed
    return cid


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["history", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_search_show(capsys: pytest.CaptureFixture[str], history: int) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and out.splitlines()[1].split()[0] == str(history)
    assert "Syncope in a 70 F" in out
    code, out, _ = run(capsys, "search", "arrhythm")
    assert code == 0 and "[arrhythmia]" in out and out.split()[0] == str(history)
    code, out, _ = run(capsys, "show", str(history))
    assert code == 0 and "Collapsed while standing, <b>no</b> prodrome" in out and NOTICE in out
    code, _, err = run(capsys, "show", "99")
    assert code == 1 and err.count("\n") == 1 and "no conversation with id 99" in err


def test_export_markdown_and_json(
    capsys: pytest.CaptureFixture[str], history: int, tmp_path: Path
) -> None:
    md, js = tmp_path / "c.md", tmp_path / "c.json"
    assert run(capsys, "export", str(history), "--format", "md", "--output", str(md))[0] == 0
    text = md.read_text(encoding="utf-8")
    for needle in (NOTICE, SHA, "qwen-default", "(stopped before the end)"):
        assert needle in text
    assert re.search(r"Created: \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d", text)  # local time
    assert run(capsys, "export", str(history), "--format", "json", "--output", str(js))[0] == 0
    document = json.loads(js.read_text(encoding="utf-8"))
    assert document["notice"] == NOTICE and document["model_sha256"] == SHA
    assert [m["role"] for m in document["messages"]] == ["user", "assistant"]
    assert document["messages"][1]["stopped"] is True and document["created"]
    code, _, err = run(capsys, "export", str(history), "--format", "md", "--output", str(md))
    assert code == 1 and "already exists" in err
    assert (
        run(capsys, "export", str(history), "--format", "md", "--output", str(md), "--force")[0]
        == 0
    )


def test_delete_needs_confirmation(capsys: pytest.CaptureFixture[str], history: int) -> None:
    code, _, err = run(capsys, "delete", str(history))
    assert code == 1 and "--yes" in err
    assert run(capsys, "delete", str(history), "--yes")[0] == 0
    assert "Syncope" not in run(capsys, "list")[1]


def test_passphrase_comes_from_a_file_or_stdin_never_argv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _, err = run(capsys, "list")
    assert code == 1 and "choose a passphrase" in err and "--passphrase-file" in err
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    assert run(capsys, "list", "--passphrase-file", str(secret))[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASS + "\n"))
    assert run(capsys, "list", "--passphrase-file", "-")[0] == 0
    read_end, write_end = os.pipe()
    os.write(write_end, (PASS + "\n").encode())
    os.close(write_end)
    assert run(capsys, "list", "--passphrase-file", f"fd:{read_end}")[0] == 0
    os.close(read_end)
    secret.write_text("wrong passphrase!\n")
    code, _, err = run(capsys, "list", "--passphrase-file", str(secret))
    assert code == 1 and "passphrase is wrong" in err
    with pytest.raises(SystemExit) as exited:
        main(["history", "list", "--passphrase", PASS])
    assert exited.value.code == 2


def test_recovery_passphrase_after_keychain_loss(
    capsys: pytest.CaptureFixture[str],
    history: int,
    tmp_path: Path,
    memory_keyring: dict[tuple[str, str], str],
) -> None:
    secret = tmp_path / "recovery.txt"
    secret.write_text(PASS)
    assert run(capsys, "set-passphrase", "--new-passphrase-file", str(secret))[0] == 0
    memory_keyring.clear()
    code, _, err = run(capsys, "list")
    assert code == 1 and "missing from the system keychain" in err and "recovery passphrase" in err
    code, out, _ = run(capsys, "list", "--passphrase-file", str(secret))
    assert code == 0 and "Syncope" in out


def test_rekey_and_backup(capsys: pytest.CaptureFixture[str], history: int, tmp_path: Path) -> None:
    with InstanceLock():
        code, _, err = run(capsys, "rekey")
        assert code == 1 and "already running" in err
    assert run(capsys, "rekey")[0] == 0
    copy = tmp_path / "backup.db"
    assert run(capsys, "backup", str(copy))[0] == 0
    assert copy.read_bytes()[:16] != b"SQLite format 3\x00"
    assert run(capsys, "backup", str(copy))[0] == 1
    legacy = tmp_path / "legacy.db"
    assert run(capsys, "backup", str(legacy), "--sqlcipher3-format")[0] == 0
    assert legacy.read_bytes()[:16] != b"SQLite format 3\x00" and legacy.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert "Syncope" in run(capsys, "list")[1]


def test_plain_sqlite_file_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], isolated_profile: Path
) -> None:
    sqlite3.connect(isolated_profile / "history.db").close()
    (isolated_profile / "history.db").write_bytes(b"SQLite format 3\x00" + bytes(4080))
    code, out, err = run(capsys, "list")
    assert (code, out) == (1, "") and err.startswith("curbside: error:") and err.count("\n") == 1


def test_pdf_export_end_to_end_in_a_subprocess(isolated_profile: Path, tmp_path: Path) -> None:
    """The real program, no keychain: passphrase on stdin, Qt loaded only for the PDF."""
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "CURBSIDE_HOME": str(isolated_profile),
    }
    env.pop("QT_QPA_PLATFORM", None)  # the export must go offscreen by itself

    def curbside(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "curbside", "history", *argv, "--passphrase-file", "-"]
        return subprocess.run(command, input=PASS + "\n", capture_output=True, text=True, env=env)

    first = curbside("list")  # creates the history with the passphrase (real Argon2id cost)
    assert first.returncode == 0, first.stderr
    with open_history(PASS) as store:
        cid = store.create_conversation("PDF case", "qwen-default", SHA)
        store.add_message(cid, "user", "Ω unicode & <markup>")
    pdf = tmp_path / "case.pdf"
    done = curbside("export", str(cid), "--format", "pdf", "--output", str(pdf))
    assert done.returncode == 0, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"/Type /Page" in data and len(data) > 2000
    assert pdf.stat().st_mode & 0o077 == 0


def test_export_follows_the_administrators_export_rule(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_history() as store:
        cid = store.create_conversation("Mr. John Kowalski, 67M", "qwen-default", SHA)
        store.add_message(cid, "user", "Seen by Dr. Okafor, MRN 00482913, chest pain")
    policy = tmp_path / "policy.toml"
    out = tmp_path / "c.md"
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))
    policy.write_text('exports = "off"\n')
    code, _, err = run(capsys, "export", str(cid), "--format", "md", "--output", str(out))
    assert code == 1 and "turned off" in err and not out.exists()
    policy.write_text('exports = "redacted"\n')
    args = ("export", str(cid), "--format", "md", "--output", str(out), "--keep-identifiers")
    code, said, _ = run(capsys, *args)
    assert code == 0 and "replaced with placeholders" in said
    text = out.read_text(encoding="utf-8")
    assert "Kowalski" not in text and "00482913" not in text and "[NAME-" in text
