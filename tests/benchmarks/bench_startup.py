"""Benchmark: how long ``curbside --version`` and ``--help`` take to start.

Baseline in the same run: a bare interpreter (``python -c pass``) from the
same venv, which no change of ours can make faster. Rounds alternate the
three commands; each figure is the median, min and max over rounds, plus
the per-round ratio to the baseline. Target: ``--version`` < 0.3 s.

Run: ``python -m tests.benchmarks.bench_startup [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
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


def main() -> int:
    """Measure and print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
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
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
