"""Qt's tr()/translate() answered from npmassess.i18n's catalogue; the UI language setting and menu."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSettings, QTranslator

from npmassess import i18n

SETTING = "ui/language"


def tr(text: str) -> str:
    return QCoreApplication.translate("language", text)


class CatalogueTranslator(QTranslator):
    """A QTranslator over the same .po catalogue the core uses: one catalogue, one mechanism."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 - Qt's name
        # None = no translation here (Qt then asks the next translator or keeps the source text);
        # an empty string would be taken as the translation
        if not source:
            return None
        cat = i18n.catalogue(i18n.current_language())
        if cat is None:
            return None
        if disambiguation and f"{disambiguation}\x04{source}" in cat.messages:
            return cat.messages[f"{disambiguation}\x04{source}"]
        found = cat.messages.get(source)
        if found and n is not None and n >= 0:
            found = found.replace("%n", str(n))
        return found or None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


_installed: list[QTranslator] = []


def system_language() -> str:
    """The system's language if npmassess has it, else English."""
    return i18n.normalise(QLocale.system().name())


def saved_language(settings: QSettings | None = None) -> str:
    """The language chosen in View > Language, or the system's on first start."""
    settings = settings if settings is not None else QSettings()
    chosen = settings.value(SETTING, "", type=str)
    return i18n.normalise(chosen) if chosen else system_language()


def install(app: QCoreApplication, lang: str) -> str:
    """Make `lang` the UI language: the catalogue for our strings, Qt's own for its dialogs' buttons."""
    lang = i18n.set_language(lang)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    ours = CatalogueTranslator(app)
    app.installTranslator(ours)
    _installed.append(ours)
    if lang != "en":
        from PySide6.QtCore import QLibraryInfo
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
        system = QLocale.system()
        # the user's own country where it speaks this language (fr_CA, fr_BE...), else the language's home
        QLocale.setDefault(system if i18n.normalise(system.name()) == lang else QLocale(lang))
    else:
        QLocale.setDefault(QLocale(QLocale.English, QLocale.system().territory())
                           if i18n.normalise(QLocale.system().name()) == "en" else QLocale(QLocale.English))
    return lang


def add_language_menu(window, menu) -> None:
    """View > Language: English / Français, checked on the current one; choosing rebuilds the window."""
    from PySide6.QtGui import QAction, QActionGroup
    sub = menu.addMenu(tr("&Language"))
    group = QActionGroup(window)
    for code in i18n.LANGUAGES:
        act = QAction(i18n.LANGUAGE_NAMES[code], window)
        act.setCheckable(True)
        act.setChecked(code == i18n.current_language())
        act.setData(code)
        act.triggered.connect(lambda _checked=False, c=code: switch_language(window, c))
        group.addAction(act)
        sub.addAction(act)
    window.language_actions = {a.data(): a for a in group.actions()}


def switch_language(window, lang: str) -> QObject | None:
    """Remember `lang`, load it, and replace the window by one built in that language (same assessment)."""
    from . import dialogs
    window.settings.setValue(SETTING, lang)
    if lang == i18n.current_language():
        return None
    if window.busy():
        dialogs.info(window, tr("Language"), tr("The new language is used once the running export or "
                                                "import has finished and npmassess is restarted."))
        return None
    install(QCoreApplication.instance(), lang)
    last = window.session.assessment_id if window.session is not None else ""
    window.settings.setValue("last_assessment", last)
    current_tab = window.tabs.currentIndex() if window.tabs is not None else 0
    new = type(window)(None, window.settings)  # a MainWindow (no import: ui modules stay acyclic)
    new.setGeometry(window.geometry())
    if window.store is not None:
        new.attach_store(window.store, open_last=bool(last))
        if new.tabs is not None and new.session is not None:
            new.tabs.setCurrentIndex(current_tab)
    window._close_session()  # noqa: SLF001 - the old window lets go of its session before it closes
    window.successor = new
    new.show()
    window.close()
    return new
