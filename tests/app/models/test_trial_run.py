"""Model files as untrusted input: float metadata range checks, and a trial run that decodes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from curbside.errors import ModelError
from curbside.models import preflight
from curbside.models.importing import import_model
from curbside.models.info import read_model_info
from curbside.models.probe import trial_load
from curbside.models.registry import ModelRegistry

from tests.doubles.gguf_files import tiny_llama

NESTED = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    (tmp_path / "models").mkdir()
    return ModelRegistry(models_dir=tmp_path / "models", config_dir=tmp_path / "config")


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"rms_eps": math.nan}, "not a finite number"),
        ({"rms_eps": -1.0}, "RMS norm epsilon"),
        ({"rms_eps": math.inf}, "not a finite number"),
        ({"floats": {"rope.freq_base": 0.0}}, "RoPE frequency base"),
        ({"floats": {"rope.freq_base": -1.0}}, "RoPE frequency base"),
        ({"floats": {"attention.layer_norm_epsilon": math.nan}}, "not a finite number"),
        ({"floats": {"rope.scaling.factor": -2.0}}, "RoPE scaling factor"),
    ],
    ids=["eps-nan", "eps-neg", "eps-inf", "base-zero", "base-neg", "norm-nan", "factor-neg"],
)
def test_implausible_float_metadata_is_a_problem(
    tmp_path: Path, registry: ModelRegistry, options: dict[str, object], says: str
) -> None:
    path = tiny_llama(tmp_path / "bad.gguf", **options)  # type: ignore[arg-type]
    problems = read_model_info(path).problems()
    assert len(problems) == 1 and says in problems[0]
    with pytest.raises(ModelError, match="cannot be loaded") as caught:
        preflight(path, registry)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_ordinary_float_metadata_passes(tmp_path: Path) -> None:
    path = tiny_llama(tmp_path / "ok.gguf", floats={"rope.freq_base": 10000.0})
    assert read_model_info(path).problems() == []


def test_the_trial_run_decodes_so_a_crash_on_the_first_token_is_caught(tmp_path: Path) -> None:
    # Loads fine; llama.cpp aborts only when it computes (GGML_ASSERT(eps >= 0.0f)).
    path = tiny_llama(tmp_path / "eps.gguf", rms_eps=-1.0)
    failure = trial_load(path)
    assert failure is not None and "crashed in a trial run" in failure and "SIG" in failure


def test_the_trial_run_passes_a_good_file(tmp_path: Path) -> None:
    assert trial_load(tiny_llama(tmp_path / "ok.gguf")) is None


def test_a_costly_template_is_refused_at_import_and_marked_bad(
    tmp_path: Path, registry: ModelRegistry
) -> None:
    path = tiny_llama(tmp_path / "loop.gguf", chat_template=NESTED)
    before = path.read_bytes()
    with pytest.raises(ModelError) as caught:
        import_model(path, registry=registry)
    message = str(caught.value)
    assert "chat template was refused" in message and "200,000 steps" in message
    assert "\n" not in message and path.read_bytes() == before
    verdict = registry.trial_result(path)
    assert verdict is not None and verdict[0] is False  # marked bad until it changes
    with pytest.raises(ModelError, match="chat template was refused"):
        preflight(path, registry)


def test_a_pass_from_the_older_trial_is_run_again(tmp_path: Path, registry: ModelRegistry) -> None:
    path = tiny_llama(tmp_path / "old.gguf")
    registry.record_trial(path, None)
    state_file = registry.state_path
    state = json.loads(state_file.read_text())
    for record in state["trials"].values():
        record.pop("version")  # as written before the trial decoded
    state_file.write_text(json.dumps(state))
    assert registry.trial_result(path) is None
