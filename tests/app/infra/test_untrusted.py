"""Settings and state files read within a budget: nesting, size, FIFOs and devices.

``json.loads`` of 100,000 nested lists raises ``RecursionError``, which the
readers did not catch: ``curbside models list`` died with a traceback on a
replaced ``models.json``. Each reader now refuses such a file in one line (or
falls back to its defaults) and never blocks on a FIFO.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from curbside.errors import ModelError
from curbside.infra.untrusted import TooDeep, json_depth, load_structured, read_json_file
from curbside.models.registry_state import RegistryState
from curbside.models.settings import SettingsStore
from curbside.prompts.settings import load_settings, settings_path

DEEP = "[" * 100_000 + "]" * 100_000


def _fifo(path: Path) -> None:
    os.mkfifo(path)


BAD: dict[str, Callable[[Path], None]] = {
    "nested 100,000 deep": lambda p: p.write_text(DEEP),
    "nested 40 deep": lambda p: p.write_text('{"a": ' + "[" * 40 + "]" * 40 + "}"),
    "over 1 MiB": lambda p: p.write_text('{"a": "' + "x" * (1 << 20) + '"}'),
    "not UTF-8": lambda p: p.write_bytes(b'{"a": "\xff"}'),
    "a FIFO": _fifo,
    "a link to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
}


@pytest.mark.parametrize("make", BAD.values(), ids=BAD.keys())
def test_read_json_file_refuses_in_one_line(tmp_path: Path, make: Callable[[Path], None]) -> None:
    path = tmp_path / "state.json"
    make(path)
    with pytest.raises((OSError, ValueError)) as caught:
        read_json_file(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("make", BAD.values(), ids=BAD.keys())
def test_the_model_list_says_it_cannot_be_read(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "models.json"
    make(path)
    with pytest.raises(ModelError, match="cannot be read"):
        RegistryState(path).load()


@pytest.mark.parametrize("make", BAD.values(), ids=BAD.keys())
def test_settings_files_fall_back_to_defaults(
    isolated_profile: Path, make: Callable[[Path], None]
) -> None:
    prompts = settings_path()
    prompts.parent.mkdir(parents=True, exist_ok=True)
    make(prompts)
    assert load_settings().problem
    models = isolated_profile / "model_settings.json"
    make(models)
    assert SettingsStore(models).get(isolated_profile / "m.gguf").n_ctx > 0


def test_depth_is_measured_without_recursion() -> None:
    assert json_depth(1) == 0 and json_depth({"a": [1, {"b": []}]}) == 4
    with pytest.raises(TooDeep):
        load_structured("x = " + "[" * 5000 + "]" * 5000, "toml")
    assert load_structured('{"a": [[1]]}', max_depth=3) == {"a": [[1]]}
