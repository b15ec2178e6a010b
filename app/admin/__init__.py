"""What a hospital's IT, or a conference presenter, decides for everyone on a machine.

* :mod:`.policy` — the administrator's read-only policy file (idle lock,
  "Send anyway", approved models by SHA-256, remote endpoints, exports,
  retention, demo mode), locked against change and failing closed.
* :mod:`.demo` — the conference demo's throwaway profile.
"""

from __future__ import annotations

from curbside.admin.demo import DemoProfile, demo_profile, in_demo, start_demo_profile
from curbside.admin.policy import (
    DEFAULT_POLICY,
    KEYS,
    Policy,
    PolicyError,
    default_location,
    load_policy,
    policy_path,
)

__all__ = [
    "DEFAULT_POLICY",
    "KEYS",
    "DemoProfile",
    "Policy",
    "PolicyError",
    "default_location",
    "demo_profile",
    "in_demo",
    "load_policy",
    "policy_path",
    "start_demo_profile",
]
