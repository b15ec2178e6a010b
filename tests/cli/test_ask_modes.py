"""``curbside ask --mode ... --case FILE`` as subprocesses with the real default model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from curbside.prompts import MODES

SAMPLES = Path(__file__).resolve().parents[2] / "app" / "chat" / "samples"


def _err(result) -> str:
    return result.stderr.decode()


@pytest.mark.model
@pytest.mark.parametrize("mode", ["ddx", "patient"])
def test_mode_with_a_sample_case_file_answers_and_reports_its_mode(curbside, mode: str) -> None:
    result = curbside(
        "ask",
        "--json",
        "--mode",
        mode,
        "--case",
        str(SAMPLES / "syncope.toml"),
        "--max-tokens",
        "6",
        "--temperature",
        "0",
    )
    assert result.returncode == 0, _err(result)
    payload = json.loads(result.stdout)
    assert payload["answer"].strip()
    assert payload["mode"] == {"id": mode, "version": MODES[mode].version}
    assert set(payload["usage"]) == {"prompt_tokens", "completion_tokens", "ttft_s", "tokens_per_s"}
    assert 1 <= payload["usage"]["completion_tokens"] <= 6
    assert payload["usage"]["prompt_tokens"] > 300  # the case went with the question


@pytest.mark.model
def test_free_question_about_a_plain_text_case_streams_to_stdout(curbside, tmp_path: Path) -> None:
    case = tmp_path / "case.txt"
    case.write_text("62M, Hb 86 g/L, MCV 71 fL, ferritin 6.", encoding="utf-8")
    result = curbside("ask", "--case", str(case), "--max-tokens", "6", "Most likely cause?")
    assert result.returncode == 0, _err(result)
    assert result.stdout.decode().strip()
    assert _err(result) == ""


@pytest.mark.model
def test_mode_without_case_file_takes_stdin_as_the_case(curbside) -> None:
    result = curbside(
        "ask",
        "--json",
        "--mode",
        "summary",
        "--max-tokens",
        "4",
        "-",
        stdin="9-year-old with wheeze, SpO2 91%, peak flow 45%.",
    )
    assert result.returncode == 0, _err(result)
    assert json.loads(result.stdout)["mode"]["id"] == "summary"


@pytest.mark.model
def test_case_too_long_for_the_window_gives_both_numbers(curbside, tmp_path: Path) -> None:
    case = tmp_path / "long.txt"
    case.write_text("potassium 6.3 mmol/L. " * 1500, encoding="utf-8")
    result = curbside("ask", "--mode", "ddx", "--case", str(case))
    assert result.returncode == 1
    line = _err(result).strip()
    assert len(line.splitlines()) == 1
    assert "The case with the system prompt takes" in line
    assert "holds 4096" in line and "Shorten the case" in line
    assert "Traceback" not in line


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("ask", "--mode", "triage", "x"), 2, "invalid choice"),
        (("ask", "--case", "/nonexistent/case.txt", "x"), 1, "Cannot read the case file"),
        (("ask", "--mode", "free", "--case", "{case}"), 2, "question is empty"),
        (("ask", "--case", "{bad}", "x"), 1, "not valid TOML"),
    ],
    ids=["unknown-mode", "missing-case", "free-needs-question", "bad-toml"],
)
def test_bad_use_gets_one_clear_line(
    curbside, tmp_path: Path, args, code: int, message: str
) -> None:
    (tmp_path / "case.txt").write_text("A case.", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("age = ", encoding="utf-8")
    filled = [a.format(case=tmp_path / "case.txt", bad=tmp_path / "bad.toml") for a in args]
    result = curbside(*filled, stdin="")
    assert result.returncode == code, _err(result)
    assert message in _err(result)
    assert "Traceback" not in _err(result)
