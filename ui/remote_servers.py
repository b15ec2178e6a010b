"""Models → Remote servers: a unit's own inference servers, and the notice that a case leaves.

:class:`RemoteServersSection` lists the stored servers (name, URL, model or
deployment, auth style, whether a key is stored) and edits them; the key is
typed into a password field and goes straight to the OS keychain, never to a
settings file. "Test connection" asks the server for its models off the GUI
thread and shows the latency and the list. "Use for answers" hands the
server to the main window, which answers from it from then on.

:class:`RemoteBanner` is the plain statement, above the conversation, that the
case is going to another machine while a remote server answers.
"""

from __future__ import annotations

from collections.abc import Callable

from curbside.remote import (
    AUTH_STYLES,
    Backend,
    BackendStore,
    ConnectionReport,
    check_connection,
    check_transport,
    delete_key,
    has_key,
    key_place,
    resolve_key,
    store_key,
)
from curbside.ui.remote_key_prompt import dialog_passphrase, key_from_file
from curbside.ui.workers import Task, failure_message, run_simple
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Name", "URL", "Model / deployment", "Auth", "Key")
BANNER_STYLE = (
    "background: #fff4d6; color: #6b4a00; padding: 6px; border-bottom: 1px solid #d9b44a;"
)


class RemoteServersSection(QGroupBox):
    """Add, change, remove, test and use remote servers.

    Args:
        store: Where the servers are kept (default: the config directory).
        parent: The parent widget.

    Signals:
        use_requested(object): Answer from this :class:`Backend` from now on.
        tested(str): A connection test ended; its one-line result.
    """

    use_requested = Signal(object)
    tested = Signal(str)

    def __init__(self, store: BackendStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Remote servers", parent)
        self.store = store or BackendStore()
        self.backends: list[Backend] = []
        self._test_task: Task | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.name, self.url, self.model = QLineEdit(), QLineEdit(), QLineEdit()
        self.url.setPlaceholderText("https://gpu.example.org/v1")
        self.model.setPlaceholderText("model, or the Azure deployment")
        self.auth = QComboBox()
        self.auth.addItems(AUTH_STYLES)
        self.context = QSpinBox()
        self.context.setRange(256, 1 << 21)
        self.context.setValue(4096)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText("optional: PEM file of your hospital's CAs")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = {
            name: QPushButton(label)
            for name, label in (
                ("save", "Save server"),
                ("remove", "Remove"),
                ("test", "Test connection"),
                ("use", "Use for answers"),
            )
        }
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["remove"].clicked.connect(self.remove)
        self.buttons["test"].clicked.connect(self.test)
        self.buttons["use"].clicked.connect(self.use)
        self._arrange()
        self.refresh()

    def _arrange(self) -> None:
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Base URL", self.url)
        form.addRow("Model / deployment", self.model)
        form.addRow("Auth", self.auth)
        form.addRow("Context (tokens)", self.context)
        form.addRow("API key", self.key)
        form.addRow("CA bundle", self.ca_bundle)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in self.buttons.values():
            row.addWidget(button)
        columns = QHBoxLayout()
        columns.addWidget(self.table, 3)
        columns.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.result)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Re-read the stored servers."""
        try:
            self.backends = self.store.all()
        except Exception as exc:  # a damaged file is shown, not raised
            self.backends = []
            self._say(failure_message(exc))
        self.table.setRowCount(len(self.backends))
        for row, backend in enumerate(self.backends):
            key = "stored" if has_key(backend.name) else "none"
            cells = (backend.name, backend.url, backend.model or "(default)", backend.auth, key)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._update_key_hint()

    def form_backend(self) -> Backend:
        """The server the form describes (checked; raises a KnownError when unusable)."""
        backend = Backend(
            name=self.name.text().strip(),
            url=self.url.text().strip(),
            model=self.model.text().strip(),
            auth=AUTH_STYLES[self.auth.currentIndex()],
            n_ctx=self.context.value(),
            ca_bundle=self.ca_bundle.text().strip() or None,
        ).validate()
        check_transport(backend)
        return backend

    def save(self) -> None:
        """Store the form's server; a typed key goes to the keychain and the field is emptied."""
        try:
            backend = self.form_backend()
            key = self.key.text().strip()
            if backend.auth != "none" and not key and not has_key(backend.name):
                self._say(f"The {backend.auth} server {backend.name} needs an API key.")
                return
            if key:
                store_key(backend.name, key, dialog_passphrase(self))
            self.store.add(backend)
        except Exception as exc:
            self._say(failure_message(exc))
            return
        self.key.clear()
        self.refresh()
        self._say(f"Saved {backend.name}.")

    def remove(self) -> None:
        """Forget the selected server and its key."""
        backend = self.selected()
        if backend is None:
            return
        self.store.remove(backend.name)
        delete_key(backend.name)
        self.refresh()
        self._say(f"Removed {backend.name} and its key.")

    def test(self) -> None:
        """Ask the form's server for its models, off the GUI thread."""
        if self._test_task is not None:
            return
        try:
            backend = self.form_backend()
        except Exception as exc:
            self._say(failure_message(exc))
            return
        typed = self.key.text().strip() or None
        try:
            typed = typed or key_from_file(backend, dialog_passphrase(self))
        except Exception as exc:
            self._say(failure_message(exc))
            return
        self._say(f"Testing {backend.name}…")

        def job() -> ConnectionReport:
            return check_connection(backend, resolve_key(backend, typed))

        def done(report: object) -> None:
            assert isinstance(report, ConnectionReport)
            self._tested(report.summary(backend))

        self._test_task = run_simple(job, done, self._tested, parent=self)

    def use(self) -> None:
        """Answer from the selected server from now on."""
        backend = self.selected()
        if backend is None:
            self._say("Save the server first, then choose it in the list.")
            return
        self.use_requested.emit(backend)

    def selected(self) -> Backend | None:
        """The server selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.backends[rows[0].row()] if rows else None

    def _on_selection(self) -> None:
        backend = self.selected()
        if backend is None:
            return
        self.name.setText(backend.name)
        self.url.setText(backend.url)
        self.model.setText(backend.model)
        self.auth.setCurrentIndex(AUTH_STYLES.index(backend.auth))
        self.context.setValue(backend.n_ctx)
        self.ca_bundle.setText(backend.ca_bundle or "")
        self.key.clear()
        self._update_key_hint()

    def _update_key_hint(self) -> None:
        name = self.name.text().strip()
        place = key_place(name) if name else None
        self.key.setPlaceholderText(
            f"stored in the {place}; type to replace" if place else "kept in the system keychain"
        )

    def _tested(self, line: str) -> None:
        self._test_task = None
        self._say(line)
        self.tested.emit(line)

    def _say(self, text: str) -> None:
        self.result.setText(text)


class RemoteBanner(QLabel):
    """Says plainly, above the conversation, that the case goes to another machine.

    Signals:
        None.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(BANNER_STYLE)
        self.hide()

    def show_for(self, backend: Backend | None) -> None:
        """Show the notice for ``backend``, or hide it (a local model answers)."""
        if backend is None:
            self.hide()
            return
        model = f", model {backend.model}" if backend.model else ""
        self.setText(
            f"Remote server: answers come from {backend.name} ({backend.host}{model}). "
            "Your case and questions are sent to that machine; text with identifiers is "
            "never sent."
        )
        self.show()


def add_to_models_window(
    window: QWidget, on_use: Callable[[Backend], None]
) -> RemoteServersSection:
    """Put a :class:`RemoteServersSection` into the Models window, under its model list."""
    section = RemoteServersSection(parent=window)
    section.use_requested.connect(on_use)
    layout = window.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(1, section)
    return section
