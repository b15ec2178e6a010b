"""Helpers for history tests: cheap Argon2 parameters, key lookup, page decryption."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
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


@contextlib.contextmanager
def mounted_tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (``"1m"``, ``"300k"``) at ``mount_point`` for the block.

    Skips the test where mounting is not permitted (it needs root or CAP_SYS_ADMIN).
    """
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root/CAP_SYS_ADMIN): {done.stderr}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
