"""The encrypted conversation history (SQLCipher 4 through sqlite-utils).

Public API::

    from curbside.storage import open_history, HistoryStore
    store = open_history()                 # keychain; or open_history(passphrase=...)
    cid = store.create_conversation("Chest pain, 54 M", model_id, model_sha256)
    store.add_message(cid, "user", text)
    store.list_conversations(); store.get_conversation(cid); store.search("troponin")

Errors are :class:`curbside.errors.KnownError` subclasses (``PassphraseRequiredError``,
``KeychainEntryLostError``, ``CannotUnlockError``, ``PlainDatabaseError``,
``NotCurbsideDatabaseError``, ``ReadOnlyError``, ``DiskFullError`` ...). A store may
be shared between threads (calls are serialized). Backup, rekey and the recovery
passphrase are in :mod:`curbside.storage.maintenance`; exports in :mod:`curbside.storage.export`.

Importing this package binds sqlite-utils to sqlcipher3 (see
:mod:`curbside.storage.driver`), so import it before anything imports ``sqlite_utils``.
"""

from curbside.storage import driver as _driver  # noqa: F401  (binds sqlite-utils first)
from curbside.storage.export import to_html, write_text_export
from curbside.storage.faults import from_os_error
from curbside.storage.layout import Layout
from curbside.storage.models import (
    Conversation,
    ConversationSummary,
    Message,
    SearchHit,
    highlight_html,
)
from curbside.storage.store import HistoryStore
from curbside.storage.unlock import open_history

__all__ = [
    "Conversation",
    "ConversationSummary",
    "HistoryStore",
    "Layout",
    "Message",
    "SearchHit",
    "from_os_error",
    "highlight_html",
    "open_history",
    "to_html",
    "write_text_export",
]
