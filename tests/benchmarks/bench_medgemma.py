"""MedGemma-sized figures (a Gemma-3-4B-shaped model, random weights), printed as JSON.

For each thread setting (1, 2, and ``auto``: Curbside's default, prompt threads chosen
per slice from the neighbours' load, generation on physical cores - 1), idle and
beside a CPU-hogging neighbour, one child process (so its peak RSS is its
own) loads the model built by :mod:`tests.benchmarks.gemma_shaped` and times:

* prefill of a 1,500-token case (tokens/s and seconds);
* generation of 32 tokens (tokens/s);
* time to first token of a follow-up question;
* reopening the case after another conversation took the cache: with the
  state kept in RAM (Curbside's default) and, for comparison, the re-read it
  replaces (the prefill figure above);
* peak RSS.

Rounds are interleaved across thread settings (1, 2, auto, 1, 2, ...), and
the load average is recorded with every figure: this machine is shared, so the
"idle" figures ran beside other engineers' work. ``BENCH_ROUNDS`` (default 1),
``BENCH_CASE_TOKENS`` (default 1500), ``BENCH_QTYPE`` (Q4_0 or Q8_0) and
``BENCH_PREFILL_CAP_S`` (default 600: a setting whose reading takes longer is
stopped there and reported by its rate so far) adjust.
Usage: ``python -m tests.benchmarks.bench_medgemma``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine

from tests.benchmarks.gemma_shaped import build, default_path
from tests.benchmarks.paired import hog, load, peak_rss_mb, spread

CASE_TOKENS = int(os.environ.get("BENCH_CASE_TOKENS", "1500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
QTYPE = os.environ.get("BENCH_QTYPE", "Q4_0")
PREFILL_CAP_S = float(os.environ.get("BENCH_PREFILL_CAP_S", "600"))
SETTINGS = ("1", "2", "auto")
TEXT = "Fever, rigors and a new systolic murmur after a dental extraction. "


def case_of(engine: LlamaEngine, tokens: int) -> list[ChatMessage]:
    """A user message whose rendered prompt is ``tokens`` long (or one token shorter)."""
    text = TEXT * (tokens // 8 + 2)  # long enough for any tokenizer (>= 1 token / 8 bytes)
    low, high = 1, len(text)
    while low < high:  # longest prefix of the text that fits
        middle = (low + high + 1) // 2
        messages: list[ChatMessage] = [{"role": "user", "content": text[:middle]}]
        if engine.count_tokens(messages) <= tokens:
            low = middle
        else:
            high = middle - 1
    return [{"role": "user", "content": text[:low]}]


def _answer(
    engine: LlamaEngine,
    messages: list[ChatMessage],
    tokens: int,
    read: list[tuple[int, float]] | None = None,
) -> StreamResult:
    """Answer ``messages``; append to ``read`` (tokens read, seconds) after each slice.

    Reading stops after :data:`PREFILL_CAP_S` (two threads beside a hog can
    take many minutes); the last entry of ``read`` then gives the rate so far.
    """
    params = GenerationParams(max_tokens=tokens, temperature=0.0)
    began = time.perf_counter()
    cancel = threading.Event()
    cap = threading.Timer(PREFILL_CAP_S, cancel.set)

    def on_prefill(done: int, total: int) -> None:
        if read is not None:
            read.append((done, time.perf_counter() - began))
        if done == total:
            cap.cancel()

    cap.start()
    try:
        result = StreamResult(engine.stream(messages, params, cancel, on_prefill))
        list(result)
    finally:
        cap.cancel()
    return result


def one(setting: str, path: Path) -> dict[str, Any]:
    """Every figure for one thread setting, in this process."""
    threads = None if setting == "auto" else int(setting)
    began = time.perf_counter()
    engine = LlamaEngine(
        path, n_ctx=4096, n_threads=threads, n_threads_batch=threads, chat_format="gemma"
    )
    figures: dict[str, Any] = {"load_s": round(time.perf_counter() - began, 2), "load": load()}
    case = case_of(engine, CASE_TOKENS)
    figures["case_tokens"] = engine.count_tokens(case)
    read: list[tuple[int, float]] = []
    first = _answer(engine, case, 32, read)
    usage = first.usage
    assert usage is not None and read
    done, prefill_s = read[-1]  # tokenizing and reading the case, not the first token
    figures["prefill_s"] = round(prefill_s, 2)
    figures["prefill_tokens_per_s"] = round(done / prefill_s, 2)
    if usage.stopped:
        figures["prefill_capped_after_tokens"] = done
        figures["peak_rss_mb"] = peak_rss_mb()
        engine.close()
        return figures
    report = engine.prefill.report
    figures["prefill_tokens_by_threads"] = {str(k): v for k, v in report.tokens_by_threads.items()}
    figures["prefill_interrupted_slices"] = report.interrupted
    figures["generation_tokens_per_s"] = round(usage.tokens_per_s, 2)
    follow_up: list[ChatMessage] = [
        *case,
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "What next?"},
    ]
    figures["follow_up_ttft_s"] = round(_ttft(engine, follow_up), 2)
    _answer(engine, case_of(engine, 200), 4)  # another conversation takes the cache
    figures["reopen_ttft_s"] = round(_ttft(engine, follow_up), 2)
    figures["reopen_restored"] = engine.prefill.report.restored
    figures["load_after"] = load()
    figures["peak_rss_mb"] = peak_rss_mb()
    engine.close()
    return figures


def _ttft(engine: LlamaEngine, messages: list[ChatMessage]) -> float:
    result = _answer(engine, messages, 1)
    return result.usage.ttft_s if result.usage else 0.0


def _child(setting: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_medgemma", "--one", setting, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def rounds(path: Path) -> dict[str, Any]:
    """Interleaved rounds over the thread settings; per setting, each round's figures."""
    runs: dict[str, list[dict[str, Any]]] = {setting: [] for setting in SETTINGS}
    for _ in range(ROUNDS):
        for setting in SETTINGS:
            runs[setting].append(_child(setting, path))
    summary: dict[str, Any] = {"runs": runs}
    for setting in SETTINGS:
        rates = [r["prefill_tokens_per_s"] for r in runs[setting] if "error" not in r]
        if rates:
            summary[f"prefill_tokens_per_s_{setting}"] = spread(rates)
    for setting in ("2", "auto"):
        per_round = [
            d["prefill_tokens_per_s"] / s["prefill_tokens_per_s"]
            for d, s in zip(runs[setting], runs["1"], strict=True)
            if "error" not in d and "error" not in s
        ]
        if per_round:
            summary[f"prefill_ratio_{setting}_to_1_thread"] = spread(per_round)
    return summary


def main() -> None:
    path = build(default_path(QTYPE), QTYPE)
    result: dict[str, Any] = {"model": path.name, "file_gb": round(path.stat().st_size / 1e9, 2)}
    result["idle"] = rounds(path)
    with hog():
        result["with_cpu_hog"] = rounds(path)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], Path(sys.argv[3]))))
    else:
        main()
