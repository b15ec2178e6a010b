"""The 32-byte data key and its hexadecimal form for SQLCipher raw-key mode.

SQLCipher treats ``PRAGMA key = "x'<hex>'"`` as a raw key only when the hex
string is exactly 64 digits (optionally 96 with a salt); anything else is
silently taken as a *passphrase* and run through PBKDF2. So the length and
alphabet are validated here rather than trusted to SQLCipher.
"""

from __future__ import annotations

import re
import secrets

KEY_BYTES = 32
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


def generate_data_key() -> bytes:
    """Return a fresh random 32-byte data key from the OS CSPRNG."""
    return secrets.token_bytes(KEY_BYTES)


def key_to_hex(key: bytes) -> str:
    """Return the 64-digit lower-case hex form of a 32-byte key.

    Raises:
        ValueError: The key is not exactly 32 bytes.
    """
    if len(key) != KEY_BYTES:
        raise ValueError(f"a data key has {KEY_BYTES} bytes, not {len(key)}")
    return key.hex()


def key_from_hex(text: str) -> bytes:
    """Parse a 64-digit hex key (surrounding whitespace allowed).

    Raises:
        ValueError: The text is not exactly 64 hexadecimal digits.
    """
    cleaned = text.strip()
    if not _HEX64.fullmatch(cleaned):
        raise ValueError("a data key is exactly 64 hexadecimal digits")
    return bytes.fromhex(cleaned)


def raw_key_pragma(key: bytes) -> str:
    """Return the ``PRAGMA key`` statement for raw-key mode (hex validated)."""
    return f"PRAGMA key = \"x'{key_to_hex(key)}'\""


def rekey_pragma(key: bytes) -> str:
    """Return the ``PRAGMA rekey`` statement for raw-key mode (hex validated)."""
    return f"PRAGMA rekey = \"x'{key_to_hex(key)}'\""
