"""A chat-template sandbox with a budget: a model file's template cannot run away.

Jinja's immutable sandbox (what llama-cpp-python uses) stops a template from
reaching Python internals, but not from using all the time and memory there
is: two nested ``range(100000)`` loops run for hours, ``'A' * (1024 ** 3)``
allocates a gigabyte. :class:`BoundedEnvironment` adds, per render:

* a step budget shared by every ``range()`` item, operator and call;
* a wall-clock deadline, checked at each step and each piece of output;
* size limits on what ``*``, ``**`` and ``+`` build, and on numeric
  arguments of calls and filters (``'x'|center(10**9)``);
* a cap on the rendered prompt's length.

Going over any of them raises :class:`TemplateTooCostly`, which the engine
turns into one clear line. What the sandbox cannot see (a loop over a long
string with an empty body, ``~`` concatenation) is caught by the trial in a
child process, which renders the template under a time and memory limit before
the file is first loaded (:mod:`curbside.models.probe`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

MAX_STEPS = 200_000
"""range() items, operators and calls one render may use (real templates use hundreds)."""
MAX_SECONDS = 2.0
"""Wall-clock time one render may take (real templates take about a millisecond)."""
MAX_VALUE_CHARS = 1 << 20
"""Longest string or list a template may build with ``*`` or ``+``, and largest size argument."""
MAX_EXPONENT = 1024
MAX_OUTPUT_CHARS = 16 << 20
"""Longest rendered prompt: far more than any context window holds."""


class TemplateTooCostly(SecurityError):
    """A chat template went over its time or size budget."""


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a per-render budget (call :meth:`begin` first)."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = self._range
        self.filters = {name: self._bounded(f) for name, f in self.filters.items()}
        self.begin()

    def begin(self, seconds: float = MAX_SECONDS) -> None:
        """Start a new render's budget."""
        self._steps = 0
        self._deadline = time.monotonic() + seconds

    def step(self, count: int = 1) -> None:
        """Spend ``count`` steps; raise when the budget or the deadline is exhausted."""
        self._steps += count
        if self._steps > MAX_STEPS:
            raise TemplateTooCostly(f"it needs more than {MAX_STEPS:,} steps")
        if time.monotonic() > self._deadline:
            raise TemplateTooCostly(f"it takes longer than {MAX_SECONDS:g} s")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Apply ``left operator right`` if what it builds stays within the limits."""
        self.step()
        if operator == "**" and _is_number(right) and abs(right) > MAX_EXPONENT:
            raise TemplateTooCostly(f"it raises a number to the power {right}")
        if operator == "*":
            _check_size(_repeat_size(left, right))
        if operator == "+" and _sized(left) and _sized(right):
            _check_size(len(left) + len(right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` from the template once its size arguments are checked."""
        __self.step()
        _check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def _range(self, *args: int) -> Iterator[int]:
        for item in safe_range(*args):
            self.step()
            yield item

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.step()
            _check_arguments(args[1:], kwargs)  # args[0] is the value being filtered
            return function(*args, **kwargs)

        return bounded


def render_bounded(environment: BoundedEnvironment, chunks: Iterator[str]) -> str:
    """Join a template's output chunks, checking the deadline and the output cap as they come."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise TemplateTooCostly(f"its output is longer than {MAX_OUTPUT_CHARS:,} characters")
        environment.step(0)
        parts.append(chunk)
    return "".join(parts)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sized(value: Any) -> bool:
    return isinstance(value, str | bytes | list | tuple)


def _repeat_size(left: Any, right: Any) -> int:
    if _sized(left) and isinstance(right, int):
        return len(left) * right
    if _sized(right) and isinstance(left, int):
        return len(right) * left
    return 0


def _check_size(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise TemplateTooCostly(f"it builds a value of {size:,} items")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_VALUE_CHARS:
            raise TemplateTooCostly(f"it asks for a size of {value:,}")
