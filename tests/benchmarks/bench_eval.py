"""Benchmark: the evaluation harness's overhead per item, and (``--full``) a whole MedQA run.

Overhead. The same MedQA items are answered twice in one process with the
default model: by the harness (:func:`curbside.evaluation.run_evaluation`:
prompt building, token counting, scoring, one encrypted commit per answer),
and by a bare loop that only calls ``engine.stream`` on the same prepared
messages (the baseline). Reported: the harness's own time per item measured
inside the run (item time minus time inside the engine), as a fraction of the
engine's time (target under 5%), and the ratio of per-item time, harness ÷ bare loop.
Rounds alternate, because the machine is shared.

Full run (``--full``): every question of ``../shared/data/medqa-us/test.jsonl``
through the default model, resumable in ``--out``; prints time and accuracy
with its Wilson interval. A 135M model scores near chance (0.25).

Run: ``python -m tests.benchmarks.bench_eval [--items N] [--rounds R] [--full --out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

MEDQA = Path(__file__).resolve().parents[3] / "shared" / "data" / "medqa-us" / "test.jsonl"
if not MEDQA.exists():
    MEDQA = Path("/work/shared/data/medqa-us/test.jsonl")
TARGET = 0.05


def _profile() -> None:
    """A throwaway profile and keychain, so the benchmark never touches a real one."""
    import keyring

    from tests.file_keyring import FileKeyring

    if "CURBSIDE_HOME" not in os.environ:
        os.environ["CURBSIDE_HOME"] = tempfile.mkdtemp(prefix="curbside-bench-eval-")
    keyring.set_keyring(FileKeyring())


def _harness(model: Path, items: int, out: Path) -> dict[str, float]:
    from curbside.evaluation import RunRequest, run_evaluation
    from curbside.storage import open_history

    with open_history() as store:
        began = time.perf_counter()
        request = RunRequest(MEDQA, [str(model)], out, limit=items, seed=1)
        outcome = run_evaluation(request, store)
        wall = time.perf_counter() - began
    model_s, overhead = sum(outcome.model_s), sum(outcome.overhead_s)
    per_item = [o / m for o, m in zip(outcome.overhead_s, outcome.model_s, strict=True) if m]
    return {
        "wall_s": wall,
        "model_s": model_s,
        "overhead_s": overhead,
        "overhead_fraction": overhead / model_s,
        "overhead_fraction_median_item": statistics.median(per_item),
        "overhead_fraction_p90_item": sorted(per_item)[int(0.9 * (len(per_item) - 1))],
    }


def _bare(model: Path, items: int) -> dict[str, float]:
    from curbside.engine import GenerationParams, StreamResult
    from curbside.engine.llama import LlamaEngine
    from curbside.evaluation import load_case_set
    from curbside.evaluation.asking import item_messages
    from curbside.evaluation.runner import CHOICE_MAX_TOKENS, select_items
    from curbside.prompts import get_mode

    case_set = load_case_set(MEDQA)
    chosen = select_items(case_set.items, items, 1)
    params = GenerationParams(max_tokens=CHOICE_MAX_TOKENS, temperature=0.0, seed=1)
    engine = LlamaEngine(model)
    mode = get_mode("free")
    prepared = [
        item_messages(i, mode, engine.count_tokens, engine.n_ctx, params.max_tokens) for i in chosen
    ]
    stream_s = 0.0
    try:
        for messages in prepared:
            began = time.perf_counter()
            for _ in StreamResult(engine.stream(messages, params, threading.Event())):
                pass
            stream_s += time.perf_counter() - began
    finally:
        engine.close()
    return {"stream_s": stream_s}


def overhead(items: int, rounds: int) -> dict[str, Any]:
    """Alternate harness and bare rounds; return the medians and the verdict."""
    from curbside.models.choice import resolve_model_path

    model = resolve_model_path()
    harness, bare = [], []
    for index in range(rounds):
        out = Path(tempfile.mkdtemp(prefix=f"bench-eval-{index}-"))
        harness.append(_harness(model, items, out))
        bare.append(_bare(model, items))
    fraction = statistics.median(h["overhead_fraction"] for h in harness)
    # Per-item time only: model loading and hashing happen once per run, not per item.
    ratio = statistics.median(
        (h["model_s"] + h["overhead_s"]) / b["stream_s"] for h, b in zip(harness, bare, strict=True)
    )
    return {
        "items": items,
        "rounds": rounds,
        "harness": harness,
        "bare_stream_s": [b["stream_s"] for b in bare],
        "overhead_fraction": fraction,
        "overhead_fraction_range": [
            min(h["overhead_fraction"] for h in harness),
            max(h["overhead_fraction"] for h in harness),
        ],
        "item_time_ratio_harness_over_bare": ratio,
        "target_overhead_fraction": TARGET,
        "meets_target": fraction < TARGET,
    }


def full_run(out: Path) -> dict[str, Any]:
    """Every MedQA question through the default model (resumable in ``out``)."""
    from curbside.evaluation import RunRequest, run_evaluation, summarize
    from curbside.models.choice import resolve_model_path
    from curbside.storage import open_history

    model = resolve_model_path()
    with open_history() as store:
        began = time.perf_counter()
        outcome = run_evaluation(RunRequest(MEDQA, [str(model)], out), store)
        wall = time.perf_counter() - began
        summary = summarize(outcome.run)
    row = summary.results[0]
    return {
        "set": summary.config["set"],
        "items": summary.config["items"],
        "computed_now": outcome.computed,
        "wall_s_this_session": wall,
        "model_s_this_session": sum(outcome.model_s),
        "accuracy": row.value,
        "ci95": list(row.ci95),
        "unparsed": row.unparsed,
        "by_category": {r.metric: [r.value, *r.ci95, r.n] for r in summary.by_category},
        "median_latency_s": summary.timings[row.model].median_latency_s,
        "tokens_per_s": summary.timings[row.model].tokens_per_s,
        "chance": 0.25,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-medqa")
    args = parser.parse_args()
    _profile()
    if args.full:
        print(json.dumps({"full_medqa": full_run(args.out)}))
    else:
        print(json.dumps({"overhead": overhead(args.items, args.rounds)}))


if __name__ == "__main__":
    main()
