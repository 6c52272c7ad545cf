"""The desktop and the hub: settings dialog (URL only), File > Publish to hub, hub as comparison source.

Nothing here is needed offline: every function fails with a clear message when the hub (or the
psycopg driver) is missing, and the local database is never touched by it.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from npmassess.i18n import labelled, ngettext
from npmassess.errors import NpmassessError

from . import dialogs
from .tasks import run_task

URL_KEY = "hub/url"


def tr(text: str) -> str:
    return dialogs.tr(text)


def hub_url(settings: QSettings) -> str:
    """The remembered hub URL ('' when none); a URL is all that is stored, never a password."""
    return str(settings.value(URL_KEY, "") or "")


class HubSettingsDialog(QDialog):
    """Hub URL (remembered), connection test, password in the system keyring when there is one."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        from npmassess.hub import connection
        self.settings = settings
        self.setWindowTitle(tr("Hub settings"))
        self.url = QLineEdit(hub_url(settings))
        self.url.setPlaceholderText("postgresql://user@hub.example.org/npmassess")
        self.url.setAccessibleName(tr("Hub URL"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setAccessibleName(tr("Password for the system keyring"))
        has_keyring = connection.keyring_available()
        self.password.setEnabled(has_keyring)
        self.password.setPlaceholderText(tr("kept in the system keyring") if has_keyring
                                         else tr("no system keyring here: use ~/.pgpass"))
        note = QLabel(tr("Only the URL is remembered. Passwords stay out of npmassess's settings: put them "
                         "in ~/.pgpass or a PostgreSQL service file, or type one here to keep it in the "
                         "system keyring."))
        note.setWordWrap(True)
        note.setTextFormat(Qt.PlainText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.PlainText)
        self.test_button = QPushButton(tr("&Test connection"))
        self.test_button.clicked.connect(self.test)
        form = QFormLayout()
        form.addRow(tr("Hub &URL:"), self.url)
        form.addRow(tr("&Password:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(560, self.sizeHint().height())

    def _checked_url(self) -> str | None:
        from npmassess.hub import parse_url
        url = self.url.text().strip()
        if not url:
            return ""
        try:
            parse_url(url)
        except NpmassessError as exc:
            self.status.setText(str(exc))
            return None
        return url

    def test(self) -> bool:
        """Try the connection now; the answer is shown in the dialog."""
        from npmassess.hub import HubSource
        url = self._checked_url()
        if not url:
            if url == "":
                self.status.setText(tr("Enter the hub's URL first."))
            return False
        self._keep_password(url)
        try:
            with HubSource(url) as src:
                n = len(src.list_assessments())
        except NpmassessError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(ngettext("Connected: {n} assessment on the hub visible to you.",
                                     "Connected: {n} assessments on the hub visible to you.", n).format(n=n))
        return True

    def _keep_password(self, url: str) -> None:
        if self.password.text():
            from npmassess.hub.connection import save_password
            try:
                self.status.setText(save_password(url, self.password.text()))
                self.password.clear()
            except NpmassessError as exc:
                self.status.setText(str(exc))

    def accept(self) -> None:
        url = self._checked_url()
        if url is None:
            return  # the status line says why (a password in the URL, a malformed URL)
        self._keep_password(url) if url else None
        self.settings.setValue(URL_KEY, url)
        super().accept()


def edit_settings(parent: QWidget, settings: QSettings) -> bool:
    """Show the hub settings dialog; True when the user pressed OK."""
    return HubSettingsDialog(settings, parent).exec() == QDialog.Accepted


def publish(window, on_finished: Callable[[str], None] | None = None, replace: bool = False):
    """File > Publish to hub: send the open assessment as a package (one transaction on the hub)."""
    session = window.session
    if session is None:
        return None
    url = hub_url(window.settings)
    if not url:
        if not edit_settings(window, window.settings):
            return None
        url = hub_url(window.settings)
        if not url:
            return None
    a, fw, frameworks = session.snapshot(), session.framework, session.store.frameworks
    title = tr("Publish to hub")

    def work(progress):
        from npmassess.hub import HubSource, push_assessment
        progress(0, 1, tr("Sending {label} to the hub").format(label=a.label))
        with HubSource(url, frameworks) as src:
            return push_assessment(src.conn, a, fw, frameworks, name=f"{a.unit}-{a.cycle}", replace=replace)

    def done(result) -> None:
        text = labelled(a.label, result.message) if not result.message.startswith(a.label) else result.message
        if result.result == "conflict" and "--replace" in result.message and not replace:
            question = text.replace(" Push with --replace to replace it.", "") + "\n\n" + \
                tr("Replace the hub's copy with the assessment open here?")
            if dialogs.confirm(window, title, question):
                publish(window, on_finished, replace=True)
                return
        if result.ok:
            dialogs.info(window, title, tr("Published to the hub ({result}). {text}").format(
                result=result.result, text=text))
        else:
            dialogs.error(window, title, text)
        _report(window, text, on_finished)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, NpmassessError):
            text = tr("The hub is not reachable or refused: {reason} Nothing was sent; your work stays saved on "
                      "this computer.").format(reason=str(exc))
        else:
            text = tr("Publishing failed unexpectedly ({kind}); nothing was sent.").format(kind=type(exc).__name__)
        dialogs.error(window, title, text)
        _report(window, text, on_finished)

    return run_task(work, title, window, on_done=done, on_error=failed)


def _report(window, text: str, on_finished) -> None:
    window.last_message = text
    window.statusBar().showMessage(text.splitlines()[0], 10000)
    if on_finished:
        on_finished(text)


class SourceSelector(QWidget):
    """'Units from: this computer | the hub' for the comparison view (the hub read through HubSource)."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.combo = QComboBox()
        self.combo.addItem(tr("This computer"), "local")
        self.combo.addItem(tr("The hub"), "hub")
        self.combo.setAccessibleName(tr("Where the compared units come from"))
        self.combo.setToolTip(tr("Compare with the units stored on this computer, or with every unit on the "
                                 "hub (Hub settings in the File menu)"))
        label = QLabel(tr("&Units from:"))
        label.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo)
        self._hub = None

    @property
    def is_hub(self) -> bool:
        return self.combo.currentData() == "hub"

    def source(self, local):
        """The store to compare over: `local`, or an open HubSource (NpmassessError when unreachable)."""
        if not self.is_hub:
            return local
        url = hub_url(self.settings)
        if not url:
            raise NpmassessError(tr("No hub is set up: choose File > Hub settings… first."))
        if self._hub is None or self._hub.url != url or self._hub.conn.closed:
            from npmassess.hub import HubSource
            self.close_hub()
            self._hub = HubSource(url, local.frameworks)
        return self._hub

    def close_hub(self) -> None:
        if self._hub is not None:
            try:
                self._hub.close()
            except Exception:
                pass
            self._hub = None
