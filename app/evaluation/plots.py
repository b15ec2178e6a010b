"""The report's plots, drawn with matplotlib's object API (no pyplot, no GUI backend).

Each function returns a :class:`matplotlib.figure.Figure`; the HTML report
embeds it as a PNG ``data:`` URI, the PDF report draws it as a page.
matplotlib is imported only when a plot is made, so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from curbside.evaluation.summary import MetricResult, RunSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT = 7.5, 3.6
COLOURS = ("#1f5f8b", "#c0504d", "#4f8a3c", "#8064a2", "#d08a1e", "#3b9bb3")


def _figure(height: float = HEIGHT) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), dpi=110, layout="constrained")


def primary_metrics(summary: RunSummary) -> list[str]:
    """The metrics plotted: accuracy, top-k and rubric score, as the run has them."""
    order = ("accuracy", "top1", "top3", "top5", "healthbench")
    present = {r.metric for r in summary.results}
    return [m for m in order if m in present]


def metric_plot(summary: RunSummary) -> Figure:
    """Each model's value per metric with its 95% interval."""
    figure = _figure()
    axes = figure.add_subplot()
    metrics = primary_metrics(summary)
    models = list(summary.timings)
    width = 0.8 / max(1, len(models))
    for index, model in enumerate(models):
        rows = {r.metric: r for r in summary.results if r.model == model}
        xs, values, low, high = [], [], [], []
        for position, metric in enumerate(metrics):
            if metric in rows:
                row = rows[metric]
                xs.append(position + (index - (len(models) - 1) / 2) * width)
                values.append(row.value)
                low.append(max(0.0, row.value - row.ci95[0]))
                high.append(max(0.0, row.ci95[1] - row.value))
        axes.bar(
            xs,
            values,
            width * 0.9,
            yerr=[low, high],
            capsize=4,
            color=COLOURS[index % len(COLOURS)],
            label=model,
        )
    axes.set_xticks(range(len(metrics)), metrics)
    axes.set_ylim(0, 1)
    axes.set_ylabel("score (95% interval)")
    axes.set_title("Score per model")
    if "accuracy" in metrics and summary.config.get("kind") == "choice":
        options = summary.config.get("options", 4)
        axes.axhline(1 / options, color="grey", linestyle=":", linewidth=1, label="chance")
    axes.legend(fontsize="small", loc="upper right")
    return figure


def category_plot(summary: RunSummary) -> Figure | None:
    """The first metric per category and model (None when the set has no categories)."""
    metric = (primary_metrics(summary) or [""])[0]
    rows = [r for r in summary.by_category if r.metric.startswith(f"{metric}:")]
    if not rows:
        return None
    categories = sorted({r.metric.split(":", 1)[1] for r in rows})
    models = list(summary.timings)
    figure = _figure(max(HEIGHT, 0.35 * len(categories) * max(1, len(models)) + 1))
    axes = figure.add_subplot()
    height = 0.8 / max(1, len(models))
    for index, model in enumerate(models):
        by: dict[str, MetricResult] = {
            r.metric.split(":", 1)[1]: r for r in rows if r.model == model
        }
        ys = [c + (index - (len(models) - 1) / 2) * height for c in range(len(categories))]
        values = [by[c].value if c in by else 0.0 for c in categories]
        errors = [
            [max(0.0, by[c].value - by[c].ci95[0]) if c in by else 0.0 for c in categories],
            [max(0.0, by[c].ci95[1] - by[c].value) if c in by else 0.0 for c in categories],
        ]
        axes.barh(
            ys,
            values,
            height * 0.9,
            xerr=errors,
            capsize=3,
            color=COLOURS[index % len(COLOURS)],
            label=model,
        )
    labels = [
        f"{c} (n={next((r.n for r in rows if r.metric.endswith(':' + c)), 0)})" for c in categories
    ]
    axes.set_yticks(range(len(categories)), labels)
    axes.set_xlim(0, 1)
    axes.set_xlabel(f"{metric} (95% interval)")
    axes.set_title(f"{metric} per category")
    axes.legend(fontsize="small", loc="best")
    return figure


def latency_plot(summary: RunSummary) -> Figure:
    """Distribution of per-answer model time for each model."""
    figure = _figure()
    axes = figure.add_subplot()
    models = [t for t in summary.timings.values() if t.latencies]
    if models:
        parts = axes.boxplot(
            [t.latencies for t in models], orientation="horizontal", patch_artist=True
        )
        for index, box in enumerate(parts["boxes"]):
            box.set_facecolor(COLOURS[index % len(COLOURS)])
            box.set_alpha(0.6)
        axes.set_yticks(range(1, len(models) + 1), [t.model for t in models])
    axes.set_xlabel("seconds per answer (prefill and generation)")
    axes.set_title("Latency per answer")
    return figure


def all_plots(summary: RunSummary) -> list[tuple[str, Figure]]:
    """Every plot the report holds, with its caption."""
    plots = [("Score per model, with 95% intervals", metric_plot(summary))]
    category = category_plot(summary)
    if category is not None:
        plots.append(("Per category", category))
    plots.append(("Latency per answer", latency_plot(summary)))
    return plots
