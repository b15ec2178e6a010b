"""``curbside ask``: stream an answer to stdout, or print one JSON object with ``--json``.

With ``--case FILE`` the case is attached the way the desktop app attaches it
(in the system message, as Markdown), and ``--mode`` picks the reasoning mode
(differential diagnosis, work-up, plan, summary, explain to the patient, or a
free question). A mode other than ``free`` needs no question: the mode says
what to do with the case. The prompt is budgeted before anything is sent, so a
case too long for the model is refused with both numbers.

Like the app, the exchange is saved to the encrypted history (``--no-save``
skips it; ``--passphrase-file`` unlocks it where no keychain is usable), and
text holding identifiers is refused unless ``--allow-phi`` is given, which is
recorded as the categories left in, never the text.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from curbside.audit import describe_model_load
from curbside.chat.case import Case, load_case_file
from curbside.chat.input_check import decode_input, validate_user_text
from curbside.chat.recorder import ConversationRecorder, ModelIdentity
from curbside.chat.session import ChatSession
from curbside.chat.settings_rule import (
    Explicit,
    resolve_engine_options,
    resolve_params,
    resolve_system_prompt,
)
from curbside.cli.ask_remote_args import add_remote_arguments
from curbside.cli.terminal import safe_json, write_out
from curbside.cli.unlock import open_store
from curbside.deid import detect
from curbside.engine.base import GenerationParams, StreamResult
from curbside.errors import InputError, UsageError
from curbside.infra import TooLarge
from curbside.infra.files import read_stream_bounded
from curbside.infra.limits import MAX_TEXT_FILE_BYTES
from curbside.models.choice import resolve_model_path
from curbside.models.settings import ModelSettings, SettingsStore
from curbside.privacy import Action, decide, record_phi_decision
from curbside.prompts import MODES, get_mode, load_settings, mode_from_stamp
from curbside.storage import HistoryStore


def register(subparsers: Any) -> None:
    """Add the ``ask`` subcommand."""
    parser = subparsers.add_parser("ask", help="ask the model once and stream the answer")
    parser.add_argument("text", nargs="?", help="the question or case; '-' or omit to read stdin")
    parser.add_argument("--model", help="GGUF file to use (default: the catalog default)")
    parser.add_argument(
        "--mode", choices=list(MODES), default="free", help="reasoning mode (default: free)"
    )
    parser.add_argument(
        "--case",
        type=Path,
        metavar="FILE",
        help="case file: plain text, or .toml/.json with case fields",
    )
    parser.add_argument(
        "--max-tokens",
        type=_positive_int,
        default=None,
        help="answer length limit (default: the mode's)",
    )
    parser.add_argument(
        "--temperature", type=float, default=None, help="sampling temperature (default: the mode's)"
    )
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--threads", type=_positive_int, default=None)
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    parser.add_argument("--no-save", action="store_true", help="do not save to history")
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="history passphrase from FILE ('-' stdin, 'fd:N') where no keychain is usable; "
        "with --backend it also opens the remote key file",
    )
    parser.add_argument(
        "--allow-phi",
        action="store_true",
        help="send even if identifiers are found (recorded as categories, never text)",
    )
    add_remote_arguments(parser)
    parser.set_defaults(handler=run)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


def read_question(text: str | None, *, optional: bool = False) -> str:
    """Return the question from the argument or stdin, validated.

    Args:
        text: The positional argument (``-`` reads stdin; None reads stdin unless
            ``optional``).
        optional: A question may be left out (a mode with a case says what to do).
    """
    if text is None and optional:
        return ""
    if text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise UsageError("No question given.", "Pass TEXT or pipe it on stdin ('-').")
        try:
            raw = decode_input(read_stream_bounded(sys.stdin.buffer, MAX_TEXT_FILE_BYTES))
        except TooLarge:
            raise InputError(
                f"The text on stdin is over {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB.",
                "Pipe only the case and the question.",
            ) from None
    else:
        raw = text
    if not raw.strip():
        if optional:
            return ""
        raise UsageError("The question is empty.", "Pass TEXT or pipe it on stdin ('-').")
    return validate_user_text(raw)


def build_session(
    args: argparse.Namespace, model: ModelSettings | None = None
) -> tuple[ChatSession, GenerationParams]:
    """Return the session holding the case and the question, and the generation settings.

    Settings follow the one precedence rule (:mod:`curbside.chat.settings_rule`):
    flags, then the clinician's mode-panel changes, then ``model``'s own
    settings, then the mode's defaults. Without ``--case``, a mode other than
    ``free`` takes the text given as the case.
    """
    mode = get_mode(args.mode)
    settings = load_settings()
    session = ChatSession(system_prompt=resolve_system_prompt(settings, model))
    if args.case is not None:
        session.set_case(load_case_file(args.case))
        question = read_question(args.text, optional=not mode.needs_question)
    elif mode.needs_question:
        question = read_question(args.text)
    else:
        # A mode without --case: the text given is the case, and the mode is the task.
        session.set_case(Case.from_text(read_question(args.text)))
        question = ""
    session.ask(question, mode)
    explicit = Explicit(temperature=args.temperature, max_tokens=args.max_tokens, seed=args.seed)
    return session, resolve_params(mode, settings, model, explicit)


def run(args: argparse.Namespace) -> int:
    """Answer one question; return the exit code."""
    if args.backend:
        from curbside.cli.ask_remote import run_remote  # the HTTP client only when needed

        return run_remote(args)
    path = resolve_model_path(args.model)
    model_settings = SettingsStore().get(path)
    session, params = build_session(args, model_settings)
    left_in = check_phi(session, allow=args.allow_phi)
    store = None if args.no_save else open_store(args.passphrase_file)
    from curbside.engine.llama import LlamaEngine  # heavy imports only when needed
    from curbside.models.probe import preflight

    preflight(path)
    options = resolve_engine_options(model_settings, threads=args.threads)
    engine = LlamaEngine(path, **options)
    if store is not None:
        _record_load(store, path, engine, options, left_in if args.allow_phi else [])
    try:
        plan = session.fit(engine.count_tokens, engine.n_ctx, params.max_tokens)
        result = StreamResult(engine.stream(plan.messages, params, threading.Event()))
        for chunk in result:
            if not args.json:
                write_out(chunk)
    finally:
        engine.close()
    usage = result.usage.as_dict() if result.usage else {}
    if store is not None:
        with store:
            save_exchange(
                store,
                session,
                ModelIdentity.for_path(path),
                result.text,
                usage,
                params,
                left_in if args.allow_phi else None,
                plan.messages,
            )
    mode = get_mode(args.mode)
    if args.json:
        keys = ("prompt_tokens", "completion_tokens", "ttft_s", "tokens_per_s")
        payload = {
            "answer": result.text,
            "usage": {k: usage.get(k) for k in keys},
            "model": engine.model_name,
            "mode": {"id": mode.id, "version": mode.version},
        }
        print(safe_json(json.dumps(payload, ensure_ascii=False)))
    else:
        sys.stdout.write("\n")
    return 0


def check_phi(session: ChatSession, allow: bool, action: Action = "send") -> list[str]:
    """Return the identifier categories in the question or case; refuse unless ``allow``.

    For a remote server (``action="remote"``) ``allow`` counts only where an
    administrator's policy allows remote overrides.
    """
    texts = [info.shown for info in session.info]
    if session.case is not None:
        texts.append(session.case.to_markdown())
    found = [finding.label for text in texts for finding in detect(text)]
    verdict = decide(action, found, override=allow, how_to_override="pass --allow-phi")
    if not verdict.allowed:
        raise InputError(verdict.message, verdict.hint)
    return list(verdict.categories)


def save_exchange(
    store: HistoryStore,
    session: ChatSession,
    model: ModelIdentity,
    answer: str,
    usage: dict[str, Any],
    params: GenerationParams,
    phi_override: list[str] | None,
    sent: list[Any],
    answer_meta: dict[str, Any] | None = None,
) -> None:
    """Save the case, the question and the answer, as the app does."""
    recorder = ConversationRecorder(store, model)
    question = session.info[-1]
    shown = mode_from_stamp(question.mode).shown(question.shown)
    if session.case is not None:
        recorder.record_case(session.case, title_hint=question.shown)
    meta: dict[str, Any] = {"mode": question.mode, "source": "cli"}
    if phi_override is not None:
        meta["phi_override"] = phi_override
    recorder.record_user(shown, meta)
    if answer:
        recorder.record_answer(
            answer,
            usage,
            params,
            {**(answer_meta or {}), "mode": question.mode},
            system_prompt=session.system_prompt,
            prompt=sent,
        )


def _record_load(
    store: HistoryStore,
    path: Path,
    engine: Any,
    options: dict[str, Any],
    phi_override: list[str],
) -> None:
    """Audit the model load (and a ``--allow-phi`` override, categories only)."""
    options = {**options, "n_ctx": engine.n_ctx, "n_threads": engine.n_threads}
    store.audit.append("model.load", describe_model_load(path, options) | {"source": "cli"})
    if phi_override:
        record_phi_decision(store.audit, phi_override, "cli", overridden=True)
