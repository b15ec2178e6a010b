"""Figures of a run: per model and metric, per category, paired differences, disagreements.

Metrics, by what the items carry:

* ``accuracy`` (multiple choice): correct ÷ items, Wilson 95% interval. An
  unparsed answer is counted (``unparsed``) and is not correct; it is never
  guessed.
* ``top1`` / ``top3`` / ``top5`` (vignettes with a gold diagnosis): the gold
  diagnosis within the first k entries of the differential, Wilson interval.
* ``healthbench`` (rubric items, with a judge): mean rubric score, bootstrap
  interval; answers with a judge failure have no score and are counted.

Two or more models are compared on the items each pair both answered: the
difference with a paired bootstrap interval and McNemar's exact p.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from curbside.evaluation import stats
from curbside.evaluation.judge import rubric_score
from curbside.evaluation.runstore import RunStore, StoredAnswer

TOP_K = (1, 3, 5)


@dataclass(frozen=True)
class MetricResult:
    """One model's figure for one metric (over all items, or one category)."""

    model: str
    model_sha256: str
    metric: str
    value: float
    ci95: tuple[float, float]
    n: int
    unparsed: int


@dataclass(frozen=True)
class ModelTiming:
    """Speed and length of one model's answers (medians over its answers)."""

    model: str
    median_latency_s: float
    median_ttft_s: float
    tokens_per_s: float
    median_answer_tokens: float
    median_answer_chars: float
    latencies: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    """Model B minus model A on one metric and category."""

    metric: str
    category: str
    model_a: str
    model_b: str
    result: stats.PairedDifference


@dataclass
class RunSummary:
    """Everything a report shows."""

    config: dict[str, Any]
    results: list[MetricResult]
    by_category: list[MetricResult]
    timings: dict[str, ModelTiming]
    comparisons: list[Comparison]
    disagreements: list[dict[str, Any]]
    judge_failures: int = 0
    errors: int = 0

    def as_json(self) -> dict[str, Any]:
        """The object ``curbside eval run --json`` prints."""
        return {
            "set": self.config["set"],
            "set_sha256": self.config["set_sha256"],
            "items": int(self.config.get("items", 0)),
            "results": [
                {
                    "model": r.model,
                    "model_sha256": r.model_sha256,
                    "metric": r.metric,
                    "value": r.value,
                    "ci95": [r.ci95[0], r.ci95[1]],
                    "unparsed": r.unparsed,
                    "median_latency_s": self.timings[r.model].median_latency_s,
                    "tokens_per_s": self.timings[r.model].tokens_per_s,
                }
                for r in self.results
            ],
        }


def summarize(run: RunStore) -> RunSummary:
    """Compute every figure of ``run`` from its stored answers (and grades)."""
    config = run.config
    models = [(m["key"], m["name"], m["sha256"]) for m in config["models"]]
    answers: dict[str, dict[str, StoredAnswer]] = defaultdict(dict)
    for answer in run.answers():
        answers[answer.model_key][answer.item_id] = answer
    judge = config.get("judge")
    rubric = _rubric_scores(run, judge["key"]) if judge else {}
    outcomes = {key: _outcomes(answers[key], rubric) for key, _, _ in models}
    summary = RunSummary(config, [], [], {}, [], [])
    for key, name, sha in models:
        summary.timings[name] = _timing(name, list(answers[key].values()))
        for metric, scores in outcomes[key].items():
            summary.results.append(_metric(name, sha, metric, scores))
            for category, subset in _categories(answers[key], scores).items():
                summary.by_category.append(_metric(name, sha, metric, subset, category))
    summary.comparisons = _comparisons(models, outcomes, answers)
    summary.disagreements = _disagreements(models, answers)
    summary.judge_failures = sum(1 for r in rubric.values() if r is None)
    summary.errors = sum(1 for per in answers.values() for a in per.values() if "error" in a.score)
    return summary


def _outcomes(
    answers: dict[str, StoredAnswer], rubric: dict[int, float | None]
) -> dict[str, dict[str, float | None]]:
    """Metric to item id to score (None: unparsed or ungraded)."""
    metrics: dict[str, dict[str, float | None]] = defaultdict(dict)
    for item_id, answer in answers.items():
        score = answer.score
        if "correct" in score:
            correct = score["correct"]
            metrics["accuracy"][item_id] = None if correct is None else float(correct)
        if "rank" in score or ("gold" in score and "choice" not in score and score["gold"]):
            rank = score.get("rank")
            for k in TOP_K:
                metrics[f"top{k}"][item_id] = float(rank is not None and rank <= k)
        if answer.id in rubric:
            metrics["healthbench"][item_id] = rubric[answer.id]
    return metrics


def _metric(
    model: str, sha: str, metric: str, scores: dict[str, float | None], category: str = ""
) -> MetricResult:
    n = len(scores)
    missing = sum(1 for v in scores.values() if v is None)
    if metric == "healthbench":
        graded = [v for v in scores.values() if v is not None]
        value = sum(graded) / len(graded) if graded else 0.0
        ci = stats.bootstrap_mean(graded)
    else:
        hits = sum(1 for v in scores.values() if v)
        value = hits / n if n else 0.0
        ci = stats.wilson(hits, n)
    name = f"{metric}:{category}" if category else metric
    return MetricResult(model, sha, name, value, ci, n, missing)


def _categories(
    answers: dict[str, StoredAnswer], scores: dict[str, float | None]
) -> dict[str, dict[str, float | None]]:
    groups: dict[str, dict[str, float | None]] = defaultdict(dict)
    for item_id, value in scores.items():
        category = str(answers[item_id].score.get("category") or "")
        if category:
            groups[category][item_id] = value
    return dict(sorted(groups.items())) if len(groups) > 1 else {}


def _timing(name: str, answers: list[StoredAnswer]) -> ModelTiming:
    usage = [a.usage for a in answers if "error" not in a.score]
    latencies = [float(u.get("model_s", 0.0)) for u in usage]
    rates = [float(u["tokens_per_s"]) for u in usage if u.get("tokens_per_s")]
    return ModelTiming(
        name,
        stats.median(latencies),
        stats.median([float(u.get("ttft_s", 0.0)) for u in usage]),
        stats.median(rates),
        stats.median([float(u.get("completion_tokens", 0)) for u in usage]),
        stats.median([float(u.get("chars", 0)) for u in usage]),
        latencies,
    )


def _comparisons(
    models: list[tuple[str, str, str]],
    outcomes: dict[str, dict[str, dict[str, float | None]]],
    answers: dict[str, dict[str, StoredAnswer]],
) -> list[Comparison]:
    found = []
    for i, (key_a, name_a, _) in enumerate(models):
        for key_b, name_b, _ in models[i + 1 :]:
            for metric, scores_a in outcomes[key_a].items():
                scores_b = outcomes[key_b].get(metric, {})
                both = [k for k in scores_a if k in scores_b]
                if metric == "healthbench":
                    both = [k for k in both if scores_a[k] is not None and scores_b[k] is not None]
                groups: dict[str, list[str]] = {"all": both}
                for item_id in both:
                    category = str(answers[key_a][item_id].score.get("category") or "")
                    if category:
                        groups.setdefault(category, []).append(item_id)
                for category, ids in groups.items():
                    if not ids or (category != "all" and len(groups) <= 2):
                        continue
                    a = [scores_a[k] or 0.0 for k in ids]
                    b = [scores_b[k] or 0.0 for k in ids]
                    found.append(Comparison(metric, category, name_a, name_b, stats.paired(a, b)))
    return found


def _disagreements(
    models: list[tuple[str, str, str]], answers: dict[str, dict[str, StoredAnswer]]
) -> list[dict[str, Any]]:
    if len(models) < 2:
        return []
    rows = []
    first = answers[models[0][0]]
    for item_id, answer in first.items():
        shown = {name: _shown(answers[key].get(item_id)) for key, name, _ in models}
        if len(set(shown.values())) > 1:
            score = answer.score
            rows.append(
                {
                    "item": item_id,
                    "category": score.get("category", ""),
                    "gold": score.get("gold", ""),
                    "answers": shown,
                }
            )
    return rows


def _shown(answer: StoredAnswer | None) -> str:
    if answer is None:
        return "(not answered)"
    score = answer.score
    if "error" in score:
        return f"(error: {score['error']})"
    if "choice" in score:
        return score["choice"] or "(unparsed)"
    if score.get("rank"):
        return f"#{score['rank']}: {score.get('line', '')}"
    return "(not in differential)"


def _rubric_scores(run: RunStore, judge_key: str) -> dict[int, float | None]:
    """Answer id to HealthBench score (None: a judge failure on some criterion)."""
    grades = run.grades(judge_key)
    by_answer: dict[int, dict[int, bool | None]] = defaultdict(dict)
    for (answer_id, criterion), (verdict, _) in grades.items():
        by_answer[answer_id][criterion] = verdict
    scores: dict[int, float | None] = {}
    for answer in run.answers():
        points = answer.score.get("rubric_points")
        if answer.id not in by_answer or not points or len(by_answer[answer.id]) < len(points):
            continue  # not graded yet (a stopped judge pass); not a failure
        verdicts = [by_answer[answer.id].get(i) for i in range(len(points))]
        scores[answer.id] = rubric_score(points, verdicts)
    return scores
