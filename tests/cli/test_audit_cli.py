"""``curbside audit verify|export`` on a real encrypted history."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from curbside.cli import main
from curbside.keys import sidecar
from curbside.storage import open_history

from tests.app.audit.tamper import tamper
from tests.cli.conftest import Runner


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidecar, "DEFAULT_PARAMS", sidecar.KdfParams(1, 8, 1))


def _verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["audit", "verify", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_intact_then_names_the_edited_entry(
    isolated_profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        cid = store.create_conversation("t", "m", None)
        store.delete(cid)
    code, out, _ = _verify(capsys)
    assert code == 0
    count, _, _, _, head = out.split()[0], *out.split()[1:4], out.split()[-1]
    assert out.startswith(f"{count} entries, chain intact, head ") and len(head) == 64
    assert _verify(capsys, "--head", head)[0] == 0
    tamper(isolated_profile, "UPDATE audit_log SET details = '{\"messages\":0}' WHERE seq = 3")
    code, _, err = _verify(capsys)
    assert code == 1 and "entry 3 does not verify" in err


def test_verify_with_head_catches_truncation(
    isolated_profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        for n in range(3):
            store.audit.append("test.event", {"n": n})
    head = _verify(capsys)[1].split()[-1]
    tamper(isolated_profile, "DELETE FROM audit_log WHERE seq >= 3")
    assert _verify(capsys)[0] == 0
    code, _, err = _verify(capsys, "--head", head)
    assert code == 1 and "truncated" in err
    assert _verify(capsys, "--head", "not-a-hash")[0] == 2


def test_export_jsonl_and_csv_since_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_history() as store:
        store.audit.append("test.event", {"note": "=cmd|' /C calc'!A0"})
    out = tmp_path / "audit.jsonl"
    assert main(["audit", "export", "--format", "jsonl", "--output", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[-1]["head"] and lines[0]["event"] == "history.unlock"
    assert {"seq", "time", "event", "details", "prev", "hash"} <= set(lines[1])
    assert lines[-1]["head"] in capsys.readouterr().out
    table = tmp_path / "audit.csv"
    assert main(["audit", "export", "--format", "csv", "--output", str(table)]) == 0
    rows = list(csv.reader(table.read_text().splitlines()))
    assert rows[0] == ["seq", "time", "event", "details", "prev", "hash"]
    assert rows[-1][0].startswith("# head ")
    assert main(["audit", "export", "--format", "csv", "--output", str(table)]) == 1
    later = tmp_path / "later.jsonl"
    main(["audit", "export", "--format", "jsonl", "--since", "2999-01-01", "--output", str(later)])
    assert len(later.read_text().splitlines()) == 1  # only the head line
    with open_history() as store:
        exports = store.audit.entries(events=("export",))
    assert [e.details["format"] for e in exports] == ["jsonl", "csv", "jsonl"]


def test_exit_codes_in_a_real_process(curbside: Runner) -> None:
    done = curbside("audit", "verify")
    assert done.returncode == 0, done.stderr
    assert b"entries, chain intact, head " in done.stdout
    bad = curbside("audit", "export", "--format", "xml")
    assert bad.returncode == 2
