"""PHI detector figures for issue 4, printed as one JSON object.

* recall and precision (span overlap, with and without bare years; token level)
  per category on the dev set and on the PhysioNet corpus;
* issue 17's sets: PhysioNet's development and test halves (split by note id,
  fixed seed), the share of hard-negative sentences flagged (development and
  held-out sets), name recall per naming tradition and the share of MedQA and
  AgentClinic exam items flagged (development and test halves);
* scan time of a 10,000-character case (median of repeated runs; target < 20 ms),
  also against the rules alone (the name model switched off) in the same run;
* throughput in MB/s over the whole PhysioNet corpus;
* the adversarial 100 KB inputs (ALL-CAPS note, digits and slashes, and more),
  each with its time per KB at 25 KB and 100 KB: equal figures mean linear time.

Every time is also given against a baseline measured in the same run: one pass
of a plain word regex over the same text, so a slow shared machine does not
read as a slow detector.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from curbside.deid import detect

from tests.app.deid.test_no_backtracking import WORST_CASES
from tests.deid_corpora import (
    evaluate,
    load_devset,
    load_physionet,
    physionet_available,
    split_physionet,
)

_BASELINE = re.compile(r"\w+")
_DATA = Path(__file__).resolve().parents[1] / "data" / "deid"


def _time(fn: Callable[[], object], rounds: int) -> float:
    """Median seconds of ``rounds`` calls."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _scan_figures(text: str, rounds: int) -> dict[str, float]:
    seconds = _time(lambda: detect(text), rounds)
    baseline = _time(lambda: _BASELINE.findall(text), rounds)
    return {
        "chars": len(text),
        "ms": round(seconds * 1000, 2),
        "baseline_word_regex_ms": round(baseline * 1000, 3),
        "ratio_to_baseline": round(seconds / baseline, 1) if baseline else 0.0,
    }


def _scan_against_rules(text: str, rounds: int) -> dict[str, float]:
    """The whole detector against its rules alone (no name model), same text, same run."""
    from curbside.deid import detector

    full = _time(lambda: detect(text), rounds)
    model = detector.model_names
    detector.model_names = lambda text, tokens: []  # type: ignore[assignment]
    try:
        rules = _time(lambda: detect(text), rounds)
    finally:
        detector.model_names = model  # type: ignore[assignment]
    return {
        "ms": round(full * 1000, 2),
        "rules_alone_ms": round(rules * 1000, 2),
        "ratio_to_rules_alone": round(full / rules, 2) if rules else 0.0,
    }


def _worst_cases() -> dict[str, dict[str, float]]:
    out = {}
    for name, text in sorted(WORST_CASES.items()):
        small = text[: len(text) // 4]
        figures = _scan_figures(text, 3)
        small_ms = _time(lambda s=small: detect(s), 3) * 1000
        figures["ms_per_kb_at_25kb"] = round(small_ms / (len(small) / 1000), 3)
        figures["ms_per_kb_at_100kb"] = round(figures["ms"] / (len(text) / 1000), 3)
        out[name] = figures
    return out


def _hard_negatives() -> dict[str, dict[str, float]]:
    out = {}
    for name in ("hard_negatives.tsv", "hard_negatives_heldout.tsv"):
        lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
        sentences = [line.split("\t", 1)[1] for line in lines if line.strip()]
        flagged = sum(1 for s in sentences if detect(s))
        out[name] = {
            "sentences": len(sentences),
            "flagged": flagged,
            "share": round(flagged / len(sentences), 4),
        }
    return out


def _names() -> dict[str, float]:
    gold: dict[str, int] = {}
    caught: dict[str, int] = {}
    for line in (_DATA / "names_multilocale.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found = detect(row["text"])
        for span in row["spans"]:
            t = row["tradition"]
            gold[t] = gold.get(t, 0) + 1
            hit = any(f.start < span["end"] and span["start"] < f.end for f in found)
            caught[t] = caught.get(t, 0) + hit
    return {t: round(caught[t] / gold[t], 4) for t in sorted(gold)}


def _vignettes() -> dict[str, object]:
    """Share of exam items flagged, per set and half (issue 17); absent sets are skipped."""
    from tests import deid_vignettes

    found: dict[str, object] = {}
    for name in sorted(deid_vignettes.SETS):
        if deid_vignettes.available(name):
            dev, test = deid_vignettes.split(deid_vignettes.load(name))
            found[name] = {
                "dev_half": deid_vignettes.clean_rate(detect, dev).as_dict(),
                "test_half": deid_vignettes.clean_rate(detect, test).as_dict(),
            }
    return found


def _ten_k_case(docs_text: str) -> str:
    text = docs_text[:10_000]
    return text + " " * (10_000 - len(text))


def main() -> None:
    """Measure and print the JSON object."""
    detect("warm-up: load the word lists once (Dr. Smith, 3/14/2024)")
    devset = load_devset()
    result: dict[str, object] = {
        "devset": {"cases": len(devset), **evaluate(detect, devset).as_dict()}
    }
    sample = "\n\n".join(doc.text for doc in devset)
    if physionet_available():
        notes = load_physionet()
        corpus = "".join(doc.text for doc in notes)
        started = time.perf_counter()
        scores = evaluate(detect, notes)
        seconds = time.perf_counter() - started
        mb = len(corpus.encode("utf-8")) / 1e6
        baseline = _time(lambda: [_BASELINE.findall(d.text) for d in notes], 1)
        result["physionet"] = {
            "notes": len(notes),
            **scores.as_dict(),
            "throughput_mb_s": round(mb / seconds, 3),
            "baseline_word_regex_mb_s": round(mb / baseline, 1),
        }
        dev, test = split_physionet(notes)
        result["physionet_dev_half"] = evaluate(detect, dev).as_dict()
        result["physionet_test_half"] = evaluate(detect, test).as_dict()
        sample = "\n\n".join(doc.text for doc in notes[:40])
    result["hard_negatives"] = _hard_negatives()
    result["clean_vignettes"] = _vignettes()
    result["name_recall_by_tradition"] = _names()
    ten_k = _ten_k_case(sample)
    result["scan_10k_chars"] = {
        **_scan_figures(ten_k, 15),
        "against_rules": _scan_against_rules(ten_k, 15),
    }
    result["worst_cases_100kb"] = _worst_cases()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
