"""Evaluation: run case sets through models side by side, score them, and report.

* :mod:`.readers` / :mod:`.formats` — MedQA JSONL, AgentClinic OSCE and the
  unit's own CSV/JSONL sets, validated with file, line and field.
* :mod:`.runner` — the resumable, stoppable run (answers stored encrypted in
  the history by :mod:`.runstore`); :mod:`.grading` — the optional judge.
* :mod:`.choice`, :mod:`.diagnosis`, :mod:`.judge` — scoring: the letter
  chosen, the gold diagnosis's rank, HealthBench rubric grading.
* :mod:`.summary`, :mod:`.stats` — figures with intervals and paired comparisons.
* :mod:`.report` — the HTML or PDF report with plots.
"""

from __future__ import annotations

from curbside.evaluation.examples import example_sets
from curbside.evaluation.items import CaseSet, CaseSetError, EvalItem
from curbside.evaluation.readers import FORMATS, load_case_set
from curbside.evaluation.report import REPORT_FORMATS, write_report
from curbside.evaluation.runner import Progress, RunOutcome, RunRequest, run_evaluation
from curbside.evaluation.runstore import load_run
from curbside.evaluation.summary import MetricResult, ModelTiming, RunSummary, summarize

__all__ = [
    "FORMATS",
    "REPORT_FORMATS",
    "CaseSet",
    "CaseSetError",
    "EvalItem",
    "MetricResult",
    "ModelTiming",
    "Progress",
    "RunOutcome",
    "RunRequest",
    "RunSummary",
    "example_sets",
    "load_case_set",
    "load_run",
    "run_evaluation",
    "summarize",
    "write_report",
]
