"""Benchmark: how long ``curbside --version``, ``--help`` and a one-token ``ask`` take to start.

Baseline in the same run: a bare interpreter (``python -c pass``) from the
same venv, which no change of ours can make faster. Rounds alternate the
three commands; each figure is the median, min and max over rounds, plus
the per-round ratio to the baseline. Target: ``--version`` < 0.3 s.

Then ``curbside ask "hi" --max-tokens 1`` (with ``--no-save``, and saving to
a history in a throwaway profile opened with a passphrase file) against
plain Python doing the same work with llama-cpp-python alone: load the
default model and answer the same system prompt and question with one token
(``create_chat_completion``). The issue's target is ``ask`` close to that.

Run: ``python -m tests.benchmarks.bench_startup [--rounds N] [--ask-rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "python_baseline": [sys.executable, "-c", "pass"],
    "version": [sys.executable, "-m", "curbside", "--version"],
    "help": [sys.executable, "-m", "curbside", "--help"],
}


def _once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


PLAIN = """
import sys
from curbside.engine.cpu_backends import load_cpu_backend
load_cpu_backend()  # the portable build's CPU variant, as the app loads it
from llama_cpp import Llama
llama = Llama(model_path=sys.argv[1], n_ctx=4096, verbose=False)
messages = [{"role": "system", "content": sys.argv[2]}, {"role": "user", "content": "hi"}]
llama.create_chat_completion(messages=messages, max_tokens=1)
"""


def ask_commands(profile: str) -> dict[str, list[str]]:
    """The ``ask`` commands and their plain-Python baseline."""
    from curbside.chat.settings_rule import resolve_system_prompt
    from curbside.models.catalog import load_catalog
    from curbside.prompts import load_settings

    system = resolve_system_prompt(load_settings(), None)
    secret = os.path.join(profile, "passphrase")
    with open(secret, "w", encoding="utf-8") as handle:
        handle.write("bench-startup-passphrase\n")
    ask = [sys.executable, "-m", "curbside", "ask", "hi", "--max-tokens", "1"]
    return {
        "plain_llama_cpp": [
            sys.executable,
            "-c",
            PLAIN,
            str(load_catalog().default().path()),
            system,
        ],
        "ask_no_save": [*ask, "--no-save"],
        "ask_saved": [*ask, "--passphrase-file", secret],
    }


def measure_ask(rounds: int) -> dict[str, object]:
    """Paired rounds of ``ask`` against plain llama-cpp-python, in a throwaway profile."""
    with tempfile.TemporaryDirectory() as profile:
        os.environ["CURBSIDE_HOME"] = profile
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        commands = ask_commands(profile)
        for command in commands.values():
            _once(command)  # creates the history, runs the trial load, warms the page cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(_once(command))
    result: dict[str, object] = {"rounds": rounds, "load_average": os.getloadavg()}
    for name, values in times.items():
        result[name] = _spread(values)
        if name != "plain_llama_cpp":
            ratios = [a / b for a, b in zip(values, times["plain_llama_cpp"], strict=True)]
            result[f"{name}_over_plain"] = _spread(ratios, digits=2)
    return result


def _spread(values: list[float], digits: int = 4) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def main() -> int:
    """Measure and print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--ask-rounds", type=int, default=5)
    options = parser.parse_args()
    rounds = options.rounds
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, command in COMMANDS.items():
            times[name].append(_once(command))
    result: dict[str, object] = {"rounds": rounds, "load_average": os.getloadavg()}
    for name, values in times.items():
        result[name] = {
            "median_s": round(statistics.median(values), 4),
            "min_s": round(min(values), 4),
            "max_s": round(max(values), 4),
        }
    for name in ("version", "help"):
        ratios = [a / b for a, b in zip(times[name], times["python_baseline"], strict=True)]
        result[f"{name}_over_python"] = {
            "median": round(statistics.median(ratios), 2),
            "min": round(min(ratios), 2),
            "max": round(max(ratios), 2),
        }
    result["target"] = {"version_s": 0.3}
    if options.ask_rounds > 0:
        result["ask"] = measure_ask(options.ask_rounds)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
