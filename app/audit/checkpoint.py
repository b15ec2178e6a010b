"""Signed checkpoints: an Ed25519 signature over the chain's head, for copies to be checked.

A hash chain proves that entries were not changed *relative to each other*;
someone holding the database key could still rewrite the whole chain. A
checkpoint signs ``(seq, head)`` with a key that never enters the database:
the Ed25519 private key is kept in the OS keychain beside the history key
(its own entry), and the public key is printed for the pilot coordinator to
note. The checkpoint itself is an ``audit.checkpoint`` entry in the chain, so
JSONL exports carry it, and ``curbside audit verify-export FILE --public-key
KEY`` checks a copy with no access to the database or its key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from curbside.audit.chain import Entry
from curbside.audit.log import AuditLog
from curbside.errors import HistoryError
from curbside.keys import keychain

CHECKPOINT = "audit.checkpoint"
_CONTEXT = b"curbside-audit-checkpoint-v1\n"
_ACCOUNT_SUFFIX = "#audit-signing"


def _message(seq: int, head: str) -> bytes:
    return _CONTEXT + f"{seq}\n{head}".encode("ascii")


def signing_key(account: str) -> Ed25519PrivateKey:
    """Return the profile's signing key from the keychain, creating it on first use.

    Raises:
        HistoryError: No keychain is usable (checkpoints need one).
    """
    entry = account + _ACCOUNT_SUFFIX
    try:
        raw = keychain.get_key(entry)
        if raw is None:
            key = Ed25519PrivateKey.generate()
            raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            keychain.set_key(entry, raw)
    except keychain.KeychainUnavailable as exc:
        raise HistoryError(
            f"Signed checkpoints need the system keychain, which is not usable here ({exc}).",
            "Use the hash chain and recorded heads (curbside audit verify --head).",
        ) from exc
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_hex(key: Ed25519PrivateKey) -> str:
    """Return the raw public key in hex (what the coordinator writes down)."""
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign_head(log: AuditLog, account: str) -> Entry:
    """Sign the current head and append the checkpoint entry; return it.

    Raises:
        HistoryError: The log is empty, or no keychain is usable.
    """
    head = log.head()
    if head is None:
        raise HistoryError("The audit log is empty; there is nothing to sign.", "")
    key = signing_key(account)
    signature = key.sign(_message(head.seq, head.hash)).hex()
    details = {
        "seq": head.seq,
        "head": head.hash,
        "public_key": public_key_hex(key),
        "signature": signature,
    }
    return log.append(CHECKPOINT, details)


@dataclass(frozen=True)
class CheckpointCheck:
    """The outcome of checking the signed checkpoints of a chain.

    Attributes:
        verified: Checkpoints whose signature and head both check out.
        problem: The first checkpoint that does not verify, and why (empty if none).
    """

    verified: int
    problem: str = ""


def check_checkpoints(
    rows: Iterable[tuple[Any, ...]], details_of: Any, public_key: str | None
) -> CheckpointCheck:
    """Check every checkpoint in ``rows`` (already chain-verified, in order).

    Args:
        rows: ``(seq, time, event, details_json, prev, hash)`` rows.
        details_of: Turns a row into its details dict.
        public_key: The coordinator's public key in hex; None trusts each
            checkpoint's own key (which proves consistency, not origin).
    """
    hashes: dict[int, str] = {}
    verified = 0
    for row in rows:
        seq, event, own = row[0], row[2], row[5]
        hashes[seq] = own
        if event != CHECKPOINT:
            continue
        details = details_of(row)
        try:
            key_hex = public_key or str(details["public_key"])
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex))
            signed_seq, head = int(details["seq"]), str(details["head"])
            key.verify(bytes.fromhex(str(details["signature"])), _message(signed_seq, head))
        except (KeyError, ValueError, TypeError, InvalidSignature):
            return CheckpointCheck(verified, f"checkpoint at entry {seq}: bad signature or key")
        if hashes.get(signed_seq) != head:
            return CheckpointCheck(
                verified, f"checkpoint at entry {seq}: entry {signed_seq} is not the one signed"
            )
        verified += 1
    return CheckpointCheck(verified)
