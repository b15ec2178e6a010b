"""Parsing structured text Curbside did not write, within a nesting budget.

``json.loads`` and ``tomllib.loads`` recurse once per level of nesting: a few
kilobytes of ``[[[[…`` raise ``RecursionError`` (or, parsed, make every later
walk over the value recurse as deep). :func:`load_structured` turns that into a
``ValueError`` with a plain reason and refuses anything deeper than
:data:`~curbside.infra.limits.MAX_JSON_DEPTH`, measured without recursion.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from curbside.infra.files import TooLarge, read_bounded
from curbside.infra.limits import MAX_JSON_DEPTH, MAX_SETTINGS_FILE_BYTES


class TooDeep(ValueError):
    """The document nests lists or tables deeper than the budget."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"it nests deeper than {limit} levels")
        self.limit = limit


def json_depth(value: Any) -> int:
    """Return how deeply ``value`` nests lists and dicts (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def load_structured(text: str, kind: str = "json", max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse ``text`` as ``"json"`` or ``"toml"``, refusing documents nested deeper than allowed.

    Raises:
        TooDeep: The document nests deeper than ``max_depth``.
        ValueError: The text is not valid JSON or TOML (``json.JSONDecodeError``,
            ``tomllib.TOMLDecodeError``).
    """
    try:
        value = tomllib.loads(text) if kind == "toml" else json.loads(text)
    except RecursionError:
        raise TooDeep(max_depth) from None
    if json_depth(value) > max_depth:
        raise TooDeep(max_depth)
    return value


def read_json_file(path: Path, limit: int = MAX_SETTINGS_FILE_BYTES) -> Any:
    """Read a JSON settings or state file within a size and nesting budget.

    Raises:
        FileNotFoundError: There is no such file.
        OSError: It is not a readable regular file (a FIFO or a device is refused
            without blocking).
        ValueError: It is over ``limit`` bytes, not UTF-8, not JSON, or nested
            too deeply (``TooDeep``); the message says which.
    """
    try:
        data = read_bounded(path, limit)
    except TooLarge as exc:
        raise ValueError(f"it is {exc}") from None
    return load_structured(data.decode("utf-8"))
