"""Typed, known failures that a clinician or an IT admin can act on.

Everything environmental (a missing model file, a wrong key, a full disk) is
raised as a :class:`KnownError` subclass carrying a message that says what is
wrong and what to do. Anything else is a bug and is reported as such.
"""

from __future__ import annotations

from pathlib import Path


class KnownError(Exception):
    """A failure with a message meant for the user, not a traceback.

    Args:
        message: What went wrong, in plain words.
        hint: What to do about it (may be empty).
    """

    exit_code = 1
    """The CLI's exit code for this error."""

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


class UsageError(InputError):
    """The command line was used wrongly (exit code 2)."""

    exit_code = 2


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


# --- Encrypted history and its keys (issue 3) ------------------------------
class HistoryError(KnownError):
    """Base class: the conversation history cannot be used as asked."""


class CannotUnlockError(HistoryError):
    """The key or passphrase does not open the database (the file is left untouched)."""


class KeychainEntryLostError(HistoryError):
    """The database exists but its key is missing from the system keychain.

    Args:
        db_path: The database file that exists.
        service: Keyring service name that was looked up.
        account: Keyring account name that was looked up.
        has_passphrase: True when a recovery passphrase can unlock the file instead.
    """

    def __init__(self, db_path: Path, service: str, account: str, has_passphrase: bool) -> None:
        if has_passphrase:
            hint = (
                "Unlock it with your recovery passphrase (in the app, or "
                "`curbside history ... --passphrase-file FILE`)."
            )
        else:
            hint = (
                f"Restore the keychain entry (service '{service}', account '{account}') "
                "or ask IT for the escrowed key. Curbside will not create a new, empty "
                "history over this file; move it aside yourself to start afresh."
            )
        super().__init__(
            f"The history database {db_path} exists but its key is missing from the "
            "system keychain.",
            hint,
        )
        self.has_passphrase = has_passphrase


class PassphraseRequiredError(HistoryError):
    """No keychain is usable here, so a passphrase must be given.

    Args:
        exists: True when the history already exists (unlock), False to create one.
    """

    def __init__(self, exists: bool, reason: str = "No system keychain is available") -> None:
        if exists:
            message = f"{reason}: the history is protected by a passphrase."
            hint = "Enter it in the app, or pass --passphrase-file FILE (or '-' for stdin)."
        else:
            message = f"{reason}: choose a passphrase to protect the history."
            hint = (
                "Enter one in the app, or pass --passphrase-file FILE (or '-' for stdin); "
                "it cannot be recovered if forgotten."
            )
        super().__init__(message, hint)
        self.exists = exists


class OrphanSidecarError(PassphraseRequiredError):
    """A passphrase file is here without its database, and no passphrase was given.

    It may be the only key to a ``history.db`` that was moved away, so it is
    never replaced. Unlocking with its passphrase starts a new history under the
    same key (which still opens the moved file); the UI asks for it as for any
    passphrase-protected history.
    """

    def __init__(self, db_path: Path, sidecar_path: Path) -> None:
        KnownError.__init__(
            self,
            f"{db_path.name} is missing from {db_path.parent}, but its passphrase file "
            f"{sidecar_path.name} is still there and the keychain holds no key for this "
            "profile. Curbside will not replace that file: it may be the only key to a "
            "history that was moved.",
            f"Put {db_path.name} back; or unlock with its passphrase (in the app, or "
            "--passphrase-file FILE) to start a new history under the same key; or move "
            f"{sidecar_path.name} aside yourself to start afresh.",
        )
        self.exists = True


class PassphraseTooWeakError(HistoryError):
    """A new passphrase is too short to protect patient data."""


class NotCurbsideDatabaseError(HistoryError):
    """The file is damaged, truncated, or not a Curbside history at all."""


class PlainDatabaseError(NotCurbsideDatabaseError):
    """The file is an unencrypted SQLite database (it must never hold history)."""


class ReadOnlyError(HistoryError):
    """The data directory or database file cannot be written."""


class DiskFullError(HistoryError):
    """The disk holding the history is full."""


class SQLCipherMissingError(HistoryError):
    """The SQLite library loaded is not SQLCipher, so nothing would be encrypted."""


class ConversationNotFoundError(HistoryError):
    """No conversation has the requested id."""

    def __init__(self, conversation_id: int) -> None:
        super().__init__(
            f"There is no conversation with id {conversation_id}.",
            "Run `curbside history list` to see the ids.",
        )
        self.conversation_id = conversation_id


class ExportError(HistoryError):
    """An export file could not be written."""
