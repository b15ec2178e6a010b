"""Benchmark: what the first PHI scan of a short question costs in a fresh process (issue 18).

Each round starts two fresh interpreters from the same venv, in alternating
order: a bare one (``python -c pass``, the baseline no change of ours can
make faster) and a probe that imports :mod:`curbside.deid` and scans one short
clinician question. The probe reports, from inside itself, the import time,
the first scan's time and the growth of its resident memory (RSS) across
import and scan; the wall time of both processes gives the per-round ratio to
the baseline. Figures are the median, min and max over rounds; the CPU time
of import and scan is given too, as it depends less on a busy neighbour.

Targets (issue 18): first scan < 150 ms and < 30 MB, import included.

Run: ``python -m tests.benchmarks.bench_first_scan [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from tests.benchmarks.paired import load, spread

QUESTION = "54M with chest pain since this morning, troponin pending: what else should I rule out?"

_PROBE = f"""
import json, time
import psutil
process = psutil.Process()
rss0 = process.memory_info().rss
c0, t0 = time.process_time(), time.perf_counter()
from curbside.deid import detect
c1, t1 = time.process_time(), time.perf_counter()
rss1 = process.memory_info().rss
found = detect({QUESTION!r})
c2, t2 = time.process_time(), time.perf_counter()
rss2 = process.memory_info().rss
print(json.dumps({{
    "import_ms": (t1 - t0) * 1000,
    "scan_ms": (t2 - t1) * 1000,
    "cpu_ms": (c2 - c0) * 1000,
    "import_mb": (rss1 - rss0) / 1e6,
    "scan_mb": (rss2 - rss1) / 1e6,
    "findings": len(found),
}}))
"""


def _run(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return time.perf_counter() - started, out.stdout


def main() -> int:
    """Measure and print one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    baseline_cmd = [sys.executable, "-c", "pass"]
    probe_cmd = [sys.executable, "-c", _PROBE]
    rows: list[dict[str, float]] = []
    baseline_s: list[float] = []
    probe_s: list[float] = []
    for k in range(rounds):
        order = [(baseline_cmd, baseline_s), (probe_cmd, probe_s)]
        for command, sink in order if k % 2 == 0 else reversed(order):
            seconds, stdout = _run(command)
            sink.append(seconds)
            if command is probe_cmd:
                rows.append(json.loads(stdout))
    first = [r["import_ms"] + r["scan_ms"] for r in rows]
    memory = [r["import_mb"] + r["scan_mb"] for r in rows]
    extra = [p - b for p, b in zip(probe_s, baseline_s, strict=True)]
    result: dict[str, object] = {
        "rounds": rounds,
        "load_average": load(),
        "text_chars": len(QUESTION),
        "findings": rows[0]["findings"],
        "import_ms": spread([r["import_ms"] for r in rows]),
        "first_scan_ms": spread([r["scan_ms"] for r in rows]),
        "import_and_first_scan_ms": spread(first),
        "import_and_first_scan_cpu_ms": spread([r["cpu_ms"] for r in rows]),
        "import_mb": spread([r["import_mb"] for r in rows]),
        "first_scan_mb": spread([r["scan_mb"] for r in rows]),
        "import_and_first_scan_mb": spread(memory),
        "python_baseline_s": spread(baseline_s, 4),
        "probe_process_s": spread(probe_s, 4),
        "probe_minus_baseline_s": spread(extra, 4),
        "probe_over_baseline": spread([p / b for p, b in zip(probe_s, baseline_s, strict=True)], 2),
        "target": {"import_and_first_scan_ms": 150, "import_and_first_scan_mb": 30},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
