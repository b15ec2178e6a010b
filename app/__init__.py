"""Curbside core: engine, storage, keys, de-identification, prompts and CLI.

Nothing in this package imports Qt; the desktop UI in ``ui/`` builds on it.
"""

__version__ = "0.1.0"

NOTICE = "For licensed clinicians. Not a medical device. Verify every output."
"""The notice shown permanently in the app and carried by every export."""
