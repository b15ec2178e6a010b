"""Portable llama.cpp (the bundle's) against the native build, as one JSON object.

The bundle's llama-cpp-python is built with ``GGML_NATIVE=OFF`` and runtime
CPU-variant selection (``packaging/llama_wheel.py``); the development venv's
is compiled for this machine (``GGML_NATIVE=ON``). Two builds of libllama
cannot live in one process, so each measurement runs in a fresh child process
of one of the two venvs, and the rounds are paired and interleaved (native,
portable, then portable, native, ...) so that load on this shared 2-core
machine hits both alike. Per round the child loads the default model once and
reports the median of three repetitions of

* prefill: evaluating a 384-token prompt (``n_batch`` 512), tokens/s;
* generation: 64 greedy tokens one ``eval`` at a time, tokens/s;

each per wall-clock second and per CPU second of the computing thread (one
thread, so llama.cpp computes on the calling thread and ``time.thread_time``
is not distorted by preemption). Reported: the per-round ratio portable ÷
native, its median and range, and the CPU variant the portable build chose.
Target (issue 16): within 5 % (ratio >= 0.95). The same portable build forced
to an older CPU level (``haswell``: AVX2, via ``CURBSIDE_CPU_VARIANT``) is
measured too: what the run-time choice buys. When the native build cannot run
on this machine (a VM advertising AMX: it dies with SIGILL), that is reported
and the portable build's own choice is the baseline.

The portable interpreter is ``$CURBSIDE_BENCH_PORTABLE_PYTHON``, else the venv
``make package`` leaves in ``build/bundle/venv``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("CURBSIDE_BENCH_ROUNDS", "6"))
REPEATS = 3
PROMPT_TOKENS = 384
GEN_TOKENS = 64
TEXT = (
    "A 67-year-old man presents with two hours of crushing central chest pain radiating to "
    "the left arm, diaphoresis and nausea. He has hypertension, type 2 diabetes and smokes. "
) * 20


def worker(model: str) -> dict[str, object]:
    """Measure prefill and generation in this process (one llama.cpp build)."""
    import llama_cpp
    from curbside.engine import load_cpu_backend

    backends = load_cpu_backend()
    llm = llama_cpp.Llama(
        model_path=model,
        n_ctx=1024,
        n_batch=512,
        n_threads=1,
        n_threads_batch=1,
        verbose=False,
        seed=0,
    )
    tokens = llm.tokenize(TEXT.encode())[:PROMPT_TOKENS]
    runs = [_one_run(llm, tokens) for _ in range(REPEATS)]
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {**median, "variant": backends.chosen, "variants": len(backends.carried)}


def _one_run(llm: object, tokens: list[int]) -> dict[str, float]:
    llm.reset()  # type: ignore[attr-defined]
    wall, cpu = time.perf_counter(), time.thread_time()
    llm.eval(tokens)  # type: ignore[attr-defined]
    prefill_wall, prefill_cpu = time.perf_counter() - wall, time.thread_time() - cpu
    wall, cpu = time.perf_counter(), time.thread_time()
    for _ in range(GEN_TOKENS):
        token = llm.sample(temp=0.0)  # type: ignore[attr-defined]
        llm.eval([token])  # type: ignore[attr-defined]
    gen_wall, gen_cpu = time.perf_counter() - wall, time.thread_time() - cpu
    return {
        "prefill_tps": len(tokens) / prefill_wall,
        "prefill_tps_cpu": len(tokens) / prefill_cpu,
        "gen_tps": GEN_TOKENS / gen_wall,
        "gen_tps_cpu": GEN_TOKENS / gen_cpu,
    }


class WorkerDied(RuntimeError):
    """A measuring child failed (a native build dying with SIGILL, for one)."""


def _measure(python: str, model: str, variant: str = "") -> dict[str, float]:
    env = {**os.environ, "CURBSIDE_CPU_VARIANT": variant}
    done = subprocess.run(
        [python, __file__, "--worker", model],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise WorkerDied(f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _summary(ratios: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(ratios), 3),
        "min": round(min(ratios), 3),
        "max": round(max(ratios), 3),
    }


def main() -> int:
    """Run the paired rounds; print one JSON object."""
    from curbside.models.catalog import load_catalog

    model = str(load_catalog().default().path())
    portable = os.environ.get("CURBSIDE_BENCH_PORTABLE_PYTHON") or str(
        ROOT / "build" / "bundle" / "venv" / "bin" / "python"
    )
    if not Path(portable).is_file():
        print(json.dumps({"skipped": f"no portable venv at {portable}: run `make package`"}))
        return 0
    result: dict[str, object] = {
        "rounds": ROUNDS,
        "prompt_tokens": PROMPT_TOKENS,
        "gen_tokens": GEN_TOKENS,
        "threads": 1,
    }
    configs = {"native": (sys.executable, ""), "portable": (portable, "")}
    try:
        _measure(sys.executable, model)
    except WorkerDied as exc:  # the baseline cannot run here: say so, compare variants
        result["native_failed"] = str(exc)
        del configs["native"]
    # Older CPU levels of the same portable build: what run-time selection buys.
    # (x64, the no-SIMD floor, takes minutes per round on this model: left out.)
    configs["portable_haswell"] = (portable, "haswell")
    baseline = "native" if "native" in configs else "portable"
    rounds = []
    for index in range(ROUNDS):
        order = list(configs.items())
        if index % 2:
            order.reverse()
        rounds.append({name: _measure(py, model, variant) for name, (py, variant) in order})
    result["portable_variant"] = rounds[0]["portable"]["variant"]
    result["portable_variants_carried"] = rounds[0]["portable"]["variants"]
    result["baseline"] = baseline
    for key in ("prefill_tps", "prefill_tps_cpu", "gen_tps", "gen_tps_cpu"):
        for name in configs:
            result[f"{name}_{key}_median"] = round(
                statistics.median(r[name][key] for r in rounds), 1
            )
            if name != baseline:
                ratios = [r[name][key] / r[baseline][key] for r in rounds]
                result[f"ratio_{name}_vs_{baseline}_{key}"] = _summary(ratios)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2])))
        raise SystemExit(0)
    raise SystemExit(main())
