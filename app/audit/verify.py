"""Verifying the audit chain: every entry's hash, its link, its number, and the head.

:func:`verify_rows` walks the stored rows in ``seq`` order and stops at the
first entry that does not verify, saying why:

* an edited entry (any byte of any field) no longer matches its own hash, or its
  details are no longer in canonical form;
* a deleted entry leaves a gap in the numbers, and the next entry's ``prev``
  names a hash that is not the one before it;
* two reordered entries fail their hashes (``seq`` is hashed) or their links;
* a truncated tail leaves a chain that verifies on its own, so it is caught
  against a head hash recorded earlier (``expected_head``): that hash must still
  be in the chain. Every export and report prints the head for this reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring  # the C encoder json.dumps uses, as entry_hash
from typing import Any

from curbside.audit.chain import GENESIS, entry_hash

_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Verification:
    """The outcome of verifying the chain.

    Attributes:
        count: Entries checked (up to and including the first bad one).
        head: The hash of the last good entry (GENESIS when none).
        bad_seq: The ``seq`` of the first entry that does not verify, else None.
        problem: Why it does not verify (empty when intact).
    """

    count: int
    head: str
    bad_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        """True when every entry verifies (and the expected head was found)."""
        return not self.problem

    def summary(self) -> str:
        """One line for the CLI and the Audit view."""
        if self.intact:
            return f"{self.count} entries, chain intact, head {self.head}"
        where = f"entry {self.bad_seq}" if self.bad_seq is not None else "the chain"
        return f"{where} does not verify: {self.problem}"


def _check(row: tuple[Any, ...], expected_seq: int, prev: str) -> str:
    seq, time, event, details_json, stored_prev, stored_hash = row
    if not isinstance(seq, int) or not all(
        isinstance(v, str) for v in (time, event, details_json, stored_prev, stored_hash)
    ):
        return "a field has the wrong type (the entry was edited)"
    if seq != expected_seq:
        missing = str(expected_seq) if seq == expected_seq + 1 else f"{expected_seq}-{seq - 1}"
        return f"entry {missing} before it is missing (deleted)"
    if stored_prev != prev:
        return "its link to the previous entry is broken (an earlier entry was changed or moved)"
    try:
        if entry_hash(seq, time, event, details_json, stored_prev) != stored_hash:
            return "its content does not match its hash (the entry was edited)"
    except (TypeError, ValueError):
        return "a field has the wrong type (the entry was edited)"
    return ""


def verify_rows(
    rows: Iterable[tuple[Any, ...]],
    expected_head: str | None = None,
    *,
    partial: bool = False,
) -> Verification:
    """Verify stored rows ``(seq, time, event, details, prev, hash)`` in stored order.

    Args:
        rows: The log's rows ordered by ``seq``.
        expected_head: A head hash recorded earlier; it must appear in the chain.
        partial: The rows may start after entry 1 (an export ``--since`` a date):
            the first row's link to its predecessor is taken on trust.
    """
    prev, count = GENESIS, 0
    wanted = (expected_head or "").strip().lower()
    seen_head = not wanted
    first = True
    plain_prev = True  # prev is 64 hex digits, so it needs no JSON quoting
    sha256, quote = hashlib.sha256, encode_basestring
    for row in rows:
        if first and partial and isinstance(row[0], int) and row[0] > 1:
            prev, count = row[4], row[0] - 1
            plain_prev = isinstance(prev, str) and _HEX64.fullmatch(prev) is not None
        first = False
        # The common case inline, without a call per entry: the fields' types,
        # the number, the link, and the hash over the same bytes entry_hash()
        # writes ("prev" needs no quoting: it equals a hash already checked, or
        # a trusted first link that is plain hex).
        # Anything that does not pass goes to _check, the authority, which
        # says what is wrong (or finds nothing wrong: then it is good).
        seq, time, event, details_json, stored_prev, stored_hash = row
        if not (
            plain_prev
            and type(seq) is int
            and seq == count + 1
            and stored_prev == prev
            and type(time) is str
            and type(event) is str
            and type(details_json) is str
            and type(stored_hash) is str
            and sha256(
                f'{{"details":{details_json},"event":{quote(event)},"prev":"{prev}",'
                f'"seq":{seq},"time":{quote(time)}}}'.encode()
            ).hexdigest()
            == stored_hash
        ):
            problem = _check(tuple(row), count + 1, prev)
            if problem:
                bad_seq = seq if isinstance(seq, int) else count + 1
                return Verification(count + 1, prev, bad_seq, problem)
        prev, count, plain_prev = stored_hash, count + 1, True
        if not seen_head:
            seen_head = prev == wanted
    if not seen_head:
        return Verification(
            count,
            prev,
            None,
            f"the recorded head {wanted} is not in the chain of {count} entries: "
            "entries after it were removed (truncated) or the log was rewritten",
        )
    return Verification(count, prev)
