"""The context meter: used / available, warning colours, errors with both numbers, debounce."""

from __future__ import annotations

from curbside.chat.budget import BudgetPlan, CaseTooLongError
from curbside.ui.context_meter import ContextMeter
from pytestqt.qtbot import QtBot


def _meter(qtbot: QtBot, debounce_ms: int = 250) -> ContextMeter:
    meter = ContextMeter(debounce_ms)
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
        def run() -> BudgetPlan:
            calls.append(n)
            return BudgetPlan([], 100 * n, 10, 4096)

        return run

    for n in range(1, 6):
        meter.request_update(count(n))
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [5]
    assert meter.bar.value() == 510


def test_flush_counts_now_and_reports_overflow(qtbot: QtBot) -> None:
    meter = _meter(qtbot, debounce_ms=10_000)

    def too_long() -> BudgetPlan:
        raise CaseTooLongError(5000, 256, 4096)

    meter.request_update(too_long)
    meter.flush()
    assert meter.state == "over"
