"""Only the models IT approved may load, when the administrator's policy names them.

The policy lists approved files by SHA-256, not by name: a renamed copy of an
approved file is approved, and a different file under an approved name is not.
"""

from __future__ import annotations

from pathlib import Path

from curbside.admin import Policy, load_policy
from curbside.errors import ModelError
from curbside.models.integrity import hash_model
from curbside.models.registry import ModelRegistry


def require_approved(path: Path, registry: ModelRegistry, policy: Policy | None = None) -> None:
    """Raise :class:`ModelError` unless the policy allows ``path``'s file.

    The hash is the registry's record when the file is unchanged since it was
    last hashed, else it is computed (and recorded) now.
    """
    policy = policy or load_policy()
    if not policy.allowed_models:
        return
    digest = registry.recorded_sha256(path)
    if digest is None:
        digest = hash_model(path)
        registry.record_hash(path, digest)
    if not policy.allows_model(digest):
        raise ModelError(
            f"{path.name} is not one of the models your administrator approved "
            f"(SHA-256 {digest[:12]}…).",
            "Choose an approved model, or ask IT to add this file to the policy.",
        )
