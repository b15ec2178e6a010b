"""``curbside ask`` and ``--version`` as subprocesses: exit codes, output, error lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside import __version__


def _err(result) -> str:
    return result.stderr.decode()


def test_version(curbside) -> None:
    result = curbside("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"curbside {__version__}"


@pytest.mark.model
def test_ask_streams_an_answer(curbside) -> None:
    result = curbside("ask", "--max-tokens", "12", "--temperature", "0", "Name a cause of fever.")
    assert result.returncode == 0, _err(result)
    assert result.stdout.decode().strip()
    assert _err(result) == ""


@pytest.mark.model
def test_ask_json_shape_from_stdin(curbside) -> None:
    result = curbside("ask", "--json", "--max-tokens", "8", "-", stdin="Causes of syncope?")
    assert result.returncode == 0, _err(result)
    payload = json.loads(result.stdout)
    assert set(payload) >= {"answer", "usage", "model"}
    assert set(payload["usage"]) == {"prompt_tokens", "completion_tokens", "ttft_s", "tokens_per_s"}
    assert payload["answer"].strip()
    assert 1 <= payload["usage"]["completion_tokens"] <= 8
    assert payload["usage"]["prompt_tokens"] > 5


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("ask", ""), None),
        (("ask", "-"), "   \n"),
        (("ask", "--max-tokens", "0", "x"), None),
        (("ask", "--bogus"), None),
        (("frobnicate",), None),
    ],
    ids=["empty-arg", "empty-stdin", "zero-tokens", "unknown-flag", "unknown-command"],
)
def test_usage_errors_exit_2(curbside, args, stdin) -> None:
    result = curbside(*args, stdin=stdin)
    assert result.returncode == 2
    assert _err(result).strip()
    assert "Traceback" not in _err(result)


def test_missing_model_exits_1_naming_path(curbside, tmp_path: Path) -> None:
    result = curbside("ask", "--model", str(tmp_path / "absent.gguf"), "hello")
    assert result.returncode == 1
    lines = _err(result).strip().splitlines()
    assert len(lines) == 1 and "absent.gguf" in lines[0]


def test_missing_default_model_says_fetch(curbside, tmp_path: Path) -> None:
    result = curbside("ask", "hello", env={"CURBSIDE_MODELS_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "curbside models fetch" in _err(result)


def test_non_gguf_model_is_refused(curbside, tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model at all" * 100)
    result = curbside("ask", "--model", str(junk), "hello")
    assert result.returncode == 1
    assert "not a GGUF" in _err(result)


def test_binary_stdin_is_refused(curbside) -> None:
    result = curbside("ask", "-", stdin=b"\x00\xff\xfe\x01" * 50)
    assert result.returncode == 1
    assert "UTF-8" in _err(result) or "binary" in _err(result)
    assert "Traceback" not in _err(result)


@pytest.mark.model
def test_text_longer_than_context_is_refused_with_numbers(curbside) -> None:
    result = curbside("ask", "-", stdin="potassium " * 9000)
    assert result.returncode == 1
    assert "tokens" in _err(result) and "4096" in _err(result)
    assert "Traceback" not in _err(result)


@pytest.mark.model
def test_ask_saves_the_exchange_to_history(curbside, isolated_profile: Path) -> None:
    result = curbside("ask", "--max-tokens", "6", "--json", "Causes of hyponatraemia?")
    assert result.returncode == 0, _err(result)
    listed = curbside("history", "list")
    assert listed.returncode == 0, _err(listed)
    assert "Causes of hyponatraemia?" in listed.stdout.decode()
    conversation_id = listed.stdout.decode().split()[0]
    shown = curbside("history", "show", conversation_id).stdout.decode()
    assert json.loads(result.stdout)["answer"].strip()[:10] in shown


@pytest.mark.model
def test_no_save_leaves_history_untouched(curbside) -> None:
    result = curbside("ask", "--no-save", "--max-tokens", "4", "Causes of fever?")
    assert result.returncode == 0, _err(result)
    assert "Causes of fever?" not in curbside("history", "list").stdout.decode()


def test_identifiers_are_refused_before_anything_is_sent(curbside) -> None:
    result = curbside("ask", "--no-save", "Patient John Smith, MRN 00482913, has chest pain.")
    assert result.returncode == 1
    assert "NAME" in _err(result) and "--allow-phi" in _err(result)
    assert "John Smith" not in _err(result)


@pytest.mark.model
def test_allow_phi_sends_and_records_only_categories(curbside, tmp_path: Path) -> None:
    result = curbside(
        "ask", "--allow-phi", "--max-tokens", "4", "Patient John Smith, MRN 00482913: fever?"
    )
    assert result.returncode == 0, _err(result)
    conversation_id = curbside("history", "list").stdout.decode().split()[0]
    target = tmp_path / "exported.json"
    exported = curbside(
        "history", "export", conversation_id, "--format", "json", "--output", str(target)
    )
    assert exported.returncode == 0, _err(exported)
    question = json.loads(target.read_text())["messages"][0]
    assert set(question["meta"]["phi_override"]) >= {"NAME", "ID"}
    assert "Smith" not in json.dumps(question["meta"])


def test_locked_history_fails_before_the_model_loads(curbside) -> None:
    result = curbside(
        "ask",
        "Causes of fever?",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert result.returncode == 1
    assert "passphrase" in _err(result).lower()
