"""Opening a remote backend by name or URL, with its key from the right place.

:func:`open_backend` is the one constructor the CLI, the window and the
evaluation harness use. A key comes, first found first: from the caller, from
a key file, from ``CURBSIDE_API_KEY``, from the keychain entry of a stored
server, or from the passphrase-protected key file where no keychain is usable
(its passphrase asked of ``passphrase`` only then).
"""

from __future__ import annotations

from dataclasses import replace

from curbside.privacy import Rules
from curbside.remote.config import AuthStyle, Backend, BackendError, BackendStore
from curbside.remote.engine import PhiGate, RemoteEngine
from curbside.remote.secrets import PassphraseSource, key_from_env, read_key_file, stored_key


def is_url(name_or_url: str) -> bool:
    """True when the backend is given as a URL rather than a stored name."""
    return name_or_url.lower().startswith(("http://", "https://"))


def resolve_backend(
    name_or_url: str, *, model: str | None = None, auth: AuthStyle | None = None
) -> Backend:
    """Return the stored server called ``name_or_url``, or a one-off one at that URL.

    Raises:
        BackendError: No server has that name, or a value is unusable.
    """
    if is_url(name_or_url):
        backend = Backend(name=name_or_url, url=name_or_url, model=model or "", auth=auth or "none")
        return backend.validate()
    backend_or_none = BackendStore().get(name_or_url)
    if backend_or_none is None:
        raise BackendError(
            f"No remote server is called '{name_or_url}'.",
            "See `curbside backends list`, or give its URL.",
        )
    backend = backend_or_none.with_model(model)
    return replace(backend, auth=auth).validate() if auth else backend


def resolve_key(
    backend: Backend,
    api_key: str | None = None,
    api_key_file: str | None = None,
    passphrase: PassphraseSource | None = None,
) -> str | None:
    """Return the key to use for ``backend`` (None when it needs none and has none).

    Raises:
        KeyStoreError: The key is in the key file and ``passphrase`` is None.
        WrongKeyPassphraseError: The passphrase does not open the key file.
    """
    if api_key:
        return api_key
    if api_key_file:
        return read_key_file(api_key_file)
    from_env = key_from_env()
    if from_env:
        return from_env
    return None if is_url(backend.name) else stored_key(backend.name, passphrase)


def open_backend(
    name_or_url: str,
    *,
    model: str | None = None,
    api_key: str | None = None,
    api_key_file: str | None = None,
    auth: AuthStyle | None = None,
    rules: Rules | None = None,
    phi_gate: PhiGate | None = None,
    count_in_background: bool = False,
    passphrase: PassphraseSource | None = None,
) -> RemoteEngine:
    """Return an engine for a stored server or a URL.

    A URL with a key (and no ``auth``) uses Bearer auth.

    Args:
        name_or_url: A name from ``curbside backends list``, or a base URL.
        model: Ask for this model or deployment instead of the configured one.
        api_key: The key itself (from a caller that already holds it).
        api_key_file: Read the key from this file (``-``: stdin).
        auth: Override the auth style.
        rules: The admin rules (default: those in force).
        phi_gate: See :class:`RemoteEngine`.
        count_in_background: See :class:`RemoteEngine`.
        passphrase: Asked for the key file's passphrase if the key is kept there.

    Raises:
        BackendError: Unknown name, refused transport, or a missing key.
        InputError: The key file is unusable.
    """
    backend = resolve_backend(name_or_url, model=model, auth=auth)
    key = resolve_key(backend, api_key, api_key_file, passphrase)
    if is_url(name_or_url) and key and auth is None:
        backend = replace(backend, auth="bearer")
    return RemoteEngine(
        backend, key, rules=rules, phi_gate=phi_gate, count_in_background=count_in_background
    )
