"""Run every benchmark (or those named on the command line), each in its own process.

Usage: ``python -m tests.benchmarks [engine storage ...]``. Each benchmark
prints one JSON object; this prints them as one JSON list.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    """Run the selected benchmarks; return 1 if any failed."""
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_")
    )
    if names:
        modules = [m for m in modules if m.removeprefix("bench_") in names or m in names]
    results, failed = [], False
    for module in modules:
        print(f"# running {module}", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, "-m", f"tests.benchmarks.{module}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            failed = True
            results.append({"benchmark": module, "error": done.stderr.strip()[-2000:]})
            continue
        lines = [line for line in done.stdout.splitlines() if line.strip().startswith("{")]
        try:
            results.append({"benchmark": module, **json.loads(lines[-1])})
        except (IndexError, json.JSONDecodeError):
            results.append({"benchmark": module, "output": done.stdout.strip()[-2000:]})
    print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
