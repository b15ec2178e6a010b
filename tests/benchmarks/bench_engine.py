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
machine's figures swing with whatever else runs. Rates are given twice: per
wall-clock second, and per CPU second of the generating thread
(``time.thread_time``; with one generation thread llama.cpp computes on the
calling thread), which preemption by other processes does not distort.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import llama_cpp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from curbside.engine.base import ChatMessage, GenerationParams, StreamResult
from curbside.engine.llama import LlamaEngine
from curbside.models.catalog import load_catalog

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


class Clock:
    """Stamps the first and last chunk in wall and thread-CPU time."""

    def __init__(self) -> None:
        self.count = 0
        self.wall = [0.0, 0.0]
        self.cpu = [0.0, 0.0]

    def tick(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        if not self.count:
            self.wall[0], self.cpu[0] = wall, cpu
        self.wall[1], self.cpu[1] = wall, cpu
        self.count += 1

    def rates(self) -> tuple[float, float]:
        tokens = self.count - 1
        return tokens / (self.wall[1] - self.wall[0]), tokens / (self.cpu[1] - self.cpu[0])


def app_rates(engine: LlamaEngine) -> tuple[float, float]:
    clock = Clock()
    for _chunk in StreamResult(engine.stream(PROMPT, PARAMS, threading.Event())):
        clock.tick()
    return clock.rates()


def plain_rates(engine: LlamaEngine) -> tuple[float, float]:
    llama = engine._llama
    prompt = engine.template.render(PROMPT)
    clock = Clock()
    for _chunk in llama.create_completion(
        prompt, max_tokens=TOKENS, temperature=0.0, repeat_penalty=1.1, stream=True
    ):
        clock.tick()
    return clock.rates()


def bare_rates(engine: LlamaEngine) -> tuple[float, float]:
    """A bare decode loop through llama.cpp's C API (greedy, no detokenizing)."""
    llama = engine._llama
    tokens = engine.tokenize_prompt(PROMPT)
    llama.reset()
    llama.eval(tokens)
    ctx = llama._ctx.ctx
    chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
    llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_greedy())
    token = llama_cpp.llama_sampler_sample(chain, ctx, -1)
    clock = Clock()
    clock.tick()
    for _ in range(TOKENS - 1):
        batch = llama_cpp.llama_batch_get_one((llama_cpp.llama_token * 1)(token), 1)
        llama_cpp.llama_decode(ctx, batch)
        token = llama_cpp.llama_sampler_sample(chain, ctx, -1)
        clock.tick()
    llama_cpp.llama_sampler_free(chain)
    llama.reset()
    llama.n_tokens = 0
    return clock.rates()


def bridge_rate(engine: LlamaEngine) -> float:
    from curbside.ui.engine_bridge import EngineBridge
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

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


def interleaved(measures: dict[str, Callable[[], object]]) -> dict[str, object]:
    samples: dict[str, list[object]] = {name: [] for name in measures}
    for _ in range(ROUNDS):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: _median(values) for name, values in samples.items()}


def _median(values: list[object]) -> object:
    if isinstance(values[0], tuple):
        return tuple(statistics.median(column) for column in zip(*values, strict=True))
    return statistics.median(values)  # type: ignore[type-var]


def thread_rates() -> dict[str, float]:
    engines = {n: LlamaEngine(MODEL, n_threads=n) for n in (1, 2)}
    rates: dict[str, float] = interleaved(  # type: ignore[assignment]
        {f"threads_{n}": (lambda e=e: app_rates(e)[0]) for n, e in engines.items()}
    )
    for engine in engines.values():
        engine.close()
    return rates


def event_loop_stalls() -> dict[str, float]:
    from curbside.ui.engine_bridge import EngineBridge
    from curbside.ui.main_window import MainWindow
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

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
    window._params_for_mode = lambda: PARAMS  # fixed settings, without touching saved ones
    window.phi_guard.findings_changed.connect(loop.quit)
    window.composer.setPlainText(PROMPT[1]["content"])  # as if pasted: the guard scans it
    loop.exec()
    scan_stall = max(gaps) - 10
    gaps.clear()
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
        "stall_ms_during_phi_scan_of_paste": round(scan_stall, 1),
        "stall_ms_during_256_tokens": round(stream_stall, 1),
    }


STARTUP_SCRIPT = r"""
import os, sys, time, json, pathlib
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import keyring
from keyring.backend import KeyringBackend

class FileKeyring(KeyringBackend):  # stands in for the OS keychain across the runs
    priority = 1
    path = pathlib.Path(os.environ["CURBSIDE_HOME"]) / "bench-keychain.json"
    def _all(self):
        return json.loads(self.path.read_text()) if self.path.exists() else {}
    def get_password(self, service, user):
        return self._all().get(service + "/" + user)
    def set_password(self, service, user, secret):
        self.path.write_text(json.dumps({**self._all(), service + "/" + user: secret}))
    def delete_password(self, service, user):
        pass

keyring.set_keyring(FileKeyring())
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from curbside.ui.engine_bridge import EngineBridge
from curbside.ui.history_unlock import unlock_history
from curbside.ui.main import initial_model
from curbside.ui.main_window import MainWindow
app = QApplication([])
store, history_problem = unlock_history(lambda *args: None)
path, problem = initial_model()
window = MainWindow(EngineBridge(), path, problem, store, history_problem)
window.show()
def shown():
    print(time.time() - float(os.environ["CURBSIDE_BENCH_T0"]))
    window.close(); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def startup_seconds() -> float:
    """Median of 3: from just before the process is spawned to the window shown.

    (``psutil``'s process create time is rounded to the boot-time second on
    Linux, so the parent's clock is the reference.)
    """
    runs = []
    root = Path(__file__).resolve().parents[2]
    home = tempfile.mkdtemp(prefix="curbside-bench-start-")
    for _ in range(4):  # the first run creates the history; the median takes the rest
        env = {**os.environ, "CURBSIDE_HOME": home, "CURBSIDE_BENCH_T0": repr(time.time())}
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env=env,
        )
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs[1:])


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3)


def main() -> None:
    engine = LlamaEngine(MODEL)
    app_rates(engine)  # warm up caches and the CPU clock
    rates: dict[str, tuple[float, float]] = interleaved(  # type: ignore[assignment]
        {
            "app": lambda: app_rates(engine),
            "plain_create_completion": lambda: plain_rates(engine),
            "bare_llama_decode": lambda: bare_rates(engine),
        }
    )
    bridged: dict[str, float] = interleaved(  # type: ignore[assignment]
        {"bridge": lambda: bridge_rate(engine), "app": lambda: app_rates(engine)[0]}
    )
    app, plain, bare = rates["app"], rates["plain_create_completion"], rates["bare_llama_decode"]
    figures = {
        "model": MODEL.name,
        "n_threads": engine.n_threads,
        "tokens": TOKENS,
        "tokens_per_wall_s": {k: round(v[0], 1) for k, v in rates.items()},
        "tokens_per_cpu_s": {k: round(v[1], 1) for k, v in rates.items()},
        "ratio_app_vs_create_completion": _ratio(app[0], plain[0]),
        "ratio_app_vs_create_completion_cpu": _ratio(app[1], plain[1]),
        "ratio_app_vs_bare_decode_loop": _ratio(app[0], bare[0]),
        "ratio_app_vs_bare_decode_loop_cpu": _ratio(app[1], bare[1]),
        "ratio_bridge_vs_app": _ratio(bridged["bridge"], bridged["app"]),
        "ratio_bridge_vs_create_completion": round(
            bridged["bridge"] / bridged["app"] * app[0] / plain[0], 3
        ),
        "tokens_per_s_by_threads": {k: round(v, 1) for k, v in thread_rates().items()},
        **event_loop_stalls(),
        "startup_to_window_shown_s": round(startup_seconds(), 3),
    }
    engine.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
