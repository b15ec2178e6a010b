"""``curbside ask --backend NAME_OR_URL``: the same question, answered by a unit's own server.

The session, modes, case, budget and history are those of a local ``ask``;
what changes is where the model runs and how strict the PHI guard is: text
with identifiers is refused for a remote server even with ``--allow-phi``,
unless an administrator's rules allow remote overrides. What is stored is
exactly what was sent, with the server, host, model and the prompt's digest
recorded with the answer. A failure after part of the answer arrived keeps
that part (printed, and saved marked incomplete) and ends with one line.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any

from curbside.chat.recorder import ModelIdentity
from curbside.cli.key_passphrase import given_passphrase, key_passphrase
from curbside.cli.terminal import safe_json, write_out
from curbside.cli.unlock import open_store
from curbside.engine.base import StreamResult
from curbside.prompts import get_mode
from curbside.remote import RemoteEngine, RemoteError, open_backend, record_remote_answer


def run_remote(args: argparse.Namespace) -> int:
    """Answer one question on a remote server; return the exit code."""
    from curbside.cli.ask import build_session, check_phi, save_exchange

    if args.model or args.threads:
        print("curbside: note: --model and --threads apply to local models only", file=sys.stderr)
    session, params = build_session(args)
    left_in = check_phi(session, allow=args.allow_phi, action="remote")
    engine = open_backend(
        args.backend,
        model=args.remote_model,
        api_key_file=args.api_key_file,
        passphrase=key_passphrase(args),
    )
    passphrase = given_passphrase(args)  # read once: `-` serves the key file and the history
    store = None if args.no_save else open_store(args.passphrase_file, passphrase=passphrase)
    failure: RemoteError | None = None
    try:
        engine.counter.count(session.messages())  # asks the server's tokenizer once, if any
        plan = session.fit(engine.count_tokens, engine.n_ctx, params.max_tokens)
        result = StreamResult(engine.stream(plan.messages, params, threading.Event()))
        try:
            for chunk in result:
                if not args.json:
                    write_out(chunk)
        except RemoteError as exc:
            failure = exc
    finally:
        engine.close()
    usage = _usage(result, failure)
    meta = _answer_meta(engine, usage)
    if store is not None and (result.text or failure is None):
        with store:
            save_exchange(
                store,
                session,
                _identity(engine),
                result.text,
                usage,
                params,
                left_in if args.allow_phi and left_in else None,
                sent=plan.messages,
                answer_meta=meta,
            )
    _report(args, engine, result, usage, meta)
    if failure is not None:
        raise failure
    return 0


def _usage(result: StreamResult, failure: RemoteError | None) -> dict[str, Any]:
    usage = result.usage.as_dict() if result.usage else {}
    if failure is not None:
        usage.update(stopped=True, finish_reason="error", error=failure.kind)
    return usage


def _identity(engine: RemoteEngine) -> ModelIdentity:
    backend = engine.backend
    return ModelIdentity(f"remote:{backend.name}", engine.model_name, None)


def _answer_meta(engine: RemoteEngine, usage: dict[str, Any]) -> dict[str, Any]:
    if engine.last_sent is None:
        return {}
    return record_remote_answer(engine.last_sent, usage, {"source": "cli"})


def _report(
    args: argparse.Namespace,
    engine: RemoteEngine,
    result: StreamResult,
    usage: dict[str, Any],
    meta: dict[str, Any],
) -> None:
    if not args.json:
        if result.text:
            sys.stdout.write("\n")
        return
    mode = get_mode(args.mode)
    keys = ("prompt_tokens", "completion_tokens", "ttft_s", "tokens_per_s", "finish_reason")
    payload = {
        "answer": result.text,
        "usage": {k: usage.get(k) for k in keys},
        "model": engine.model_name,
        "mode": {"id": mode.id, "version": mode.version},
        "remote": meta.get("remote"),
    }
    print(safe_json(json.dumps(payload, ensure_ascii=False)))
