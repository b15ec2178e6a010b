"""``curbside ask``: stream an answer to stdout, or print one JSON object with ``--json``."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any

from app.engine.base import GenerationParams, StreamResult
from app.errors import UsageError
from app.input_check import decode_input, validate_user_text
from app.model_choice import resolve_model_path
from app.session import ChatSession


def register(subparsers: Any) -> None:
    """Add the ``ask`` subcommand."""
    parser = subparsers.add_parser("ask", help="ask the model once and stream the answer")
    parser.add_argument("text", nargs="?", help="the question or case; '-' or omit to read stdin")
    parser.add_argument("--model", help="GGUF file to use (default: the catalog default)")
    parser.add_argument("--max-tokens", type=_positive_int, default=512)
    parser.add_argument("--temperature", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--threads", type=_positive_int, default=None)
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    parser.set_defaults(handler=run)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


def read_question(text: str | None) -> str:
    """Return the question from the argument or stdin, validated."""
    if text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise UsageError("No question given.", "Pass TEXT or pipe it on stdin ('-').")
        raw = decode_input(sys.stdin.buffer.read())
    else:
        raw = text
    if not raw.strip():
        raise UsageError("The question is empty.", "Pass TEXT or pipe it on stdin ('-').")
    return validate_user_text(raw)


def run(args: argparse.Namespace) -> int:
    """Answer one question; return the exit code."""
    question = read_question(args.text)
    from app.engine.llama import LlamaEngine  # heavy import only when needed

    engine = LlamaEngine(resolve_model_path(args.model), n_threads=args.threads)
    session = ChatSession()
    session.add("user", question)
    params = GenerationParams(
        max_tokens=args.max_tokens, temperature=args.temperature, seed=args.seed
    )
    result = StreamResult(engine.stream(session.messages(), params, threading.Event()))
    for chunk in result:
        if not args.json:
            sys.stdout.write(chunk)
            sys.stdout.flush()
    usage = result.usage
    if args.json:
        figures = usage.as_dict() if usage else {}
        keys = ("prompt_tokens", "completion_tokens", "ttft_s", "tokens_per_s")
        payload = {
            "answer": result.text,
            "usage": {k: figures.get(k) for k in keys},
            "model": engine.model_name,
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        sys.stdout.write("\n")
    engine.close()
    return 0
