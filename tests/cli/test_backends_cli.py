"""``curbside backends`` and ``curbside ask --backend`` against a local server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from curbside.deid import redact
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse
from tests.doubles.ports import free_port

IDENTIFIED = "Patient John Smith, MRN 00482913, has chest pain on exertion. Next step?"


def _err(result) -> str:
    return result.stderr.decode()


def _serve_answer(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )


def _sent(httpserver: HTTPServer) -> dict:
    [request] = [r for r, _ in httpserver.log if r.path.endswith("/chat/completions")]
    return json.loads(request.get_data())


def test_an_identifier_is_refused_for_a_remote_server_even_with_allow_phi(
    curbside, httpserver: HTTPServer
) -> None:
    _serve_answer(httpserver)
    result = curbside(
        "ask", "--backend", httpserver.url_for("/v1"), "--allow-phi", "--no-save", IDENTIFIED
    )
    assert result.returncode == 1
    assert "never go to a remote server" in _err(result)
    assert "Smith" not in _err(result)
    assert httpserver.log == []  # nothing left the machine


def test_redacted_text_goes_and_the_server_gets_exactly_it(
    curbside, httpserver: HTTPServer
) -> None:
    _serve_answer(httpserver)
    redacted = redact(IDENTIFIED).text
    assert "Smith" not in redacted
    result = curbside("ask", "--backend", httpserver.url_for("/v1"), "--json", redacted)
    assert result.returncode == 0, _err(result)
    sent = _sent(httpserver)
    assert sent["messages"][-1] == {"role": "user", "content": redacted}
    payload = json.loads(result.stdout)
    assert payload["answer"] == "Consider acute coronary syndrome."
    assert payload["remote"]["host"] == "localhost" or payload["remote"]["host"].startswith("127.")
    # What is stored is what was sent, with the server and the prompt's digest.
    conversation_id = curbside("history", "list").stdout.decode().split()[0]
    shown = curbside("history", "show", conversation_id).stdout.decode()
    assert redacted in shown


def test_a_stored_bearer_server_uses_the_key_from_the_keychain(
    curbside, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(
        "/v1/chat/completions", headers={"Authorization": "Bearer ward-key-1"}
    ).respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    key_file = tmp_path / "key.txt"
    key_file.write_text("ward-key-1\n")
    url = httpserver.url_for("/v1")
    added = curbside(
        "backends", "add", "ward", "--url", url, "--auth", "bearer", "--api-key-file", str(key_file)
    )
    assert added.returncode == 0, _err(added)
    listed = curbside("backends", "list", "--json")
    [row] = json.loads(listed.stdout)
    assert row["name"] == "ward" and row["key_stored"] is True
    config = (tmp_path / "curbside-home" / "config" / "remote_backends.json").read_text()
    assert "ward-key-1" not in config  # the key lives in the keychain only
    asked = curbside("ask", "--backend", "ward", "--no-save", "Causes of syncope?")
    assert asked.returncode == 0, _err(asked)
    assert "Consider acute coronary syndrome." in asked.stdout.decode()
    removed = curbside("backends", "remove", "ward")
    assert removed.returncode == 0
    assert json.loads(curbside("backends", "list", "--json").stdout) == []


def test_a_key_on_the_command_line_is_not_accepted(curbside) -> None:
    result = curbside(
        "backends", "add", "ward", "--url", "http://127.0.0.1:9/v1", "--api-key", "sk-secret"
    )
    assert result.returncode == 2
    assert "sk-secret" not in _err(result).replace("--api-key sk-secret", "")


def test_plain_http_to_another_host_is_refused(curbside) -> None:
    result = curbside("backends", "add", "far", "--url", "http://gpu.example.org/v1")
    assert result.returncode == 1
    assert "unencrypted" in _err(result) and "https" in _err(result)


def test_backends_test_shows_latency_and_models(curbside, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/models").respond_with_json(
        {"object": "list", "data": [{"id": "medgemma-27b"}, {"id": "smollm2"}]}
    )
    url = httpserver.url_for("/v1")
    assert curbside("backends", "add", "gpu", "--url", url, "--model", "smollm2").returncode == 0
    result = curbside("backends", "test", "gpu")
    assert result.returncode == 0, _err(result)
    out = result.stdout.decode()
    assert "ms" in out and "medgemma-27b" in out and "smollm2" in out


def test_a_refused_connection_is_one_line(curbside) -> None:
    result = curbside("ask", "--backend", f"http://127.0.0.1:{free_port()}/v1", "--no-save", "Hi?")
    assert result.returncode == 1
    lines = _err(result).strip().splitlines()
    assert len(lines) == 1 and "refused the connection" in lines[0]


def test_an_azure_ai_foundry_endpoint_is_added_and_answers_in_its_url_shape(
    curbside, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(
        "/models/chat/completions",
        method="POST",
        query_string={"api-version": "2024-05-01-preview"},
        headers={"api-key": "foundry-key-1"},
    ).respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    key_file = tmp_path / "key.txt"
    key_file.write_text("foundry-key-1\n")
    url = httpserver.url_for("/models")
    added = curbside(
        "backends", "add", "foundry", "--url", url, "--auth", "azure",
        "--model", "clinical-27b", "--api-key-file", str(key_file),
    )  # fmt: skip
    assert added.returncode == 0, _err(added)
    assert "foundry, auth azure" in added.stdout.decode()
    [row] = json.loads(curbside("backends", "list", "--json").stdout)
    assert row["shape"] == "foundry"
    asked = curbside("ask", "--backend", "foundry", "--no-save", "Causes of syncope?")
    assert asked.returncode == 0, _err(asked)
    assert _sent(httpserver)["model"] == "clinical-27b"
