"""Smoke test of the built Linux bundle (``make package``), one test per check.

Skipped, with the reason, when no bundle has been built; ``make smoke`` (and
``.ci/run`` after ``make package``) sets ``CURBSIDE_REQUIRE_BUNDLE=1`` so a
missing bundle fails instead. The bundle is ``$CURBSIDE_BUNDLE`` or the newest
``dist/curbside-*-linux-*.tar.gz``. The checks themselves live in
``packaging/smoke.py`` (release.yml runs them on Windows and macOS too); each
test prints its figures (start-up time, sizes, CPU variants) with ``-s``/``-rA``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.packaging


def _smoke_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("curbside_smoke", ROOT / "packaging/smoke.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


smoke = _smoke_module()


def _archive() -> Path | None:
    chosen = os.environ.get("CURBSIDE_BUNDLE")
    if chosen:
        return Path(chosen)
    built = sorted((ROOT / "dist").glob("curbside-*-linux-*.tar.gz"), key=os.path.getmtime)
    return built[-1] if built else None


@pytest.fixture(scope="module")
def bundle() -> Iterator[Any]:
    """The newest bundle, unpacked once into a temporary directory."""
    archive = _archive()
    if archive is None or not archive.exists():
        reason = "no bundle built (run `make package`; dist/curbside-*-linux-*.tar.gz)"
        if os.environ.get("CURBSIDE_REQUIRE_BUNDLE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with smoke.unpacked(archive) as unpacked:
        print(f"\nbundle {archive.name}: {json.dumps(smoke.size_of(archive, unpacked))}")
        yield unpacked


@pytest.mark.parametrize("name", list(smoke.CHECKS))
def test_bundle(bundle: Any, name: str) -> None:
    result = smoke.CHECKS[name](bundle)
    print(f"\n{name}: {json.dumps(result)}")
    if "skipped" in result:
        pytest.skip(result["skipped"])
