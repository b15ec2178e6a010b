"""Run a case set through one or more models (and a judge), resumably, with progress and Stop.

:func:`run_evaluation` validates the set, opens (or continues) the run in the
output folder, and for each model answers the items it has not answered yet,
committing each scored answer at once. Killed at any point, the same call
continues where it stopped; nothing is asked twice once it is stored. Stop
(the ``cancel`` event) ends the current answer between two tokens and drops
it, so an interrupted answer is never scored. A judge, when given, then grades
each rubric criterion of each answer, also resumably.

Generation is greedy by default (temperature 0, fixed seed), so two runs of
the same set on the same model give the same answers.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curbside import __version__
from curbside.engine.base import Engine, GenerationParams
from curbside.evaluation import audit_hook, backends, judge
from curbside.evaluation.asking import CHOICE_PROMPT_VERSION, ask_item
from curbside.evaluation.items import CaseSet, EvalItem
from curbside.evaluation.readers import load_case_set
from curbside.evaluation.runstore import RunStore, open_run
from curbside.infra import InstanceLock
from curbside.prompts import SYSTEM_PROMPT_VERSION, get_mode
from curbside.storage import HistoryStore

CHOICE_MAX_TOKENS = 48
"""Default answer length for multiple choice: a letter and a sentence."""


@dataclass(frozen=True)
class RunRequest:
    """What to run.

    Attributes:
        set_path: The case set file.
        models: Model paths or catalog names (at least one).
        out_dir: The run's folder (``run.json`` and, later, reports).
        fmt: Case set format, or None to guess.
        mode: Reasoning mode id (None: ``free`` for multiple choice, ``ddx`` otherwise).
        limit: Run only this many items (a seeded sample when ``seed`` is given).
        seed: Sampling seed for the generation and for choosing ``limit`` items.
        max_tokens: Answer length (None: the mode's, or 48 for multiple choice).
        temperature: Sampling temperature (0: greedy, repeatable).
        judge: A judge model for rubric items, or None.
        backend: Remote backend name for the models, or None for local files.
        threads: Generation threads (None: the default rule).
    """

    set_path: Path
    models: Sequence[str]
    out_dir: Path
    fmt: str | None = None
    mode: str | None = None
    limit: int | None = None
    seed: int = 0
    max_tokens: int | None = None
    temperature: float = 0.0
    judge: str | None = None
    backend: str | None = None
    threads: int | None = None


@dataclass(frozen=True)
class Progress:
    """How far a run is: ``done`` of ``total`` answers (grades count too)."""

    done: int
    total: int
    phase: str
    eta_s: float | None


@dataclass
class RunOutcome:
    """A finished or stopped run: its set, store and models."""

    case_set: CaseSet
    items: list[EvalItem]
    run: RunStore
    models: list[backends.ModelRef]
    judge: backends.ModelRef | None
    stopped: bool = False
    already_stored: int = 0
    computed: int = 0
    overhead_s: list[float] = field(default_factory=list)
    model_s: list[float] = field(default_factory=list)


OpenEngine = Callable[[backends.ModelRef], Engine]


def select_items(items: Sequence[EvalItem], limit: int | None, seed: int) -> list[EvalItem]:
    """Return ``limit`` items chosen by a seeded hash (stable as the set grows), in file order."""
    if limit is None or limit >= len(items):
        return list(items)

    def rank(item: EvalItem) -> str:
        return hashlib.sha256(f"{seed}:{item.id}".encode()).hexdigest()

    chosen = {item.id for item in sorted(items, key=rank)[:limit]}
    return [item for item in items if item.id in chosen]


def run_config(
    request: RunRequest,
    case_set: CaseSet,
    items: list[EvalItem],
    models: list[backends.ModelRef],
    judge_ref: backends.ModelRef | None,
) -> dict[str, Any]:
    """The run's settings as recorded in ``run.json`` and the database (no case text)."""
    mode = get_mode(request.mode or ("free" if case_set.kind == "choice" else "ddx"))
    max_tokens = request.max_tokens or (
        CHOICE_MAX_TOKENS if case_set.kind == "choice" and mode.id == "free" else mode.max_tokens
    )
    params = GenerationParams(
        max_tokens=max_tokens, temperature=request.temperature, seed=request.seed
    )
    return {
        "set": case_set.name,
        "set_path": str(case_set.path),
        "set_sha256": case_set.sha256,
        "format": case_set.format,
        "mode": mode.stamp,
        "params": params.as_dict(),
        "models": [m.as_dict() for m in models],
        "judge": judge_ref.as_dict() if judge_ref else None,
        "limit": request.limit,
        "items": len(items),
        "kind": case_set.kind,
        "options": max((len(i.options) for i in items), default=0),
        "seed": request.seed,
        "prompts": {
            "system": SYSTEM_PROMPT_VERSION,
            "choice": CHOICE_PROMPT_VERSION,
            "grader": judge.GRADER_VERSION,
        },
        "app_version": __version__,
    }


def run_evaluation(
    request: RunRequest,
    store: HistoryStore,
    cancel: threading.Event | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    opener: OpenEngine | None = None,
) -> RunOutcome:
    """Run (or continue) the evaluation ``request`` describes; return what was done.

    Raises:
        CaseSetError: The set is invalid, or the folder holds another run.
        KnownError: A model cannot be found or loaded.
    """
    cancel = cancel or threading.Event()
    open_one = opener or (lambda ref: backends.open_engine(ref, request.threads))
    case_set = load_case_set(request.set_path, request.fmt)
    items = select_items(case_set.items, request.limit, request.seed)
    refs = _unique([backends.describe_model(m, request.backend) for m in request.models])
    judge_ref = backends.describe_model(request.judge) if request.judge else None
    config = run_config(request, case_set, items, refs, judge_ref)
    with InstanceLock(request.out_dir, what="An evaluation run in this folder"):
        run = open_run(store, request.out_dir, config)
        outcome = RunOutcome(case_set, items, run, refs, judge_ref)
        tracker = _Tracker(run, items, refs, judge_ref, on_progress)
        outcome.already_stored = tracker.done
        audit_hook.record(store, "evaluation.started", config)
        for ref in refs:
            if not _answer_all(outcome, ref, open_one, cancel, tracker):
                break
        if judge_ref is not None and not cancel.is_set():
            from curbside.evaluation.grading import grade_all

            grade_all(outcome, judge_ref, open_one, cancel, tracker.step)
        outcome.stopped = cancel.is_set()
        audit_hook.record(
            store,
            "evaluation.finished",
            {
                "set_sha256": case_set.sha256,
                "stopped": outcome.stopped,
                "computed": outcome.computed,
            },
        )
    return outcome


def _unique(refs: list[backends.ModelRef]) -> list[backends.ModelRef]:
    seen: dict[str, backends.ModelRef] = {}
    for ref in refs:
        seen.setdefault(ref.key, ref)
    return list(seen.values())


def _answer_all(
    outcome: RunOutcome,
    ref: backends.ModelRef,
    open_one: OpenEngine,
    cancel: threading.Event,
    tracker: _Tracker,
) -> bool:
    """Answer every item ``ref`` has not answered; return False when stopped."""
    done = outcome.run.done()
    pending = [item for item in outcome.items if (ref.key, item.id) not in done]
    if not pending:
        return True
    config = outcome.run.config
    mode = get_mode(config["mode"].split("@")[0])
    params = GenerationParams(**config["params"])
    engine = open_one(ref)
    try:
        for item in pending:
            if cancel.is_set():
                return False
            began = time.perf_counter()
            answered = ask_item(engine, item, mode, params, cancel)
            if answered.stopped:
                return False
            outcome.run.save_answer(ref.key, item.id, answered.text, answered.usage, answered.score)
            outcome.computed += 1
            took = time.perf_counter() - began
            model_s = float(answered.usage.get("model_s", 0.0))
            outcome.model_s.append(model_s)
            outcome.overhead_s.append(took - model_s)
            tracker.step(ref.name, took)
    finally:
        backends.close_engine(engine)
    return True


class _Tracker:
    """Counts answers done and estimates the time left from this session's pace."""

    def __init__(
        self,
        run: RunStore,
        items: list[EvalItem],
        refs: list[backends.ModelRef],
        judge_ref: backends.ModelRef | None,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        wanted = {item.id for item in items}
        grading = sum(len(i.rubric) for i in items) * len(refs) if judge_ref else 0
        self.total = len(items) * len(refs) + grading
        self.done = sum(1 for _, item in run.done() if item in wanted)
        if judge_ref is not None:
            self.done += len(run.grades(judge_ref.key))
        self.on_progress = on_progress
        self.spent = 0.0
        self.steps = 0
        self._emit("starting")

    def step(self, phase: str, took: float) -> None:
        self.done += 1
        self.steps += 1
        self.spent += took
        self._emit(phase)

    def _emit(self, phase: str) -> None:
        if self.on_progress is None:
            return
        eta = (self.total - self.done) * self.spent / self.steps if self.steps else None
        self.on_progress(Progress(min(self.done, self.total), self.total, phase, eta))
