"""Remote inference servers a unit has added: what they are called and where they live.

A :class:`Backend` names an OpenAI-compatible server (llama-server, vLLM,
Ollama's ``/v1``, Azure OpenAI / AI Foundry): its base URL, the model or
deployment to ask for, how it authenticates, the URL shape it speaks
(:data:`API_SHAPES`), and the context size it was started with. The list is
kept as plain JSON (``remote_backends.json`` in the config directory) because
it holds no secret: API keys live in the OS keychain or the key file
(:mod:`.secrets`). Every value is checked when added and again when read, so a
hand-edited file never reaches the network unchecked.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from curbside.errors import InputError, KnownError
from curbside.infra import atomic_write, paths, read_bounded
from curbside.infra.files import TooLarge
from curbside.infra.limits import MAX_SETTINGS_FILE_BYTES

AuthStyle = Literal["none", "bearer", "azure"]
AUTH_STYLES: tuple[AuthStyle, ...] = ("none", "bearer", "azure")
ApiShape = Literal["auto", "openai", "azure-deployment", "foundry"]
API_SHAPES: tuple[ApiShape, ...] = ("auto", "openai", "azure-deployment", "foundry")
"""How the chat URL is built. ``openai``: ``{base}/chat/completions``.
``azure-deployment`` (Azure OpenAI): ``{endpoint}/openai/deployments/{model}/chat/completions``.
``foundry`` (Azure AI Foundry's model inference endpoint, ``https://RES.services.ai.azure.com/models``):
``{base}/chat/completions?api-version=`` with the deployment in the body's ``model``.
``auto`` picks one from the auth style and the URL (see :attr:`Backend.api_shape`)."""
BACKENDS_FILE = "remote_backends.json"
DEFAULT_CONTEXT = 4096
DEFAULT_AZURE_API_VERSION = "2024-10-21"
"""Azure OpenAI's ``api-version`` when none is given (a GA data-plane version)."""
DEFAULT_FOUNDRY_API_VERSION = "2024-05-01-preview"
"""The Azure AI Model Inference API's ``api-version`` when none is given."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_MODEL = re.compile(r"^[\w.:/@+\-]{1,200}$")
_API_VERSION = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$")


class BackendError(KnownError):
    """A remote server's settings are wrong or the list of servers cannot be read."""


@dataclass(frozen=True)
class Backend:
    """One OpenAI-compatible server.

    Attributes:
        name: What the unit calls it (``gpu-ward``); a URL for one-off use.
        url: Base URL: ``https://host/v1`` for OpenAI-style servers, the
            resource endpoint ``https://NAME.openai.azure.com`` for Azure.
        model: Model to ask for (Azure: the deployment name); empty lets an
            OpenAI-style server use the one it serves.
        auth: ``none``, ``bearer`` (``Authorization: Bearer``) or ``azure``
            (``api-key`` header, deployment URL, ``api-version``).
        n_ctx: Context size the server was started with (for the meter and budget).
        ca_bundle: PEM file of extra trusted certificate authorities (hospital PKI).
        api_version: Azure's ``api-version`` query parameter ("": the shape's default).
        shape: The URL shape (:data:`API_SHAPES`).
        connect_timeout_s: Seconds to wait for a connection.
        first_token_timeout_s: Seconds to wait for the first chunk (the
            server reads the whole case first).
        idle_timeout_s: Longest pause between chunks mid-answer.
    """

    name: str
    url: str
    model: str = ""
    auth: AuthStyle = "none"
    n_ctx: int = DEFAULT_CONTEXT
    ca_bundle: str | None = None
    api_version: str = ""
    shape: ApiShape = "auto"
    connect_timeout_s: float = 10.0
    first_token_timeout_s: float = 120.0
    idle_timeout_s: float = 60.0

    @property
    def host(self) -> str:
        """The server's host name (lower case), as the audit trail records it."""
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def api_shape(self) -> ApiShape:
        """The URL shape in use: ``shape``, or for ``auto`` the one the URL and auth imply.

        ``auto`` takes a base URL whose path ends in ``/models`` on an Azure
        host (``*.azure.com``), or with ``azure`` auth, as Foundry's model
        inference endpoint; other ``azure`` auth as an Azure OpenAI deployment;
        everything else as OpenAI-style.
        """
        if self.shape != "auto":
            return self.shape
        parts = urlsplit(self.url)
        models_path = parts.path.rstrip("/").endswith("/models")
        on_azure = (parts.hostname or "").lower().endswith(".azure.com")
        if models_path and (self.auth == "azure" or on_azure):
            return "foundry"
        return "azure-deployment" if self.auth == "azure" else "openai"

    @property
    def query_api_version(self) -> str:
        """The ``api-version`` sent: the configured one, else the shape's default."""
        if self.api_version:
            return self.api_version
        if self.api_shape == "foundry":
            return DEFAULT_FOUNDRY_API_VERSION
        return DEFAULT_AZURE_API_VERSION

    @property
    def base(self) -> str:
        """The URL without a trailing slash."""
        return self.url.rstrip("/")

    def validate(self) -> Backend:
        """Return the backend if every value is usable.

        Raises:
            BackendError: A value is out of range, with what to do about it.
        """
        if not _NAME.match(self.name) and not self.name.startswith(("http://", "https://")):
            raise BackendError(
                f"'{self.name}' is not a usable server name.",
                "Use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
            )
        check_url(self.url)
        if self.model and not _MODEL.match(self.model):
            raise BackendError(f"'{self.model}' is not a usable model or deployment name.")
        if self.shape not in API_SHAPES:
            raise BackendError(
                f"Unknown URL shape '{self.shape}'.", f"Use one of {', '.join(API_SHAPES)}."
            )
        if self.api_shape == "azure-deployment" and not self.model:
            raise BackendError(
                "An Azure OpenAI server needs its deployment name.", "Pass --model DEPLOYMENT."
            )
        if self.auth not in AUTH_STYLES:
            raise BackendError(f"Unknown auth style '{self.auth}'.", "Use none, bearer or azure.")
        if not 256 <= self.n_ctx <= 1 << 21:
            raise BackendError(f"Context size {self.n_ctx} is out of range (256–2,097,152).")
        if self.api_version and not _API_VERSION.match(self.api_version):
            raise BackendError(f"'{self.api_version}' is not an Azure api-version (YYYY-MM-DD).")
        for name in ("connect_timeout_s", "first_token_timeout_s", "idle_timeout_s"):
            if not 0.05 <= float(getattr(self, name)) <= 3600:
                raise BackendError(f"{name} must be between 0.05 and 3600 seconds.")
        if self.ca_bundle is not None and not Path(self.ca_bundle).is_file():
            raise BackendError(f"The CA bundle {self.ca_bundle} does not exist.")
        return self

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Backend:
        """Return a checked backend from stored values (unknown keys are ignored).

        Raises:
            BackendError: A value is missing or out of range.
        """
        known = {f.name for f in fields(cls)}
        try:
            backend = cls(**{k: v for k, v in values.items() if k in known})
        except TypeError as exc:
            raise BackendError("A stored remote server lacks its name or URL.") from exc
        return backend.validate()

    def with_model(self, model: str | None) -> Backend:
        """Return a copy asking for ``model`` instead (None keeps the configured one)."""
        return self if not model else replace(self, model=model).validate()


def check_url(url: str) -> None:
    """Refuse a base URL that is not plain ``http(s)://host[:port][/path]``.

    Raises:
        BackendError: The URL has another scheme, no host, credentials in it,
            a query or a fragment.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise BackendError(f"'{url}' is not a usable URL.") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BackendError(
            f"'{url}' is not an http(s) URL with a host.", "Example: https://gpu.example.org/v1"
        )
    if parts.username or parts.password:
        raise BackendError(
            "Credentials do not belong in the URL.", "Store the key with --api-key-file."
        )
    if parts.query or parts.fragment:
        raise BackendError(f"'{url}' has a query or fragment; give the base URL only.")


class BackendStore:
    """The unit's list of remote servers, in the config directory.

    Args:
        path: The JSON file (default: ``remote_backends.json`` in the config dir).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / BACKENDS_FILE

    def all(self) -> list[Backend]:
        """Return every stored server, sorted by name.

        Raises:
            BackendError: The file is damaged (it is left as it is).
        """
        return [Backend.from_dict(values) for _, values in sorted(self._read().items())]

    def get(self, name: str) -> Backend | None:
        """Return the server called ``name``, or None."""
        values = self._read().get(name)
        return Backend.from_dict(values) if values is not None else None

    def add(self, backend: Backend) -> None:
        """Store ``backend`` (replacing one of the same name)."""
        stored = self._read()
        stored[backend.validate().name] = backend.as_dict()
        self._write(stored)

    def remove(self, name: str) -> bool:
        """Forget the server called ``name``; return False if there was none."""
        stored = self._read()
        if stored.pop(name, None) is None:
            return False
        self._write(stored)
        return True

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            raw = read_bounded(self.path, MAX_SETTINGS_FILE_BYTES)
        except FileNotFoundError:
            return {}
        except (TooLarge, OSError) as exc:
            raise BackendError(f"The remote server list {self.path} cannot be read.") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise BackendError(
                f"The remote server list {self.path} is damaged.",
                "Fix or remove the file, then add the servers again.",
            ) from exc
        servers = data.get("servers") if isinstance(data, dict) else None
        if not isinstance(servers, dict) or not all(isinstance(v, dict) for v in servers.values()):
            raise BackendError(f"The remote server list {self.path} has an unknown layout.")
        return cast(dict[str, dict[str, Any]], servers)

    def _write(self, servers: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "servers": servers}, indent=2, sort_keys=True)
        atomic_write(self.path, text + "\n")


def parse_auth(value: str) -> AuthStyle:
    """Return ``value`` as an auth style.

    Raises:
        InputError: It is not one.
    """
    if value not in AUTH_STYLES:
        raise InputError(f"Unknown auth style '{value}'.", "Use none, bearer or azure.")
    return cast(AuthStyle, value)
