"""Keys for the encrypted history: the data key, the OS keychain and the passphrase sidecar.

The history database is encrypted with a random 32-byte *data key* (SQLCipher
raw-key mode). That key is kept in one of two places:

* the OS keychain through ``keyring`` (:mod:`curbside.keys.keychain`), the default;
* a small *sidecar* file holding the data key wrapped (AES-256-GCM) under a key
  derived from a passphrase with Argon2id (:mod:`curbside.keys.sidecar`), used when no
  keychain is usable, and optionally as a **recovery passphrase** by keychain users.

Recovery-passphrase policy: a keychain user *may* add a recovery passphrase
(``curbside history set-passphrase``). It wraps the same data key, so hospital IT
can escrow it and unlock the history after a profile or keychain reset. It is off
by default because a passphrase is only as strong as its owner makes it; when it
is set, the keychain is still tried first and the passphrase is used only when
the keychain entry is gone or no keychain is usable.

Neither the key nor a passphrase is ever written to disk in the clear, logged,
or put on a command line.
"""

from curbside.keys.datakey import generate_data_key, key_from_hex, key_to_hex
from curbside.keys.lock_secret import LockSecret

__all__ = ["LockSecret", "generate_data_key", "key_from_hex", "key_to_hex"]
