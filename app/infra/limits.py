"""Every size limit a person can meet, in one place, with the reason for each.

Limits on what a clinician types are generous and refuse rather than truncate:
a truncated case could lose the one finding that matters. Limits on files
Curbside did not write (sidecars, policies, case sets, settings, server
replies) keep a hostile or damaged file from exhausting memory or time.
"""

from __future__ import annotations

MAX_INPUT_CHARS = 200_000
"""Longest message or case: about 50,000 tokens, far past any model's window,
so a real case is never refused, while a 10 MB paste cannot freeze the window."""

MAX_SCAN_CHARS = MAX_INPUT_CHARS
"""Longest text the PHI guard scans: whatever can be sent can be checked."""

MAX_SYSTEM_PROMPT_CHARS = 8_000
"""Longest editable system prompt (about 2,000 tokens): instructions, not a case;
longer prompts crowd the case out of a 4,096-token window."""

MIN_PASSPHRASE_CHARS = 10
"""Shortest passphrase accepted for a new history sidecar."""

MAX_PASSPHRASE_CHARS = 1024
"""Longest passphrase read from a file, stdin or a descriptor."""

MAX_CASE_FILE_BYTES = 4 * 1024 * 1024
"""Largest ``--case`` file read (UTF-8 of :data:`MAX_INPUT_CHARS` is at most 800 KB;
the rest allows TOML/JSON structure); ``/dev/zero`` stops here."""

MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024
"""Largest text read by ``curbside deid`` and ``ask -`` from a file or stdin."""

MAX_SETTINGS_FILE_BYTES = 1024 * 1024
"""Largest settings or state JSON read from the config or data directory."""

MAX_SIDECAR_BYTES = 64 * 1024
"""Largest key sidecar read (a real one is under 1 KB)."""

MAX_JSON_DEPTH = 32
"""Deepest nesting accepted in any JSON or TOML Curbside reads."""
