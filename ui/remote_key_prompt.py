"""The remote key file's passphrase in the window, asked with the history's passphrase dialog.

Where no OS keychain is usable, remote servers' API keys live in a
passphrase-protected file (see ``curbside.remote``). The window asks for its
passphrase only when that file is really needed: saving a key, testing or
using a server whose key is there. The dialog is modal and runs on the GUI
thread; unlocking (Argon2id) follows it there, as the history's unlock does.
"""

from __future__ import annotations

from curbside.errors import KnownError
from curbside.remote import Backend, PassphraseSource, key_place, resolve_key
from curbside.ui.passphrase_dialog import PassphraseDialog
from PySide6.QtWidgets import QDialog, QWidget

WHAT = "the API keys of your unit's remote servers"
WHY = "No system keychain is usable here, so API keys are kept in a file protected by a passphrase."


class NoPassphraseGiven(KnownError):
    """The clinician closed the passphrase dialog."""


def dialog_passphrase(parent: QWidget | None) -> PassphraseSource:
    """Return a passphrase source that asks with a modal :class:`PassphraseDialog`."""

    def ask(new: bool) -> str:
        dialog = PassphraseDialog(
            new, WHY, parent, what=WHAT, title="Remote servers' key file passphrase"
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise NoPassphraseGiven("No passphrase was given; nothing was changed.")
        return dialog.value()

    return ask


def key_from_file(backend: Backend, source: PassphraseSource) -> str | None:
    """The server's key, read here if it is in the key file; None leaves it to the keychain.

    Call on the GUI thread (the dialog is modal) before handing work to a thread.

    Raises:
        KnownError: Wrong passphrase, no passphrase, or a damaged key file.
    """
    if key_place(backend.name) != "passphrase file":
        return None  # in the keychain, or none: the engine's thread reads it as before
    return resolve_key(backend, passphrase=source)
