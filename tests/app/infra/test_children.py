"""Child processes: ``python -m`` from a checkout or wheel, the hidden flag in a bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from curbside.cli import main
from curbside.infra import CHILD_FLAG, child_command, child_env, paths, run_child


def _pretend_frozen(monkeypatch: pytest.MonkeyPatch, bundle: Path) -> Path:
    program = bundle / "curbside"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    return program


def test_outside_a_bundle_a_child_is_python_dash_m() -> None:
    assert child_command("trial-load", "x.gguf") == [
        sys.executable,
        "-m",
        "curbside.models.trial_child",
        "x.gguf",
    ]


def test_in_a_bundle_a_child_is_the_program_with_the_hidden_flag(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = _pretend_frozen(monkeypatch, tmp_path)
    assert paths.is_frozen() and paths.install_kind() == "bundle"
    assert child_command("trial-load", "x.gguf") == [
        str(program),
        CHILD_FLAG,
        "trial-load",
        "x.gguf",
    ]


def test_only_listed_children_can_be_started(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(KeyError):
        child_command("os", "system")
    assert run_child(["curbside.cli"]) == 2
    assert run_child([]) == 2
    assert "needs one of: trial-load" in capsys.readouterr().err


def test_the_cli_hands_the_hidden_flag_to_the_child(capsys: pytest.CaptureFixture[str]) -> None:
    # The trial child checks its arguments before touching llama.cpp.
    assert main([CHILD_FLAG, "trial-load"]) == 2
    assert "usage: trial-load" in capsys.readouterr().err


def test_the_hidden_flag_is_not_in_the_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "curbside", "--help"],
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and CHILD_FLAG not in done.stdout


def _trial(model: Path) -> subprocess.CompletedProcess[str]:
    command = child_command("trial-load", str(model))
    return subprocess.run(
        command, env=child_env(), capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.model
def test_trial_child_loads_a_good_model_and_refuses_a_broken_one(
    default_model_path: Path, tmp_path: Path
) -> None:
    good = _trial(default_model_path)
    assert (good.returncode, good.stdout.strip()) == (0, "ok")
    broken = tmp_path / "truncated.gguf"
    broken.write_bytes(default_model_path.read_bytes()[: 4 * 1024 * 1024])
    bad = _trial(broken)
    assert bad.returncode == 3 and bad.stdout.strip()
