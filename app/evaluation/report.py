"""``curbside eval report``: the run's figures as a self-contained HTML page or a PDF.

Both hold the same parts: a header that pins down what was run (app version,
each model's SHA-256, the mode id@version, the parameters, the set's SHA-256
and the audit trail's head hash), the plots, the results and paired
comparisons, and a table of the items where the models disagree. The HTML
embeds its plots as ``data:`` URIs and loads nothing from anywhere. Reports
name items by id and show gold answers and the models' chosen options or
matched differential lines, never the case text itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from curbside import __version__
from curbside.errors import InputError
from curbside.evaluation import audit_hook
from curbside.evaluation.runstore import RunStore
from curbside.evaluation.summary import RunSummary, summarize

REPORT_FORMATS = ("html", "pdf")
MAX_DISAGREEMENT_ROWS = 300


@dataclass(frozen=True)
class ReportTables:
    """The report's text, shared by the HTML and PDF renderers."""

    title: str
    header: list[tuple[str, str]]
    results: list[list[str]]
    comparisons: list[list[str]]
    timings: list[list[str]]
    disagreements: list[list[str]]
    notes: list[str]


def write_report(run: RunStore, fmt: str, output: Path) -> Path:
    """Write the report of ``run`` to ``output`` as ``fmt`` (html or pdf); return the path.

    Raises:
        InputError: ``fmt`` is not a report format.
    """
    if fmt not in REPORT_FORMATS:
        raise InputError(f"Unknown report format '{fmt}'.", "Use html or pdf.")
    summary = summarize(run)
    tables = build_tables(summary, audit_hook.head_hash(run.store))
    if fmt == "html":
        from curbside.evaluation.report_html import write_html

        write_html(summary, tables, output)
    else:
        from curbside.evaluation.report_pdf import write_pdf

        write_pdf(summary, tables, output)
    return output


def _interval(lo: float, hi: float) -> str:
    return f"[{lo:.3f}, {hi:.3f}]"


def build_tables(summary: RunSummary, head: str | None = None) -> ReportTables:
    """Turn the summary into rows of text."""
    config = summary.config
    header = [
        ("Case set", f"{config['set']} ({config['format']}, {config['items']} items)"),
        ("Set SHA-256", config["set_sha256"]),
        *[
            (f"Model {m['name']}", m["sha256"] or f"remote: {m['backend']}")
            for m in config["models"]
        ],
        ("Mode", config["mode"]),
        ("Parameters", json.dumps(config["params"], sort_keys=True)),
        ("Limit / seed", f"{config['limit'] or 'all'} / {config['seed']}"),
        ("Prompts", ", ".join(f"{k}={v}" for k, v in sorted(config["prompts"].items()))),
        ("App version", f"curbside {config.get('app_version', '?')} (report: {__version__})"),
        ("Audit head hash", head if head else "audit: not available"),
    ]
    if config.get("judge"):
        header.insert(-3, ("Judge", f"{config['judge']['name']} {config['judge']['sha256']}"))
    results = [
        [r.model, r.metric, f"{r.value:.3f}", _interval(*r.ci95), str(r.n), str(r.unparsed)]
        for r in [*summary.results, *summary.by_category]
    ]
    comparisons = [
        [
            c.metric,
            c.category,
            f"{c.model_b} − {c.model_a}",
            f"{c.result.difference:+.3f}",
            _interval(*c.result.ci95),
            str(c.result.n),
            f"{c.result.only_a}/{c.result.only_b}",
            "—" if c.result.p_value is None else f"{c.result.p_value:.3g}",
        ]
        for c in summary.comparisons
    ]
    timings = [
        [
            t.model,
            f"{t.median_latency_s:.2f}",
            f"{t.median_ttft_s:.2f}",
            f"{t.tokens_per_s:.1f}",
            f"{t.median_answer_tokens:.0f}",
            f"{t.median_answer_chars:.0f}",
        ]
        for t in summary.timings.values()
    ]
    models = [m["name"] for m in config["models"]]
    disagreements = [
        [row["item"], row["category"], row["gold"], *[row["answers"][m] for m in models]]
        for row in summary.disagreements[:MAX_DISAGREEMENT_ROWS]
    ]
    return ReportTables(
        f"Evaluation of {config['set']}",
        header,
        results,
        comparisons,
        timings,
        disagreements,
        _notes(summary),
    )


def _notes(summary: RunSummary) -> list[str]:
    notes = []
    done = {r.model: r.n for r in summary.results}
    expected = int(summary.config.get("items", 0))
    for model, n in done.items():
        if n < expected:
            notes.append(f"{model}: {n} of {expected} items answered (the run is not finished).")
    if summary.errors:
        notes.append(f"{summary.errors} answers could not be asked (case too long for the model).")
    if summary.judge_failures:
        notes.append(f"{summary.judge_failures} answers have a judge failure and no rubric score.")
    if len(summary.disagreements) > MAX_DISAGREEMENT_ROWS:
        notes.append(
            f"Only the first {MAX_DISAGREEMENT_ROWS} of "
            f"{len(summary.disagreements)} disagreements are listed."
        )
    if summary.config.get("kind") == "choice":
        options = summary.config.get("options") or 4
        notes.append(f"Chance accuracy is about {1 / options:.2f} ({options} options).")
    return notes


RESULT_COLUMNS = ["Model", "Metric", "Value", "95% interval", "n", "Unparsed"]
COMPARISON_COLUMNS = [
    "Metric",
    "Category",
    "Difference",
    "Value",
    "95% interval",
    "n",
    "Only A / only B",
    "McNemar p",
]
TIMING_COLUMNS = [
    "Model",
    "Median latency (s)",
    "Median TTFT (s)",
    "Tokens/s",
    "Median answer tokens",
    "Median answer chars",
]
