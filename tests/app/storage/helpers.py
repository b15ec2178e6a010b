"""Helpers for history tests: cheap Argon2 parameters, key lookup, page decryption."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from curbside.keys import keychain, sidecar
from curbside.storage.layout import Layout

CHEAP_KDF = sidecar.KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)
PAGE = 4096
RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of each page


def keychain_key(data_dir: Path) -> bytes:
    """Return the data key the keychain holds for ``data_dir``."""
    key = keychain.get_key(Layout.at(data_dir).account)
    assert key is not None
    return key


def decrypt_pages(path: Path, key: bytes) -> bytes:
    """Decrypt every page of a SQLCipher 4 raw-key file (what an attacker with the key sees).

    Used to prove that deleted text is really gone from the file, not just unlinked.
    """
    data = path.read_bytes()
    out = bytearray()
    for start in range(0, len(data), PAGE):
        page = data[start : start + PAGE]
        body_start = 16 if start == 0 else 0  # page 1 begins with the salt
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += decryptor.update(page[body_start : PAGE - RESERVE]) + decryptor.finalize()
    return bytes(out)
