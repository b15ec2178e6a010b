"""Typed, known failures that a clinician or an IT admin can act on.

Everything environmental (a missing model file, a wrong key, a full disk) is
raised as a :class:`KnownError` subclass carrying a message that says what is
wrong and what to do. Anything else is a bug and is reported as such.
"""

from __future__ import annotations


class KnownError(Exception):
    """A failure with a message meant for the user, not a traceback.

    Args:
        message: What went wrong, in plain words.
        hint: What to do about it (may be empty).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ModelError(KnownError):
    """A model file is missing, corrupt, mismatched or cannot be loaded."""


class ModelMissingError(ModelError):
    """The model file does not exist at the expected path."""


class InputError(KnownError):
    """The user's input cannot be sent as it is (empty, too long, binary)."""


class ContextOverflowError(InputError):
    """The prompt does not fit the model's context window.

    Args:
        tokens: Tokens the prompt needs (including the reserved answer).
        limit: Tokens the context window holds.
    """

    def __init__(self, tokens: int, limit: int, what: str = "The text") -> None:
        super().__init__(
            f"{what} needs {tokens} tokens but the model's context window holds {limit}.",
            "Shorten the text, start a new conversation, or load the model with a larger context.",
        )
        self.tokens = tokens
        self.limit = limit


class FetchError(KnownError):
    """The default model could not be fetched or verified."""
