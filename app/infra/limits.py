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

MAX_KDF_TIME_COST = 64
"""Most Argon2id passes a sidecar may ask for (Curbside writes 6)."""

MAX_KDF_MEMORY_KIB = 1024 * 1024
"""Most Argon2id memory a sidecar may ask for: 1 GiB (Curbside writes 64 MiB);
a crafted file asking for 8 GiB would exhaust a workstation's RAM."""

MAX_KDF_PARALLELISM = 16
"""Most Argon2id lanes a sidecar may ask for (Curbside writes 4)."""

MAX_KDF_WORK = 4 * 6 * 64 * 1024
"""Most passes × KiB a sidecar may ask for: four times Curbside's own cost
(about 1.5 s), so a crafted file cannot make unlocking hang for minutes."""

MAX_REMOTE_REPLY_BYTES = 16 * 1024 * 1024
"""Most bytes read from one remote server reply (an answer of 4,000 tokens
streams as about 1 MB of events): a server that never stops cannot fill memory."""

MAX_REMOTE_EVENT_BYTES = 256 * 1024
"""Largest single server-sent event (one chunk is a few hundred bytes)."""

MAX_REMOTE_ERROR_BYTES = 16 * 1024
"""Most of an error reply's body read to explain it (only a short detail is shown)."""

MAX_API_KEY_BYTES = 8 * 1024
"""Longest API key read from a key file or the environment (real ones are < 200 B)."""
MAX_REMOTE_KEYS = 64
"""Most API keys the passphrase-protected key file holds (one per remote server)."""
MAX_REMOTE_KEY_FILE_BYTES = 64 * 1024 + MAX_REMOTE_KEYS * (MAX_API_KEY_BYTES * 4 // 3 + 256)
"""Largest remote key file read: its passphrase lock plus every key at its longest."""
MAX_CASE_SET_BYTES = 32 * 1024 * 1024
"""Largest evaluation case set read (the full MedQA test split is 2.1 MB, AgentClinic
0.4 MB); a 50 MB file is refused before it is parsed."""

MAX_CASE_SET_LINE_CHARS = 256 * 1024
"""Longest line (one item) in a JSONL or CSV case set: a vignette is a few KB."""

MAX_CASE_SET_ITEMS = 20_000
"""Most items in one case set: a run must finish on a workstation."""

MAX_RUBRIC_ITEMS = 64
"""Most rubric criteria on one item (HealthBench items carry about 11)."""

MAX_MODEL_ANSWER_CHARS = 64 * 1024
"""Longest stored evaluation answer; a model that loops is cut here, not stored whole."""
