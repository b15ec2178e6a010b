"""The US place and ZIP lists come through a cache file, rebuilt when missing or damaged."""

from __future__ import annotations

import json
from pathlib import Path

from curbside.deid import lexicon
from curbside.infra import paths


def _fresh() -> dict[str, list[str]]:
    return lexicon._us_zip_data.__wrapped__()  # bypass the per-process cache


def test_cache_is_written_then_read_back_identically(isolated_profile: Path) -> None:
    built = _fresh()
    cache = paths.cache_dir() / "deid-us-places.json"
    assert cache.is_file() and cache.is_relative_to(isolated_profile)
    assert _fresh() == built
    assert "02115" in built["zips"] and "boston" in built["places"]


def test_damaged_or_stale_cache_is_rebuilt(isolated_profile: Path) -> None:
    cache = paths.cache_dir() / "deid-us-places.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("{not json")
    assert "02115" in _fresh()["zips"]
    cache.write_text(json.dumps({"source": "zipcodes-0.0-v0", "places": [], "zips": []}))
    assert "02115" in _fresh()["zips"]
    assert json.loads(cache.read_text())["source"] != "zipcodes-0.0-v0"
