"""The encrypted conversation history (SQLCipher 4 through sqlite-utils).

Public API::

    from app.storage import open_history, HistoryStore
    store = open_history()                 # keychain; or open_history(passphrase=...)
    cid = store.create_conversation("Chest pain, 54 M", model_id, model_sha256)
    store.add_message(cid, "user", text)
    store.list_conversations(); store.get_conversation(cid); store.search("troponin")

Errors are :class:`app.errors.KnownError` subclasses (``PassphraseRequiredError``,
``KeychainEntryLostError``, ``CannotUnlockError``, ``PlainDatabaseError``,
``NotCurbsideDatabaseError``, ``ReadOnlyError``, ``DiskFullError`` ...). A store may
be shared between threads (calls are serialized). Backup, rekey and the recovery
passphrase are in :mod:`app.storage.maintenance`; exports in :mod:`app.storage.export`.

Importing this package binds sqlite-utils to sqlcipher3 (see
:mod:`app.storage.driver`), so import it before anything imports ``sqlite_utils``.
"""

from app.storage import driver as _driver  # noqa: F401  (binds sqlite-utils first)
from app.storage.layout import Layout
from app.storage.models import (
    Conversation,
    ConversationSummary,
    Message,
    SearchHit,
    highlight_html,
)
from app.storage.store import HistoryStore
from app.storage.unlock import open_history

__all__ = [
    "Conversation",
    "ConversationSummary",
    "HistoryStore",
    "Layout",
    "Message",
    "SearchHit",
    "highlight_html",
    "open_history",
]
