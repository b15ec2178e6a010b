"""Remote inference: a unit's own OpenAI-compatible server, behind the same engine interface.

* :mod:`.config` — the stored servers (name, URL, model or deployment, auth, context).
* :mod:`.secrets` — their API keys, in the OS keychain or (where none is usable)
  :mod:`.keyfile`, the passphrase-protected key file.
* :mod:`.transport` — HTTPS rules, the HTTP client, URL shapes and headers.
* :mod:`.engine` / :mod:`.exchange` — the streaming engine and one request's reader thread.
* :mod:`.failures` — one clear line per failure; nothing is retried.
* :mod:`.guard` — the PHI gate every remote send passes.
* :mod:`.tokens` — the server's tokenizer where it has one, else a labelled estimate.
* :mod:`.probe` — "Test connection": latency and the server's models.
* :mod:`.audit` — what each remote answer records (never the text).
* :mod:`.backends` — :func:`open_backend`, the one constructor.
"""

from __future__ import annotations

from curbside.remote.audit import SentPrompt, prompt_digest, record_remote_answer
from curbside.remote.backends import is_url, open_backend, resolve_backend, resolve_key
from curbside.remote.config import (
    API_SHAPES,
    AUTH_STYLES,
    ApiShape,
    AuthStyle,
    Backend,
    BackendError,
    BackendStore,
    parse_auth,
)
from curbside.remote.engine import PhiGate, RemoteEngine
from curbside.remote.failures import RemoteError
from curbside.remote.guard import (
    ClearedGate,
    PhiRefusedError,
    refuse_identifiers,
    remote_verdict,
)
from curbside.remote.keyfile import KeyFile, KeyFileError, WrongKeyPassphraseError
from curbside.remote.probe import ConnectionReport, check_connection
from curbside.remote.secrets import (
    KeyStoreError,
    PassphraseSource,
    delete_key,
    has_key,
    key_place,
    keychain_usable,
    store_key,
)
from curbside.remote.transport import check_transport, is_loopback

__all__ = [
    "API_SHAPES",
    "AUTH_STYLES",
    "ApiShape",
    "AuthStyle",
    "Backend",
    "BackendError",
    "BackendStore",
    "ClearedGate",
    "ConnectionReport",
    "KeyFile",
    "KeyFileError",
    "KeyStoreError",
    "PassphraseSource",
    "PhiGate",
    "PhiRefusedError",
    "RemoteEngine",
    "RemoteError",
    "SentPrompt",
    "WrongKeyPassphraseError",
    "check_connection",
    "check_transport",
    "delete_key",
    "has_key",
    "is_loopback",
    "is_url",
    "key_place",
    "keychain_usable",
    "open_backend",
    "parse_auth",
    "prompt_digest",
    "record_remote_answer",
    "refuse_identifiers",
    "remote_verdict",
    "resolve_backend",
    "resolve_key",
    "store_key",
]
