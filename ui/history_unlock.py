"""Opening the encrypted history at start, asking for a passphrase only when needed.

With a usable keychain nothing is asked. Without one, the clinician chooses
(or enters) a passphrase. If the file cannot be opened for any known reason
(lost keychain entry without a recovery passphrase, a damaged file, a
read-only or full disk) the app runs *without* history and says why; it never
creates a new database over an existing one.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.errors import (
    CannotUnlockError,
    KeychainEntryLostError,
    KnownError,
    PassphraseRequiredError,
    PassphraseTooWeakError,
)
from curbside.storage import HistoryStore, open_history
from curbside.ui.passphrase_dialog import PassphraseDialog
from PySide6.QtWidgets import QDialog, QWidget

MAX_ATTEMPTS = 5
AskPassphrase = Callable[[bool, str, str], str | None]
"""(create, why we ask, problem with the last attempt) -> passphrase, or None if cancelled."""


def ask_with_dialog(parent: QWidget | None) -> AskPassphrase:
    """Return a passphrase prompt that uses :class:`PassphraseDialog`."""

    def ask(create: bool, message: str, problem: str) -> str | None:
        dialog = PassphraseDialog(create, message, parent)
        dialog.show_problem(problem)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return ask


def unlock_history(ask: AskPassphrase) -> tuple[HistoryStore | None, str]:
    """Open the history; return (store, what opening did, or "") or (None, why history is off)."""
    try:
        return _opened(open_history())
    except PassphraseRequiredError as exc:
        # The message only: its hint is for the command line (--passphrase-file).
        return _with_passphrase(ask, create=not exc.exists, message=exc.message)
    except KeychainEntryLostError as exc:
        if exc.has_passphrase:
            return _with_passphrase(
                ask, create=False, message=f"{exc.message} Enter your recovery passphrase."
            )
        return None, f"History is off: {exc}"
    except KnownError as exc:
        return None, f"History is off: {exc}"


def _with_passphrase(
    ask: AskPassphrase, create: bool, message: str
) -> tuple[HistoryStore | None, str]:
    problem = ""
    for _ in range(MAX_ATTEMPTS):
        passphrase = ask(create, message, problem)
        if passphrase is None:
            return None, "History is off: no passphrase was given. Nothing will be saved."
        try:
            return _opened(open_history(passphrase=passphrase))
        except (CannotUnlockError, PassphraseTooWeakError) as exc:
            problem = str(exc)
        except KnownError as exc:
            return None, f"History is off: {exc}"
    return None, (
        f"History is off: the passphrase was wrong {MAX_ATTEMPTS} times. "
        "Try again with Conversation → Unlock history…"
    )


def _opened(store: HistoryStore) -> tuple[HistoryStore, str]:
    """Return the store and what opening it did that the clinician must hear (orphans moved)."""
    return store, " ".join(f"History: {notice}" for notice in store.notices)
