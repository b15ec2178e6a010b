"""Engine and UI figures for issue 2, printed as one JSON object.

* generation tokens/s through LlamaEngine ÷ a plain ``Llama.create_completion``
  streaming loop on the same Llama object (same model, prompt, threads, greedy);
* the same through the UI bridge (worker thread, one signal per chunk);
* LlamaEngine ÷ a bare ctypes ``llama_decode`` + greedy-sampler loop, the
  closest figure to llama.cpp's own ``llama-bench`` that this install has;
* generation tokens/s with 1 and 2 threads (how the default was chosen);
* the longest stall of the Qt event loop (10 ms heartbeat) while the model
  loads and while 256 tokens stream into the main window;
* process start to main window shown.

Runs are interleaved (A, B, A, B, ...) and medians reported, because a 2-core
machine's figures swing with whatever else runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import llama_cpp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.catalog import load_catalog
from app.engine.base import ChatMessage, GenerationParams, StreamResult
from app.engine.llama import LlamaEngine

MODEL = load_catalog().default().path()
TOKENS = 256
ROUNDS = 5
PROMPT: list[ChatMessage] = [
    {"role": "system", "content": "You are a clinical educator."},
    {
        "role": "user",
        "content": "Write a long, detailed essay on the history of medicine, "
        "from antiquity to modern intensive care.",
    },
]
PARAMS = GenerationParams(max_tokens=TOKENS, temperature=0.0, repeat_penalty=1.1)


def app_rate(engine: LlamaEngine) -> tuple[float, int]:
    result = StreamResult(engine.stream(PROMPT, PARAMS, threading.Event()))
    list(result)
    assert result.usage is not None
    return result.usage.tokens_per_s, result.usage.completion_tokens


def plain_rate(engine: LlamaEngine) -> float:
    llama = engine._llama
    prompt = engine.template.render(PROMPT)
    first = last = 0.0
    count = 0
    for _chunk in llama.create_completion(
        prompt, max_tokens=TOKENS, temperature=0.0, repeat_penalty=1.1, stream=True
    ):
        last = time.perf_counter()
        first = first or last
        count += 1
    return (count - 1) / (last - first)


def bare_rate(engine: LlamaEngine) -> float:
    """A bare decode loop through llama.cpp's C API (greedy, no detokenizing)."""
    llama = engine._llama
    tokens = engine.tokenize_prompt(PROMPT)
    llama.reset()
    llama.eval(tokens)
    ctx = llama._ctx.ctx
    chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
    llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_greedy())
    token = llama_cpp.llama_sampler_sample(chain, ctx, -1)
    started = time.perf_counter()
    for _ in range(TOKENS - 1):
        batch = llama_cpp.llama_batch_get_one((llama_cpp.llama_token * 1)(token), 1)
        llama_cpp.llama_decode(ctx, batch)
        token = llama_cpp.llama_sampler_sample(chain, ctx, -1)
    elapsed = time.perf_counter() - started
    llama_cpp.llama_sampler_free(chain)
    llama.reset()
    llama.n_tokens = 0
    return (TOKENS - 1) / elapsed


def bridge_rate(engine: LlamaEngine) -> float:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ui.engine_bridge import EngineBridge

    app = QApplication.instance() or QApplication([])
    bridge = EngineBridge(lambda path, options: engine)
    loop = QEventLoop()
    bridge.loaded.connect(loop.quit)
    bridge.load_model(MODEL)
    loop.exec()
    stamps: list[float] = []
    bridge.token.connect(lambda _chunk: stamps.append(time.perf_counter()))
    bridge.finished.connect(loop.quit)
    bridge.generate(PROMPT, PARAMS)
    loop.exec()
    bridge._cancel.set()
    bridge._thread.quit()  # keep the shared engine alive: no unload
    bridge._thread.wait()
    del app
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])


def interleaved(measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(ROUNDS):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: statistics.median(values) for name, values in samples.items()}


def thread_rates() -> dict[str, float]:
    engines = {n: LlamaEngine(MODEL, n_threads=n) for n in (1, 2)}
    rates = interleaved({f"threads_{n}": (lambda e=e: app_rate(e)[0]) for n, e in engines.items()})
    for engine in engines.values():
        engine.close()
    return rates


def event_loop_stalls() -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.engine_bridge import EngineBridge
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    bridge = EngineBridge()
    loop = QEventLoop()
    bridge.loaded.connect(loop.quit)
    clock.start()
    heartbeat.start()
    window = MainWindow(bridge, MODEL)
    window.show()
    loop.exec()
    load_stall = max(gaps) - 10
    gaps.clear()
    window.chat.params = PARAMS
    window.composer.setPlainText(PROMPT[1]["content"])
    bridge.finished.connect(loop.quit)
    last[0] = clock.nsecsElapsed() / 1e6
    window.send()
    loop.exec()
    stream_stall = max(gaps) - 10
    heartbeat.stop()
    window.close()
    del app
    return {
        "stall_ms_during_load": round(load_stall, 1),
        "stall_ms_during_256_tokens": round(stream_stall, 1),
    }


STARTUP_SCRIPT = r"""
import os, sys, time, psutil
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.engine_bridge import EngineBridge
from ui.main import initial_model
from ui.main_window import MainWindow
app = QApplication([])
bridge = EngineBridge()
path, problem = initial_model()
window = MainWindow(bridge, path, problem)
window.show()
def shown():
    print(time.time() - psutil.Process().create_time())
    window.close(); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def startup_seconds() -> float:
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def main() -> None:
    engine = LlamaEngine(MODEL)
    app_rate(engine)  # warm up caches and the CPU clock
    rates = interleaved(
        {
            "app": lambda: app_rate(engine)[0],
            "plain_create_completion": lambda: plain_rate(engine),
            "bare_llama_decode": lambda: bare_rate(engine),
        }
    )
    bridged = interleaved(
        {"bridge": lambda: bridge_rate(engine), "app": lambda: app_rate(engine)[0]}
    )
    figures = {
        "model": MODEL.name,
        "n_threads": engine.n_threads,
        "tokens": TOKENS,
        "tokens_per_s": {k: round(v, 1) for k, v in rates.items()},
        "ratio_app_vs_create_completion": round(rates["app"] / rates["plain_create_completion"], 3),
        "ratio_app_vs_bare_decode_loop": round(rates["app"] / rates["bare_llama_decode"], 3),
        "ratio_bridge_vs_create_completion": round(
            bridged["bridge"] / bridged["app"] * rates["app"] / rates["plain_create_completion"], 3
        ),
        "ratio_bridge_vs_app": round(bridged["bridge"] / bridged["app"], 3),
        "tokens_per_s_by_threads": {k: round(v, 1) for k, v in thread_rates().items()},
        **event_loop_stalls(),
        "startup_to_window_shown_s": round(startup_seconds(), 3),
    }
    engine.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
