"""The PHI gate for remote servers: identifiers never leave, whatever the caller asks."""

from __future__ import annotations

import threading

import pytest
from curbside.chat import Case, ChatSession
from curbside.deid import redact
from curbside.engine import GenerationParams, StreamResult
from curbside.privacy import Rules
from curbside.remote import (
    Backend,
    ClearedGate,
    PhiRefusedError,
    RemoteEngine,
    refuse_identifiers,
    remote_verdict,
)
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.app.remote.conftest import answer_events, sse

IDENTIFIED = "Patient John Smith, MRN 00482913, has chest pain on exertion."
CLEAN = "A 58-year-old man has chest pain on exertion."


def _user(text: str) -> list:
    return [{"role": "system", "content": "Be concise."}, {"role": "user", "content": text}]


@pytest.mark.parametrize(
    ("override", "rules", "allowed"),
    [
        (False, Rules(), False),
        (True, Rules(), False),  # --allow-phi / Send anyway does not reach a remote server
        (True, Rules(allow_remote_override=True), True),  # unless the admin says so
        (True, Rules(allow_override=False, allow_remote_override=True), False),
    ],
)
def test_the_remote_verdict(override: bool, rules: Rules, allowed: bool) -> None:
    verdict = remote_verdict(["NAME"], override=override, rules=rules)
    assert verdict.allowed is allowed
    if not allowed and not override:
        assert "never go to a remote server" in verdict.hint


def test_identifiers_are_refused_and_redacted_text_passes() -> None:
    with pytest.raises(PhiRefusedError) as caught:
        refuse_identifiers(_user(IDENTIFIED))
    assert "NAME" in str(caught.value) and "Smith" not in str(caught.value)
    assert refuse_identifiers(_user(redact(IDENTIFIED).text)).allowed
    assert refuse_identifiers(_user(CLEAN)).allowed


def test_earlier_answers_are_model_output_and_not_checked() -> None:
    messages = [*_user(CLEAN), {"role": "assistant", "content": "Ask Dr. Jane Doe at 555-0143."}]
    assert refuse_identifiers(messages).allowed


def test_the_windows_gate_lets_through_only_the_turn_it_cleared() -> None:
    gate = ClearedGate()
    with pytest.raises(PhiRefusedError):
        gate(_user(IDENTIFIED))
    gate.clear(IDENTIFIED)  # the clinician marked the findings "not PHI" in the window
    gate(_user(IDENTIFIED))
    case = [
        {"role": "system", "content": f"Case: {IDENTIFIED}"},
        {"role": "user", "content": CLEAN},
    ]
    with pytest.raises(PhiRefusedError):
        gate(case)  # the case is checked as strictly as ever


def test_the_engine_refuses_before_anything_is_sent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(
        lambda _: Response(sse(*answer_events()), content_type="text/event-stream")
    )
    engine = RemoteEngine(Backend(name="ward", url=httpserver.url_for("/v1").rstrip("/")))
    with pytest.raises(PhiRefusedError):
        list(engine.stream(_user(IDENTIFIED), GenerationParams(), threading.Event()))
    assert httpserver.log == []
    # Counting never sends what sending would refuse: the draft is estimated instead.
    engine.count_tokens(_user(IDENTIFIED))
    assert not engine.counter.exact
    assert all(IDENTIFIED not in r.get_data(as_text=True) for r, _ in httpserver.log)
    redacted = redact(IDENTIFIED).text
    result = StreamResult(engine.stream(_user(redacted), GenerationParams(), threading.Event()))
    assert "".join(result) == "Consider acute coronary syndrome."
    sent = [r for r, _ in httpserver.log if r.path.endswith("/chat/completions")]
    assert sent[0].get_json()["messages"][-1]["content"] == redacted


def test_a_case_the_window_cleared_passes_and_the_system_prompt_is_still_checked() -> None:
    case = Case.from_text(IDENTIFIED)
    session = ChatSession(system_prompt="Be concise.")
    session.set_case(case)
    messages = [*session.head(), {"role": "user", "content": CLEAN}]
    gate = ClearedGate()
    with pytest.raises(PhiRefusedError):
        gate(messages)
    gate.clear_case(case.to_markdown())  # "Send anyway", where the admin allows it remotely
    gate(messages)
    # The system prompt before the case is still checked strictly...
    leaky = ChatSession(system_prompt="Ask Dr. Jane Doe at 555-0143 first.")
    leaky.set_case(case)
    with pytest.raises(PhiRefusedError):
        gate([*leaky.head(), {"role": "user", "content": CLEAN}])
    # ...and so is another case, or the same one edited.
    edited = Case.from_text(IDENTIFIED + " Seen by Dr. Amelia Hartwright.")
    other = ChatSession(system_prompt="Be concise.")
    other.set_case(edited)
    with pytest.raises(PhiRefusedError):
        gate([*other.head(), {"role": "user", "content": CLEAN}])
    gate.forget()
    with pytest.raises(PhiRefusedError):
        gate(messages)
