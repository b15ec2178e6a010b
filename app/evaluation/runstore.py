"""Evaluation runs kept in the encrypted history (tables from migration ``m006_evaluation_runs``).

A run is named by a random key written to ``run.json`` in the run's folder;
that file holds the run's settings and no case text or answer. Every answer
is committed in its own transaction the moment it is scored, and the table's
``UNIQUE (run, model, item)`` makes a second copy impossible, so a run killed
at any point resumes with exactly the items not yet answered.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from curbside.evaluation.items import CaseSetError
from curbside.infra import atomic_write, read_bounded
from curbside.infra.limits import MAX_SETTINGS_FILE_BYTES
from curbside.storage import HistoryStore
from sqlite_utils import Database

MANIFEST = "run.json"
COMPARED = ("set_sha256", "format", "mode", "params", "models", "judge", "limit", "seed", "prompts")
"""Settings that must match for a rerun to continue a run (anything else is a new run)."""


@dataclass(frozen=True)
class StoredAnswer:
    """One model's scored answer to one item."""

    id: int
    model_key: str
    item_id: str
    answer: str
    usage: dict[str, Any]
    score: dict[str, Any]


class RunStore:
    """The answers and grades of one run, in the history database.

    Args:
        store: The open history.
        run_id: The run's row id (see :func:`open_run`).
        config: The run's settings as stored.
    """

    def __init__(self, store: HistoryStore, run_id: int, config: dict[str, Any]) -> None:
        self.store = store
        self.run_id = run_id
        self.config = config

    def done(self) -> set[tuple[str, str]]:
        """The (model key, item id) pairs already answered."""
        rows = self.store.read(
            lambda db: db.execute(
                "SELECT model_key, item_id FROM eval_answers WHERE run_id = ?", [self.run_id]
            ).fetchall()
        )
        return {(model, item) for model, item in rows}

    def save_answer(
        self,
        model_key: str,
        item_id: str,
        answer: str,
        usage: dict[str, Any],
        score: dict[str, Any],
    ) -> None:
        """Commit one scored answer (a second save of the same pair is ignored)."""
        self.store.write(
            lambda db: db.execute(
                "INSERT INTO eval_answers (run_id, model_key, item_id, answer, usage, score, "
                "created) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (run_id, model_key, item_id) DO NOTHING",
                [
                    self.run_id,
                    model_key,
                    item_id,
                    answer,
                    json.dumps(usage),
                    json.dumps(score),
                    _now(),
                ],
            )
        )

    def answers(self) -> list[StoredAnswer]:
        """Every answer of the run, in the order they were saved."""
        rows = self.store.read(
            lambda db: db.execute(
                "SELECT id, model_key, item_id, answer, usage, score FROM eval_answers "
                "WHERE run_id = ? ORDER BY id",
                [self.run_id],
            ).fetchall()
        )
        return [
            StoredAnswer(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5])) for r in rows
        ]

    def grades(self, judge_key: str) -> dict[tuple[int, int], tuple[bool | None, str]]:
        """(answer id, criterion) to (verdict, judge reply) for ``judge_key``."""
        rows = self.store.read(
            lambda db: db.execute(
                "SELECT g.answer_id, g.criterion, g.met, g.reply FROM eval_grades g "
                "JOIN eval_answers a ON a.id = g.answer_id WHERE a.run_id = ? AND g.judge_key = ?",
                [self.run_id, judge_key],
            ).fetchall()
        )
        return {(a, c): (None if met is None else bool(met), reply) for a, c, met, reply in rows}

    def save_grade(
        self, answer_id: int, judge_key: str, criterion: int, met: bool | None, reply: str
    ) -> None:
        """Commit the judge's verdict on one criterion (None: the judge gave no verdict)."""
        self.store.write(
            lambda db: db.execute(
                "INSERT INTO eval_grades (answer_id, judge_key, criterion, met, reply, created) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id, judge_key, criterion) DO NOTHING",
                [answer_id, judge_key, criterion, None if met is None else int(met), reply, _now()],
            )
        )


def open_run(store: HistoryStore, out_dir: Path, config: dict[str, Any]) -> RunStore:
    """Continue the run in ``out_dir`` if its settings match ``config``, else start one there.

    Raises:
        CaseSetError: ``out_dir`` holds a run with other settings (nothing is changed).
    """
    manifest = out_dir / MANIFEST
    if manifest.exists():
        previous = read_manifest(out_dir)
        changed = [k for k in COMPARED if previous.get(k) != config.get(k)]
        if changed:
            raise CaseSetError(
                f"{out_dir} holds a run with other settings ({', '.join(changed)} differ).",
                "Rerun with the same options to continue it, or choose a new --out folder.",
            )
        run_key = str(previous["run_key"])
    else:
        run_key = uuid.uuid4().hex
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(manifest, json.dumps({"run_key": run_key, **config}, indent=2))
    run_id = store.write(lambda db: _get_or_create(db, run_key, config))
    return RunStore(store, run_id, config)


def load_run(store: HistoryStore, out_dir: Path) -> RunStore:
    """Open the finished or partial run recorded in ``out_dir`` (for reports).

    Raises:
        CaseSetError: No run there, or its answers are not in this history.
    """
    config = read_manifest(out_dir)
    row = store.read(
        lambda db: db.execute(
            "SELECT id FROM eval_runs WHERE run_key = ?", [config.get("run_key")]
        ).fetchone()
    )
    if row is None:
        raise CaseSetError(
            f"The answers of the run in {out_dir} are not in this history.",
            "Open the profile the run was made with (CURBSIDE_HOME), or run it again.",
        )
    return RunStore(store, int(row[0]), config)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """Return the settings recorded in ``out_dir/run.json``."""
    path = out_dir / MANIFEST
    try:
        value = json.loads(read_bounded(path, MAX_SETTINGS_FILE_BYTES))
    except FileNotFoundError:
        raise CaseSetError(
            f"No evaluation run in {out_dir}.", "Run `curbside eval run` first."
        ) from None
    except (OSError, ValueError) as exc:
        raise CaseSetError(
            f"Cannot read {path}: {exc}.", "Start a new run in a new folder."
        ) from None
    if not isinstance(value, dict) or "run_key" not in value:
        raise CaseSetError(
            f"{path} is not a Curbside run file.", "Start a new run in a new folder."
        )
    return value


def _get_or_create(db: Database, run_key: str, config: dict[str, Any]) -> int:
    row = db.execute("SELECT id FROM eval_runs WHERE run_key = ?", [run_key]).fetchone()
    if row is not None:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO eval_runs (run_key, created, set_name, set_sha256, config) "
        "VALUES (?, ?, ?, ?, ?)",
        [run_key, _now(), config["set"], config["set_sha256"], json.dumps(config)],
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
