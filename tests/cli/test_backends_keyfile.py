"""``curbside backends`` and ``ask --backend`` on a machine with no usable keychain.

The subprocess runs with keyring's own ``fail`` backend, which is what a
locked-down workstation or headless Linux without Secret Service gives. The
server is a local HTTP server on loopback that answers only with the right key.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from curbside.cli import key_passphrase as cli_passphrase
from curbside.errors import InputError
from curbside.remote import KeyStoreError
from curbside.storage import Layout
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse

NO_KEYCHAIN = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
PASSPHRASE = "ward seven night shift"
KEY = "sk-ward-7f3a9c"


def _files(tmp_path: Path) -> tuple[str, str]:
    key_file, passphrase_file = tmp_path / "key.txt", tmp_path / "pass.txt"
    key_file.write_text(KEY + "\n")
    passphrase_file.write_text(PASSPHRASE + "\n")
    return str(key_file), str(passphrase_file)


def _serve_with_key(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/v1/chat/completions", headers={"Authorization": f"Bearer {KEY}"}
    ).respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )


def _add(curbside, httpserver: HTTPServer, *extra: str):
    url = httpserver.url_for("/v1")
    return curbside(
        "backends", "add", "ward", "--url", url, "--auth", "bearer", *extra, env=NO_KEYCHAIN
    )


def _added(curbside, httpserver: HTTPServer, key_file: str, passphrase_file: str):
    return _add(
        curbside, httpserver, "--api-key-file", key_file, "--passphrase-file", passphrase_file
    )


def _one_line(result) -> str:
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_without_a_keychain_the_key_goes_into_the_passphrase_file_and_answers(
    curbside, httpserver: HTTPServer, tmp_path: Path, isolated_profile: Path
) -> None:
    _serve_with_key(httpserver)
    key_file, passphrase_file = _files(tmp_path)
    added = _add(
        curbside, httpserver, "--api-key-file", key_file, "--passphrase-file", passphrase_file
    )
    assert added.returncode == 0, added.stderr
    assert "passphrase-protected key file" in added.stdout.decode()
    stored = (isolated_profile / "remote_keys.json").read_bytes()
    assert KEY.encode() not in stored and PASSPHRASE.encode() not in stored
    assert KEY not in (isolated_profile / "config" / "remote_backends.json").read_text()

    listed = curbside("backends", "list", "--json", env=NO_KEYCHAIN)  # names need no passphrase
    [row] = json.loads(listed.stdout)
    assert row["key_stored"] is True and row["key_place"] == "passphrase file"

    asked = curbside(
        "ask", "--backend", "ward", "--no-save", "--passphrase-file", passphrase_file,
        "Causes of syncope?", env=NO_KEYCHAIN,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    assert "Consider acute coronary syndrome." in asked.stdout.decode()

    removed = curbside("backends", "remove", "ward", env=NO_KEYCHAIN)
    assert removed.returncode == 0, removed.stderr
    assert json.loads((isolated_profile / "remote_keys.json").read_text())["keys"] == {}


def test_one_passphrase_on_stdin_opens_the_key_file_and_the_history(
    curbside, httpserver: HTTPServer, tmp_path: Path, isolated_profile: Path
) -> None:
    _serve_with_key(httpserver)
    key_file, passphrase_file = _files(tmp_path)
    assert _added(curbside, httpserver, key_file, passphrase_file).returncode == 0
    asked = curbside(
        "ask", "--backend", "ward", "--passphrase-file", "-", "Causes of syncope?",
        stdin=PASSPHRASE + "\n", env=NO_KEYCHAIN,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    assert Layout.at(isolated_profile).sidecar.is_file()  # the history was made with it
    listed = curbside("history", "list", "--passphrase-file", passphrase_file, env=NO_KEYCHAIN)
    assert listed.returncode == 0, listed.stderr
    assert "Causes of syncope" in listed.stdout.decode()


def test_a_wrong_passphrase_is_one_clear_line_and_nothing_is_sent(
    curbside, httpserver: HTTPServer, tmp_path: Path
) -> None:
    _serve_with_key(httpserver)
    key_file, passphrase_file = _files(tmp_path)
    assert _added(curbside, httpserver, key_file, passphrase_file).returncode == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("ward seven day shift\n")
    asked = curbside(
        "ask", "--backend", "ward", "--no-save", "--passphrase-file", str(wrong), "Hi?",
        env=NO_KEYCHAIN,
    )  # fmt: skip
    assert asked.returncode == 1
    assert _one_line(asked) == (
        "curbside: error: The passphrase does not open the remote servers' key file. "
        "Check it (it is case-sensitive) and try again."
    )
    tested = curbside("backends", "test", "ward", "--passphrase-file", str(wrong), env=NO_KEYCHAIN)
    assert tested.returncode == 1 and "does not open" in _one_line(tested)
    assert not [r for r, _ in httpserver.log if r.path.endswith("/chat/completions")]


def test_without_a_passphrase_a_script_is_told_which_option_to_pass(
    curbside, httpserver: HTTPServer, tmp_path: Path
) -> None:
    key_file, passphrase_file = _files(tmp_path)
    refused = _add(curbside, httpserver, "--api-key-file", key_file)
    assert refused.returncode == 1
    assert "--passphrase-file" in _one_line(refused) and KEY not in refused.stderr.decode()
    assert _added(curbside, httpserver, key_file, passphrase_file).returncode == 0
    asked = curbside("ask", "--backend", "ward", "--no-save", "Hi?", env=NO_KEYCHAIN)
    assert asked.returncode == 1
    line = _one_line(asked)
    assert "key file" in line and "--passphrase-file" in line


def test_a_short_new_passphrase_is_refused(
    curbside, httpserver: HTTPServer, tmp_path: Path
) -> None:
    key_file, _ = _files(tmp_path)
    short = tmp_path / "short.txt"
    short.write_text("short\n")
    refused = _add(
        curbside, httpserver, "--api-key-file", key_file, "--passphrase-file", str(short)
    )
    assert refused.returncode == 1 and "too short" in _one_line(refused)


def test_on_a_terminal_the_passphrase_is_prompted_twice_for_a_new_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed = iter([PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr(cli_passphrase.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli_passphrase.getpass, "getpass", lambda prompt: next(typed))
    args = argparse.Namespace(passphrase_file=None)
    source = cli_passphrase.key_passphrase(args)
    assert source(True) == PASSPHRASE
    assert source(False) == PASSPHRASE  # asked once per command
    assert cli_passphrase.given_passphrase(args) is None  # never passed on to the history


def test_two_different_new_passphrases_store_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter([PASSPHRASE, "something else entirely"])
    monkeypatch.setattr(cli_passphrase.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli_passphrase.getpass, "getpass", lambda prompt: next(typed))
    with pytest.raises(InputError, match="differ"):
        cli_passphrase.key_passphrase(argparse.Namespace(passphrase_file=None))(True)


def test_without_a_terminal_or_a_file_the_source_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_passphrase.sys.stdin, "isatty", lambda: False, raising=False)
    with pytest.raises(KeyStoreError, match="--passphrase-file"):
        cli_passphrase.key_passphrase(argparse.Namespace(passphrase_file=None))(False)
