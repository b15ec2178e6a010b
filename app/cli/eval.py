"""``curbside eval``: run case sets through models side by side, and report on the run.

* ``curbside eval run SET --model M [--model M2 ...] --out DIR`` runs (or, the
  same command again, continues) an evaluation; answers are stored encrypted
  in the history, ``DIR/run.json`` holds only the settings. ``--json`` prints
  one object at the end: set, set_sha256, items, and per model and metric the
  value, its 95% interval, unparsed answers, median latency and tokens/s.
* ``curbside eval report DIR --format html|pdf --output FILE`` writes the report.
* ``curbside eval check SET`` validates a set and says what it holds.

Progress goes to stderr (tqdm) with an estimate of the time left; Ctrl+C stops
between two tokens, and the answers already stored stay stored.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from curbside.cli.common import passphrase_option, positive_int
from curbside.cli.terminal import print_err, print_out, usage
from curbside.cli.unlock import open_store
from curbside.evaluation import (
    FORMATS,
    REPORT_FORMATS,
    Progress,
    RunRequest,
    load_case_set,
    load_run,
    run_evaluation,
    summarize,
    write_report,
)
from curbside.prompts import MODES


def register(subparsers: Any) -> None:
    """Add the ``eval`` command and its actions."""
    parser = subparsers.add_parser("eval", help="run case sets through models and report")
    parser.set_defaults(handler=lambda _args: usage(parser))
    sub = parser.add_subparsers(dest="eval_command", metavar="ACTION")
    common = passphrase_option()
    run = sub.add_parser(
        "run", help="run (or continue) an evaluation", parents=[common], allow_abbrev=False
    )
    run.add_argument("set", type=Path, metavar="SET", help="case set file (.jsonl, .json, .csv)")
    run.add_argument("--format", choices=FORMATS, default=None, help="default: guessed")
    run.add_argument(
        "--model",
        action="append",
        required=True,
        metavar="M",
        help="GGUF path or catalog name; repeat to compare models",
    )
    run.add_argument(
        "--mode",
        choices=list(MODES),
        default=None,
        help="reasoning mode (default: free for multiple choice, ddx otherwise)",
    )
    run.add_argument("--limit", type=positive_int, default=None, help="run N items only")
    run.add_argument("--seed", type=int, default=0, help="generation seed; picks --limit items")
    run.add_argument("--max-tokens", type=positive_int, default=None)
    run.add_argument("--temperature", type=float, default=0.0, help="default 0 (repeatable)")
    run.add_argument("--judge", metavar="M", help="judge model for rubric items")
    _add_backend_option(run)
    run.add_argument("--threads", type=positive_int, default=None)
    run.add_argument("--out", type=Path, required=True, metavar="DIR", help="the run's folder")
    run.add_argument("--json", action="store_true", help="print one JSON object at the end")
    run.set_defaults(handler=cmd_run)
    report = sub.add_parser(
        "report", help="write a run's report", parents=[common], allow_abbrev=False
    )
    report.add_argument("dir", type=Path, metavar="DIR")
    report.add_argument("--format", choices=REPORT_FORMATS, default="html")
    report.add_argument("--output", type=Path, required=True, metavar="FILE")
    report.set_defaults(handler=cmd_report)
    check = sub.add_parser("check", help="validate a case set", allow_abbrev=False)
    check.add_argument("set", type=Path, metavar="SET")
    check.add_argument("--format", choices=FORMATS, default=None)
    check.set_defaults(handler=cmd_check)


def _add_backend_option(parser: argparse.ArgumentParser) -> None:
    # Resolved in curbside.evaluation.backends through curbside.remote.open_backend,
    # so the server's PHI gate applies to every item; an unknown name is one line.
    parser.add_argument("--backend", default=None, help="remote backend for the models")


def cmd_run(args: argparse.Namespace) -> int:
    """Run the evaluation; print the summary (or the JSON object)."""
    request = RunRequest(
        set_path=args.set,
        models=args.model,
        out_dir=args.out,
        fmt=args.format,
        mode=args.mode,
        limit=args.limit,
        seed=args.seed,
        max_tokens=args.max_tokens,
        temperature=args.temperature,
        judge=args.judge,
        backend=args.backend,
        threads=args.threads,
    )
    load_case_set(args.set, args.format)  # a bad set fails before the history is opened
    cancel = threading.Event()
    bar = _ProgressBar()
    with open_store(getattr(args, "passphrase_file", None)) as store:
        try:
            outcome = run_evaluation(request, store, cancel, bar.update)
        except KeyboardInterrupt:
            cancel.set()
            raise
        finally:
            bar.close()
        summary = summarize(outcome.run)
    print_err(
        f"eval: {outcome.computed} answers computed now, {outcome.already_stored} were "
        f"already stored{' (stopped)' if outcome.stopped else ''}."
    )
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        for row in summary.results:
            lo, hi = row.ci95
            print_out(
                f"{row.model}  {row.metric} {row.value:.3f} [{lo:.3f}, {hi:.3f}]  "
                f"n={row.n} unparsed={row.unparsed}"
            )
        print_err(f"Report: curbside eval report {args.out} --format html --output report.html")
    return 130 if outcome.stopped else 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report of the run in DIR."""
    with open_store(getattr(args, "passphrase_file", None)) as store:
        path = write_report(load_run(store, args.dir), args.format, args.output)
    print_err(f"Wrote {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a set; print its format, digest and what its items carry."""
    case_set = load_case_set(args.set, args.format)
    items = case_set.items
    print_out(f"{case_set.name}: {case_set.format}, {len(items)} items, sha256 {case_set.sha256}")
    print_out(
        f"  multiple choice: {sum(i.is_choice for i in items)}, "
        f"with gold diagnosis: {sum(bool(i.gold) for i in items)}, "
        f"with rubric: {sum(bool(i.rubric) for i in items)}"
    )
    return 0


class _ProgressBar:
    """A tqdm bar on stderr, fed from the run's progress callback."""

    def __init__(self) -> None:
        self._bar: Any = None

    def update(self, progress: Progress) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(
                total=progress.total,
                initial=progress.done,
                unit="answer",
                desc="eval",
                file=sys.stderr,
                dynamic_ncols=True,
            )
        self._bar.set_postfix_str(progress.phase, refresh=False)
        self._bar.n = progress.done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
