"""The context meter: used / available, warning colours, errors with both numbers, debounce."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from curbside.chat.budget import BudgetPlan, CaseTooLongError
from curbside.errors import ModelError
from curbside.ui.context_meter import ContextMeter
from pytestqt.qtbot import QtBot


class QueuedRunner:
    """Stands in for the engine bridge's ``plan``: jobs wait until :meth:`run_all`."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Any, Callable[[Any], None], Callable[[Exception], None]]] = []

    def __call__(self, job: Any, on_result: Any, on_error: Any) -> None:
        self.jobs.append((job, on_result, on_error))

    def run_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for job, on_result, on_error in jobs:
            try:
                result = job(lambda messages: 7)
            except Exception as exc:
                on_error(exc)
            else:
                on_result(result)


def _meter(qtbot: QtBot, debounce_ms: int = 250) -> ContextMeter:
    meter = ContextMeter(debounce_ms)
    meter.runner = QueuedRunner()
    qtbot.addWidget(meter)
    meter.resize(520, 24)
    return meter


def test_starts_unknown_then_shows_counts(qtbot: QtBot) -> None:
    meter = _meter(qtbot)
    assert meter.state == "idle" and "no model" in meter.label.text()
    meter.set_counts(1234, 512, 4096)
    assert meter.label.text() == "Context 1,234 + 512 / 4,096"
    assert "512 reserved for the answer" in meter.label.accessibleName()
    assert (meter.bar.value(), meter.bar.maximum()) == (1746, 4096)
    assert meter.state == "ok"
    meter.set_counts(3200, 512, 4096)
    assert meter.state == "warn"
    meter.grab().save("/tmp/curbside_context_meter.png")


def test_plan_with_left_out_exchanges_says_so(qtbot: QtBot) -> None:
    meter = _meter(qtbot)
    meter.show_plan(BudgetPlan([], 3000, 512, 4096, omitted_exchanges=2))
    assert "2 older exchanges left out" in meter.label.text()
    assert "case and the system prompt are always kept" in meter.toolTip()


def test_error_shows_both_numbers(qtbot: QtBot) -> None:
    meter = _meter(qtbot)
    meter.show_error(CaseTooLongError(3900, 512, 4096))
    assert meter.state == "over"
    assert meter.label.text() == "Too long: 4,412 / 4,096 tokens"
    assert "3,900 tokens" in meter.toolTip()


def test_requests_are_debounced_into_one_count(qtbot: QtBot) -> None:
    meter = _meter(qtbot, debounce_ms=20)
    calls: list[int] = []

    def count(n: int):  # type: ignore[no-untyped-def]
        def run(count_tokens: Any) -> BudgetPlan:
            calls.append(n)
            return BudgetPlan([], 100 * n, 10, 4096)

        return run

    runner = meter.runner
    assert isinstance(runner, QueuedRunner)
    for n in range(1, 6):
        meter.request_update(count(n))
    qtbot.waitUntil(lambda: bool(runner.jobs))
    runner.run_all()
    assert calls == [5]
    assert meter.bar.value() == 510


def test_an_answer_to_an_older_request_is_dropped(qtbot: QtBot) -> None:
    meter = _meter(qtbot, debounce_ms=10_000)
    runner = meter.runner
    assert isinstance(runner, QueuedRunner)
    meter.request_update(lambda count: BudgetPlan([], 100, 10, 4096))
    meter.flush()
    meter.request_update(lambda count: BudgetPlan([], 200, 10, 4096))
    meter.flush()
    first, second = runner.jobs
    runner.jobs = [second, first]  # the newer answer arrives first
    runner.run_all()
    assert meter.bar.value() == 210


def test_a_known_error_from_the_count_is_shown_as_text(qtbot: QtBot) -> None:
    meter = _meter(qtbot, debounce_ms=10_000)

    def refused(count: Any) -> BudgetPlan:
        raise ModelError("The model's chat template refused these messages: <b>x</b>")

    meter.request_update(refused)
    meter.flush()
    meter.runner.run_all()  # type: ignore[union-attr]
    assert meter.state == "idle" and "<b>x</b>" in meter.label.text()


def test_flush_counts_now_and_reports_overflow(qtbot: QtBot) -> None:
    meter = _meter(qtbot, debounce_ms=10_000)

    def too_long(count: Any) -> BudgetPlan:
        raise CaseTooLongError(5000, 256, 4096)

    meter.request_update(too_long)
    meter.flush()
    meter.runner.run_all()  # type: ignore[union-attr]
    assert meter.state == "over"
