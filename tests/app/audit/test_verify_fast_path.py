"""verify_rows' inline check agrees with entry_hash on every kind of field text.

The inline check writes the hashed bytes itself for speed; these rows are
built with :func:`curbside.audit.entry_hash` (the definition), so any text on
which the two disagree shows up as a false alarm or a missed edit here.
"""

from __future__ import annotations

from typing import Any

import pytest
from curbside.audit import GENESIS, canonical, entry_hash, verify_rows

ODD_TEXTS = [
    "plain",
    'quote " and backslash \\',
    "newline\n tab\t return\r bell\x07 nul\x00 unit\x1f",
    "del\x7f and latin é and CJK 胸痛 and emoji 🫀",
    "line separator \u2028 paragraph \u2029",
    "</script><!--",
]


def _chain(texts: list[str], first_prev: str = GENESIS, start: int = 1) -> list[tuple[Any, ...]]:
    rows, prev = [], first_prev
    for offset, text in enumerate(texts):
        seq = start + offset
        details = canonical({"note": text, "n": seq})
        own = entry_hash(seq, f"2026-12-01T22:00:0{offset % 10}{text}", text, details, prev)
        rows.append((seq, f"2026-12-01T22:00:0{offset % 10}{text}", text, details, prev, own))
        prev = own
    return rows


def test_odd_texts_verify_intact() -> None:
    rows = _chain(ODD_TEXTS)
    result = verify_rows(rows)
    assert result.intact, result.summary()
    assert (result.count, result.head) == (len(ODD_TEXTS), rows[-1][5])


@pytest.mark.parametrize("index", range(len(ODD_TEXTS)))
def test_an_edit_to_an_odd_text_is_caught(index: int) -> None:
    rows = _chain(ODD_TEXTS)
    seq, time, event, details, prev, own = rows[index]
    rows[index] = (seq, time, event + " ", details, prev, own)
    result = verify_rows(rows)
    assert result.bad_seq == index + 1
    assert "does not match its hash" in result.problem


def test_a_partial_export_whose_first_link_is_not_hex_still_verifies() -> None:
    rows = _chain(ODD_TEXTS, first_prev='not "hex" at all', start=40)
    result = verify_rows(rows, partial=True)
    assert result.intact, result.summary()
    assert result.count == 39 + len(ODD_TEXTS)


def test_a_hash_made_without_quoting_prev_is_refused() -> None:
    # A forger who writes prev unquoted must not pass where entry_hash would not.
    import hashlib

    prev = 'x","event":"forged'
    details = canonical({"n": 40})
    body = (
        f'{{"details":{details},"event":"answer","prev":"{prev}",'
        f'"seq":40,"time":"2026-12-01T22:00:00"}}'
    )
    forged = hashlib.sha256(body.encode()).hexdigest()
    rows = [(40, "2026-12-01T22:00:00", "answer", details, prev, forged)]
    result = verify_rows(rows, partial=True)
    assert result.bad_seq == 40 and not result.intact


def test_a_field_of_the_wrong_type_is_caught() -> None:
    rows = _chain(["a", "b"])
    seq, time, event, details, prev, own = rows[1]
    rows[1] = (seq, time, event, details.encode(), prev, own)
    result = verify_rows(rows)
    assert result.bad_seq == 2 and "wrong type" in result.problem
