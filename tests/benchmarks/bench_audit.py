"""Benchmark: the audit trail's cost per answer, verifying 100,000 entries, feedback exports.

Each figure comes with a baseline measured in the same process, on the same
encrypted file:

* **append per answer**: the audit entry an answer adds (details with three
  SHA-256 digests, canonical JSON, one committed transaction with
  synchronous=FULL) against saving the answer message itself. Target < 2 ms.
  Also the recorder's real path, the answer and its entry in one transaction.
* **verify 100,000 entries**: :func:`curbside.audit.verify_rows` over the whole
  chain against only reading the same rows. Target < 2 s.
* **feedback export of 10,000 rated answers**: JSONL with the PHI guard over
  every question, answer and comment (redacted, the default) against
  ``--no-text`` (no redaction), plus CSV and the PDF report (no text). By
  default texts repeat across conversations (each distinct text is scanned
  once); ``--distinct`` makes every question and answer differ.

Medians with the 10th–90th percentile range; rounds alternate because the
machine is shared. Prints one JSON object. Run:
``python -m tests.benchmarks.bench_audit [--entries N] [--rated N] [--distinct]
[--only append|verify|export]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from curbside.audit import answer_details, append_in, canonical, verify_rows
from curbside.chat.recorder import ConversationRecorder, ModelIdentity
from curbside.engine.base import GenerationParams
from curbside.feedback import FeedbackStore, Rating, rated_answers
from curbside.feedback.export import write_feedback_export
from curbside.feedback.report import RatedAnswer
from curbside.keys.datakey import generate_data_key
from curbside.privacy import ScanCache
from curbside.storage import HistoryStore
from curbside.storage.driver import connect_keyed
from curbside.storage.schema import migrate

QUESTION = "68 F, 3 days of dyspnoea and pleuritic chest pain after a long flight. Differential?"
ANSWER = (
    "1. **Pulmonary embolism**: Wells score, D-dimer or CTPA.\n2. Pneumonia: CXR, CRP.\n"
    "3. Acute coronary syndrome: ECG, troponin.\n4. Pericarditis: ECG, echo.\n" * 3
)
PARAMS = {"max_tokens": 512, "temperature": 0.2, "top_p": 0.95, "top_k": 40, "seed": None}


def _store(directory: Path, name: str) -> HistoryStore:
    path = directory / name
    store = HistoryStore(connect_keyed(path, generate_data_key()), path, None)
    migrate(store.db)
    return store


def _spread(samples: list[float], scale: float = 1000.0) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "median": round(statistics.median(ordered) * scale, 3),
        "p10": round(pick(0.1) * scale, 3),
        "p90": round(pick(0.9) * scale, 3),
    }


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_append(directory: Path, rounds: int = 300) -> dict[str, Any]:
    """Audit entry per answer vs saving the answer message (ms).

    Also the recorder's real path: the answer and its entry in one transaction
    (one commit), against the same baseline.
    """
    store = _store(directory, "append.db")
    cid = store.create_conversation("bench", "m", "ab" * 32)
    recorder = ConversationRecorder(store, ModelIdentity("m", "M", "ab" * 32))
    recorder.conversation_id = cid
    usage = {"prompt_tokens": 300, "completion_tokens": 200, "finish_reason": "stop"}
    params = GenerationParams(max_tokens=512, temperature=0.2)
    message_s, audit_s, together_s = [], [], []
    sent = canonical(
        [{"role": "system", "content": "x" * 800}, {"role": "user", "content": QUESTION}]
    )
    for _ in range(rounds):
        message_s.append(
            _timed(lambda: store.add_message(cid, "assistant", ANSWER, settings=PARAMS))
        )

        def append_entry() -> None:
            details = answer_details(
                conversation_id=cid,
                message_id=1,
                model={"id": "m", "name": "M", "sha256": "ab" * 32},
                mode="differential@1",
                system_prompt="x" * 800,
                params=PARAMS,
                usage={"prompt_tokens": 300, "completion_tokens": 200, "finish_reason": "stop"},
                prompt=sent,
                answer=ANSWER,
            )
            store.audit.append("answer", details)

        audit_s.append(_timed(append_entry))
        together_s.append(
            _timed(
                lambda: recorder.record_answer(
                    ANSWER, usage, params, {"mode": "differential@1"}, prompt=[sent]
                )
            )
        )
    store.close()
    audit, message, together = _spread(audit_s), _spread(message_s), _spread(together_s)
    return {
        "audit_append_ms": audit,
        "baseline_save_answer_ms": message,
        "ratio_median": round(audit["median"] / message["median"], 2),
        "answer_with_entry_one_commit_ms": together,
        "one_commit_ratio_median": round(together["median"] / message["median"], 2),
        "target_ms": 2.0,
        "rounds": rounds,
    }


def bench_verify(directory: Path, entries: int, rounds: int = 3) -> dict[str, Any]:
    """Verify the whole chain vs only reading its rows (s)."""
    store = _store(directory, "verify.db")
    details = {"conversation_id": 1, "message_id": 2, "prompt_sha256": "ab" * 32, "params": PARAMS}
    started = time.perf_counter()
    store.write(lambda db: [append_in(db, "answer", details | {"n": n}) for n in range(entries)])
    build_s = time.perf_counter() - started
    verify_s, read_s = [], []
    for _ in range(rounds):
        read_s.append(_timed(lambda: sum(1 for _ in store.audit.rows())))
        started = time.perf_counter()
        result = verify_rows(store.audit.rows())
        verify_s.append(time.perf_counter() - started)
        assert result.intact and result.count == entries
    store.close()
    verify, read = _spread(verify_s, 1.0), _spread(read_s, 1.0)
    return {
        "entries": entries,
        "verify_s": verify,
        "baseline_read_rows_s": read,
        "ratio_median": round(verify["median"] / read["median"], 2),
        "build_s": round(build_s, 2),
        "target_s": 2.0,
    }


def _fill_rated(store: HistoryStore, rated: int, distinct: bool) -> None:
    """Save ``rated`` rated answers, ten per conversation, in one transaction.

    One transaction (the store's writes nest as savepoints) so that building
    10,000 answers does not cost 30,000 synchronous commits; the export, not
    the fill, is measured. With ``distinct`` every question and answer differs
    (as in a real pilot), so no scan is answered from the cache.
    """
    feedback = FeedbackStore(store)
    per_conversation = 10

    def fill(_db: Any) -> None:
        for c in range(rated // per_conversation):
            cid = store.create_conversation(f"case {c}", "m", "ab" * 32)
            for a in range(per_conversation):
                n = c * per_conversation + a
                unique = (
                    f" Case {n}: temperature {36 + n % 40 / 10:.1f}, HR {60 + n % 90}." * distinct
                )
                question = f"{QUESTION} (variant {a}){unique}"
                store.add_message(cid, "user", question, meta={"mode": "differential@1"})
                mid = store.add_message(
                    cid,
                    "assistant",
                    ANSWER + (f"5. Reassess after {n % 48 + 1} hours (case {n}).\n" * distinct),
                    model_sha256="ab" * 32,
                    settings=PARAMS,
                    meta={"model_name": "M", "mode": "differential@1"},
                )
                comment = "Missed aortic dissection." if a % 3 == 0 else ""
                rating = Rating(
                    -1 if a % 4 == 0 else 1,
                    a % 5 + 1,
                    ("omission",) if a % 4 == 0 else (),
                    None,
                    comment,
                )
                feedback.rate(mid, rating)

    store.write(fill)


def bench_export(directory: Path, rated: int, distinct: bool, rounds: int) -> dict[str, Any]:
    """Feedback export of ``rated`` answers to a file: redacted JSONL vs no-text JSONL (s).

    Both are written as the real export writes them (streamed, atomically).
    Also: CSV (redacted), the PDF report (no text), and the PHI scan's figures
    (texts scanned vs answered from the per-export cache, ms per scan).
    """
    store = _store(directory, "feedback.db")
    started = time.perf_counter()
    _fill_rated(store, rated, distinct)
    build_s = time.perf_counter() - started
    ratings = FeedbackStore(store).find()
    out = directory / "export"
    redacted_s, bare_s, caches = [], [], []
    for _ in range(rounds):
        bare_s.append(
            _timed(
                lambda: write_feedback_export(
                    rated_answers(store, ratings, redact=False), "jsonl", out, text=False
                )
            )
        )
        cache = ScanCache()
        caches.append(cache)
        stream = rated_answers(store, ratings, scan=cache)

        def export(answers: Iterator[RatedAnswer] = stream) -> int:
            return write_feedback_export(answers, "jsonl", out)

        redacted_s.append(_timed(export))
    csv_s = _timed(lambda: write_feedback_export(rated_answers(store, ratings), "csv", out))
    answers = list(rated_answers(store, ratings, redact=False))
    pdf_s = _timed(lambda: write_feedback_export(answers, "pdf", directory / "f.pdf", text=False))
    store.close()
    redacted, bare = _spread(redacted_s, 1.0), _spread(bare_s, 1.0)
    scans = caches[-1].scans
    return {
        "rated_answers": len(ratings),
        "distinct_texts": distinct,
        "jsonl_redacted_s": redacted,
        "baseline_jsonl_no_text_s": bare,
        "ratio_median": round(redacted["median"] / bare["median"], 2),
        "redacted_ms_per_answer": round(redacted["median"] * 1000 / max(1, len(ratings)), 2),
        "texts_scanned": scans,
        "texts_from_cache": caches[-1].hits,
        "csv_redacted_s": round(csv_s, 2),
        "pdf_no_text_s": round(pdf_s, 2),
        "pdf_pages": (min(len(answers), 200) + 4) // 5 + 1,
        "build_s": round(build_s, 2),
        "rounds": rounds,
    }


def main(argv: list[str]) -> int:
    """Run the three benchmarks and print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rated", type=int, default=10_000)
    parser.add_argument(
        "--distinct", action="store_true", help="every question and answer differs (no cache hits)"
    )
    parser.add_argument("--export-rounds", type=int, default=2)
    parser.add_argument(
        "--only", choices=("append", "verify", "export"), help="run one benchmark alone"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        runs: dict[str, Callable[[], dict[str, Any]]] = {
            "append_per_answer": lambda: bench_append(directory),
            "verify": lambda: bench_verify(directory, args.entries),
            "feedback_export": lambda: bench_export(
                directory, args.rated, args.distinct, args.export_rounds
            ),
        }
        chosen = {"append": "append_per_answer", "verify": "verify", "export": "feedback_export"}
        names = [chosen[args.only]] if args.only else list(runs)
        report: dict[str, Any] = {"benchmark": "audit", "load_average": os.getloadavg()}
        report |= {name: runs[name]() for name in names}
        report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
