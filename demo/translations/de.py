"""The demo content in German (formal "Sie"), keyed by English slug and topic name.

Word and Windows menus use their German names. EndNote and SPSS menus get the German
name with the English one in quotes after it, as German support pages write them,
because many readers run these programs with an English interface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from demo.translations import DemoTopicTranslation, DemoTranslation

TOPICS: dict[str, DemoTopicTranslation] = {
    "EndNote": {
        "name": "EndNote",
        "description": "EndNote-Bibliotheken installieren, synchronisieren und teilen.",
    },
    "Reference management": {
        "name": "Literaturverwaltung",
        "description": (
            "Zitieren, Literaturverzeichnisse und das Übertragen von Referenzen zwischen "
            "Programmen."
        ),
    },
    "Licences & activation": {
        "name": "Lizenzen & Aktivierung",
        "description": (
            "Softwarelizenzen aktivieren, verlängern und auf andere Computer übertragen."
        ),
    },
    "Installation": {
        "name": "Installation",
        "description": "Forschungssoftware und ihre Add-Ins unter Windows und macOS installieren.",
    },
    "Accounts & sign-in": {
        "name": "Konten & Anmeldung",
        "description": "Anmeldung am Downloadportal und bei Onlinekonten wie EndNote.",
    },
    "NVivo": {
        "name": "NVivo",
        "description": "NVivo einrichten und mit NVivo-Projekten arbeiten.",
    },
    "SPSS": {
        "name": "SPSS",
        "description": "IBM SPSS Statistics lizenzieren und verwenden.",
    },
}

# install-nvivo-on-windows is left out on purpose: German readers get the English
# article, which shows the fallback to the source language.
ARTICLES: dict[str, DemoTranslation] = {
    "sync-endnote-library-to-new-library": {
        "question": "Wie synchronisiere ich meine EndNote-Bibliothek mit einer neuen Bibliothek?",
        "slug": "endnote-bibliothek-mit-neuer-bibliothek-synchronisieren",
        "intro": (
            "Gelegentlich verliert EndNote die Verbindung zu EndNote online und lässt sich "
            "nicht mehr richtig synchronisieren. Vielleicht haben Sie es sich auch anders "
            "überlegt und möchten eine andere Bibliothek mit Ihrem Onlinekonto "
            "synchronisieren."
        ),
        "steps": [
            "Bevor Sie beginnen, sollten Sie Ihre Bibliothek als komprimierte Bibliothek "
            "sichern. **Datei | Bibliothek komprimieren (.enlx)** („File | Compress Library "
            "(.enlx)“)",
            "Deaktivieren Sie die automatische Synchronisierung in den EndNote-Einstellungen "
            "und starten Sie EndNote neu. EndNote: **Bearbeiten > Einstellungen > "
            "Synchronisieren** („Edit > Preferences > Sync“).",
            "Löschen Sie in EndNote Web alle Referenzen und alle Gruppen, mit Ausnahme der "
            "geteilten Gruppen („Shared Groups“) und der ResearcherID-Gruppen („ResearcherID "
            "Groups“).",
            "Leeren Sie den Papierkorb („Trash“) sowohl in der Webanwendung ALS AUCH in "
            "EndNote Desktop.",
            "Hängen Sie in EndNote Desktop in den Synchronisierungseinstellungen im Feld "
            "„E-Mail Address“ Folgendes an Ihre E-Mail-Adresse an: `#!resetLocalSync` "
            "Achten Sie auf die Groß- und Kleinschreibung: `#!resetLocalSync`, NICHT "
            "`#!resetlocalsync`. Lautet die E-Mail-Adresse zum Beispiel "
            "`john.smith@example.edu`, ändern Sie sie in "
            "`john.smith@example.edu#!resetLocalSync`",
            "Synchronisieren Sie Ihre Bibliothek manuell. EndNote: **Bibliothek > "
            "Synchronisieren** („Library > Sync“).",
            "EndNote scheint sich daraufhin anzumelden und zeigt die Meldung „A Sync library "
            "can be linked to only one account. Do not proceed unless you intend to break the "
            "link to the original account.“ (Eine Sync-Bibliothek kann nur mit einem Konto "
            "verknüpft werden. Fahren Sie nur fort, wenn Sie die Verknüpfung mit dem "
            "ursprünglichen Konto aufheben möchten.) Das liegt daran, dass wir EndNote "
            "glauben lassen, es habe sich als ein anderer Benutzer angemeldet. Klicken "
            "Sie auf OK; EndNote verwirft daraufhin alles, was es über die bisherige "
            "Synchronisierung weiß.",
            "Anschließend zeigt EndNote die Meldung „Your local sync state has been reset. "
            "Please re-enter your E-Mail Address, restart EndNote, and Sync again.“ (Ihr "
            "lokaler Synchronisierungsstatus wurde zurückgesetzt. Geben Sie Ihre "
            "E-Mail-Adresse erneut ein, starten Sie EndNote neu und synchronisieren Sie noch "
            "einmal.)",
            "Starten Sie EndNote neu.",
            "Öffnen Sie die Synchronisierungseinstellungen, geben Sie den richtigen "
            "Benutzernamen und das richtige Passwort ein und richten Sie die automatische "
            "Synchronisierung ein. Im Beispiel oben würden Sie jetzt in den Einstellungen "
            "wieder `john.smith@example.edu` als E-Mail-Adresse eintragen.",
            "Wenn Sie das nächste Mal auf „Synchronisieren“ („Sync“) klicken, erscheint "
            "erneut die Meldung „A Sync library can be linked to only one account. Do not "
            "proceed unless you intend to break the link to the original account.“ Klicken "
            "Sie auf OK.",
            "Außerdem werden Sie gefragt, ob Sie eine Sicherungskopie anlegen möchten. Das "
            "bleibt Ihnen überlassen, wir empfehlen es aber natürlich.",
            "Danach beginnt die vollständige Synchronisierung.",
        ],
        "step_image_alts": {
            5: (
                "EndNote-Einstellungen mit geöffnetem Bereich „Sync“: Im Feld „E-Mail "
                "Address“ steht john.smith@example.edu#!resetLocalSync, und „Sync "
                "automatically“ ist nicht angehakt."
            ),
        },
        "outro": (
            '!!! warning "Achtung!"\n'
            "    Eine vollständige Synchronisierung kann eine Weile dauern. Die Dauer hängt "
            "von der Anzahl der Referenzen sowie von Anzahl und Größe der angehängten PDFs "
            "ab. Bitte haben Sie etwas Geduld.\n"
            "\n"
            "Damit sollten alle Referenzen aus EndNote Desktop nach EndNote online übertragen "
            "werden, und spätere Änderungen werden danach automatisch synchronisiert."
        ),
    },
    "back-up-endnote-library": {
        "question": "Wie sichere ich meine EndNote-Bibliothek?",
        "slug": "endnote-bibliothek-sichern",
        "intro": (
            "Eine EndNote-Bibliothek besteht eigentlich aus zwei Teilen: der `.enl`-Datei "
            "und dem `.Data`-Ordner daneben, in dem Ihre PDFs und anderen Anhänge liegen. Am "
            "sichersten sichern Sie beides zusammen, indem Sie eine komprimierte Bibliothek "
            "(`.enlx`) speichern: eine einzige Datei, die Sie überall aufbewahren können."
        ),
        "steps": [
            "Öffnen Sie die Bibliothek, die Sie sichern möchten, in EndNote Desktop.",
            "Wählen Sie **Datei > Bibliothek komprimieren (.enlx)** („File > Compress "
            "Library (.enlx)“).",
            "Wählen Sie **Erstellen** („Create“), **Mit Dateianhängen** („With File "
            "Attachments“) und **Alle Referenzen der Bibliothek** („All References in "
            "Library“) und klicken Sie dann auf **Weiter** („Next“).",
            "Geben Sie der Sicherung einen Namen mit Datum, zum Beispiel "
            "`Thesis-library-2024-06-18.enlx`, damit Sie Ihre Sicherungen auseinanderhalten "
            "können.",
            "Speichern Sie sie an einem anderen Ort als auf der Festplatte Ihres Computers: "
            "auf einem Netzlaufwerk der Universität, einer externen Festplatte oder in Ihrem "
            "Cloudspeicher.",
            "Prüfen Sie, ob die Datei gespeichert wurde und ihre Größe plausibel ist. Eine "
            "Bibliothek mit vielen PDFs kann mehrere Hundert Megabyte groß sein.",
            "Wiederholen Sie das regelmäßig (während einer Abschlussarbeit oder einer großen "
            "Literaturübersicht wöchentlich) und bewahren Sie die letzten Sicherungen auf, "
            "statt immer dieselbe Datei zu überschreiben.",
        ],
        "outro": (
            '!!! warning "Die Arbeitsbibliothek gehört nicht in synchronisierte Ordner"\n'
            "    Speichern Sie die Bibliothek, mit der Sie arbeiten (die `.enl`-Datei und "
            "ihren `.Data`-Ordner), nicht in Dropbox, OneDrive, iCloud Drive oder Google "
            "Drive. Diese Dienste können die Dateien kopieren, während EndNote in sie "
            "schreibt, und so die Bibliothek beschädigen. Sicherungen im Format `.enlx` "
            "können Sie dort dagegen bedenkenlos ablegen.\n"
            "\n"
            "Um eine Sicherung wiederherzustellen, doppelklicken Sie auf die `.enlx`-Datei. "
            "EndNote entpackt sie am selben Ort in eine neue `.enl`-Datei und einen "
            "`.Data`-Ordner und öffnet die Bibliothek."
        ),
    },
    "share-endnote-library-with-colleagues": {
        "question": "Wie teile ich eine EndNote-Bibliothek mit Kolleginnen und Kollegen?",
        "slug": "endnote-bibliothek-mit-kollegen-teilen",
        "intro": (
            "Mit EndNote 20 und 21 können Sie eine ganze Bibliothek einschließlich der Anhänge "
            "mit anderen EndNote-Nutzern teilen. Das Teilen läuft über Ihr "
            "EndNote-Online-Konto; Sie teilen also die Bibliothek, die Sie synchronisieren."
        ),
        "steps": [
            "Stellen Sie sicher, dass die Bibliothek mit Ihrem EndNote-Online-Konto "
            "synchronisiert wird. Ist das nicht der Fall, richten Sie zuerst die "
            "Synchronisierung ein: unter **Bearbeiten > Einstellungen > Synchronisieren** "
            "(„Edit > Preferences > Sync“), auf dem Mac unter **EndNote > Einstellungen > "
            "Synchronisieren** („EndNote > Settings > Sync“).",
            "Öffnen Sie die Bibliothek und wählen Sie **Datei > Teilen** („File > Share“).",
            "Geben Sie für jede Person die E-Mail-Adresse ein, die sie für ihr "
            "EndNote-Online-Konto verwendet oder verwenden wird, zum Beispiel "
            "`a.researcher@example.edu`.",
            "Wählen Sie **Lesen & Schreiben** („Read & Write“) für alle, die Referenzen "
            "hinzufügen und bearbeiten sollen, oder **Nur lesen** („Read only“) für alle, "
            "die sie nur zitieren müssen.",
            "Fügen Sie bei Bedarf eine kurze Nachricht hinzu und klicken Sie auf "
            "**Einladen** („Invite“).",
            "Alle Eingeladenen erhalten eine Einladung per E-Mail. Sie nehmen die Einladung "
            "an und melden sich bei EndNote online an; wer noch kein Konto hat, legt dabei "
            "eines an.",
            "Anschließend öffnen die Eingeladenen in EndNote Desktop **Datei > Geteilte "
            "Bibliothek öffnen** („File > Open Shared Library“) und wählen Ihre Bibliothek "
            "aus der Liste aus.",
            "Um Zugriffsrechte zu ändern oder das Teilen zu beenden, öffnen Sie erneut "
            "**Datei > Teilen** („File > Share“) und bearbeiten die Liste.",
        ],
        "outro": (
            '!!! note "Eine geteilte Bibliothek pro Konto"\n'
            "    Sie können nur die Bibliothek teilen, die mit Ihrem EndNote-Online-Konto "
            "verknüpft ist. Jede eingeladene Person braucht eine eigene EndNote-Lizenz, um "
            "die Bibliothek in EndNote Desktop zu öffnen.\n"
            "\n"
            "Wenn Sie nur wenige Referenzen teilen möchten, ist eine geteilte Gruppe in "
            "EndNote online unter Umständen einfacher, als die ganze Bibliothek zu teilen."
        ),
    },
    "move-endnote-library-to-new-computer": {
        "question": "Wie übertrage ich meine EndNote-Bibliothek auf einen neuen Computer?",
        "slug": "endnote-bibliothek-auf-neuen-computer-uebertragen",
        "intro": (
            "Der Umzug auf einen neuen Computer ist eine gute Gelegenheit zum Aufräumen. "
            "Packen Sie die Bibliothek auf dem alten Computer in eine komprimierte Datei, "
            "installieren Sie EndNote auf dem neuen und entpacken Sie die Bibliothek dort."
        ),
        "steps": [
            "Öffnen Sie auf dem alten Computer die Bibliothek und wählen Sie **Datei > "
            "Bibliothek komprimieren (.enlx)** („File > Compress Library (.enlx)“). Wählen "
            "Sie **Erstellen** („Create“), **Mit Dateianhängen** („With File Attachments“) "
            "und **Alle Referenzen der Bibliothek** („All References in Library“) und "
            "speichern Sie dann die `.enlx`-Datei.",
            "Falls Sie eigene Zitierstile („Output Styles“), Importfilter oder "
            "Verbindungsdateien („Connection Files“) bearbeitet oder heruntergeladen haben, "
            "kopieren Sie diese ebenfalls. Sie liegen im Ordner `EndNote` in Ihrem Ordner "
            "`Documents` (im Explorer „Dokumente“), zum Beispiel "
            "`Documents\\EndNote\\Styles`.",
            "Kopieren Sie die `.enlx`-Datei und gegebenenfalls die Stile über eine externe "
            "Festplatte, ein Netzlaufwerk oder Ihren Cloudspeicher auf den neuen Computer.",
            "Installieren Sie EndNote auf dem neuen Computer und geben Sie Ihren "
            "Produktschlüssel ein, wenn Sie dazu aufgefordert werden.",
            "Speichern Sie die `.enlx`-Datei in einem lokalen Ordner wie `Documents`, nicht "
            "in einem synchronisierten Cloudordner, und doppelklicken Sie darauf. EndNote "
            "entpackt sie in eine `.enl`-Datei und einen `.Data`-Ordner.",
            "Kopieren Sie Ihre eigenen Stile und Filter in die entsprechenden Ordner unter "
            "`Documents\\EndNote` auf dem neuen Computer und starten Sie EndNote neu.",
            "Wenn Sie die EndNote-Synchronisierung nutzen, melden Sie sich unter "
            "**Bearbeiten > Einstellungen > Synchronisieren** („Edit > Preferences > Sync“) "
            "an, auf dem Mac unter **EndNote > Einstellungen > Synchronisieren** („EndNote > "
            "Settings > Sync“), und lassen Sie die Bibliothek synchronisieren, bevor Sie "
            "neue Referenzen hinzufügen.",
            "Wenn alles funktioniert, deinstallieren Sie EndNote auf dem alten Computer, "
            "damit er nicht mehr auf Ihre Lizenz angerechnet wird.",
        ],
        "outro": (
            '!!! warning "Die ganze Bibliothek kopieren, nicht nur die Datei"\n'
            "    Wenn Sie nur die `.enl`-Datei kopieren, bleiben Ihre PDFs und Notizen im "
            "`.Data`-Ordner zurück. Verwenden Sie eine komprimierte Bibliothek oder kopieren "
            "Sie die `.enl`-Datei und ihren `.Data`-Ordner gemeinsam, während EndNote "
            "geschlossen ist."
        ),
    },
    "cite-while-you-write-missing-in-word": {
        "question": "Warum wird Cite While You Write in Word nicht angezeigt?",
        "slug": "cite-while-you-write-fehlt-in-word",
        "intro": (
            "Cite While You Write ist das EndNote-Add-In, das in Word die Registerkarte "
            "**EndNote** hinzufügt. Fehlt die Registerkarte, liegt das fast immer an einem "
            "dieser Gründe:\n"
            "\n"
            "- Word hat das Add-In nach einem Absturz oder einem langsamen Start deaktiviert.\n"
            "- EndNote wurde vor Microsoft Office installiert, sodass das Add-In nie bei Word "
            "registriert wurde.\n"
            "- Office wurde nach EndNote aktualisiert oder neu installiert.\n"
            "- Das Add-In ist in den Einstellungen von EndNote selbst ausgeschaltet.\n"
            "\n"
            "Unter Windows schließen Sie zuerst Word. Öffnen Sie dann in EndNote "
            "**Bearbeiten > Customizer** („Edit > Customizer“) und vergewissern Sie sich, "
            "dass **Cite While You Write** angehakt ist. Starten Sie anschließend Word und "
            "gehen Sie zu **Datei > Optionen > Add-Ins**. Wählen Sie in der Liste "
            "**Verwalten** den Eintrag **COM-Add-Ins**, klicken Sie auf **Los** und setzen "
            "Sie ein Häkchen beim Add-In EndNote Cite While You Write. Steht es stattdessen "
            "unter **Deaktivierte Elemente**, aktivieren Sie es dort und starten Sie Word "
            "neu.\n"
            "\n"
            "Auf dem Mac beenden Sie Word und führen das Installations- oder "
            "Aktualisierungsprogramm von EndNote erneut aus; es legt das Add-In wieder in den "
            "Startordner von Word. Achten Sie darauf, dass EndNote und Word auf dem neuesten "
            "Stand sind, denn eine ältere EndNote-Version unterstützt das neueste Word "
            "möglicherweise nicht."
        ),
        "outro": (
            '!!! tip "Immer noch nicht da?"\n'
            "    Meist hilft eine Reparatur der EndNote-Installation. Öffnen Sie unter Windows "
            "**Einstellungen > Apps**, suchen Sie EndNote, wählen Sie **Ändern** und dann "
            "**Reparieren** („Repair“). Hilft das nicht, schicken Sie uns die "
            "Versionsnummern von EndNote und Word, und wir sehen uns das Problem an."
        ),
    },
    "activate-spss-statistics-authorisation-code": {
        "question": "Wie aktiviere ich SPSS Statistics mit einem Autorisierungscode?",
        "slug": "spss-statistics-mit-autorisierungscode-aktivieren",
        "intro": (
            "IBM SPSS Statistics wird mit dem Autorisierungscode aus Ihrer Lizenz-E-Mail "
            "aktiviert. Sie benötigen eine Internetverbindung und unter Windows "
            "Administratorrechte."
        ),
        "steps": [
            "Suchen Sie den Autorisierungscode in Ihrer Lizenz-E-Mail heraus. Er ist eine "
            "lange Folge aus Buchstaben und Ziffern; kopieren Sie ihn ohne Leerzeichen.",
            "Schließen Sie SPSS Statistics, falls es geöffnet ist.",
            "Öffnen Sie unter Windows das Startmenü, klicken Sie mit der rechten Maustaste "
            "auf den Lizenzautorisierungsassistenten (**IBM SPSS Statistics License "
            "Authorization Wizard**) und wählen Sie **Als Administrator ausführen**. Ab "
            "Version 29 können Sie auch SPSS starten und auf **Lizenzassistenten starten** "
            "(„Launch License Wizard“) klicken.",
            "Wählen Sie **Lizenz für berechtigten Benutzer** („Authorized user license (I "
            "purchased a single copy of the product)“) und klicken Sie auf **Weiter**.",
            "Fügen Sie den Autorisierungscode ein und klicken Sie auf **Weiter**.",
            "Warten Sie, während der Assistent den Lizenzserver von IBM kontaktiert. Meldet "
            "er, dass der Code erfolgreich verarbeitet wurde, klicken Sie auf **Weiter** und "
            "dann auf **Fertig stellen**.",
            "Starten Sie SPSS Statistics und öffnen Sie eine Datendatei, um zu prüfen, ob "
            "das Programm ohne Lizenzabfrage läuft.",
        ],
        "outro": (
            "Meldet der Assistent, dass die Autorisierung fehlgeschlagen ist, prüfen Sie, ob "
            "Sie sich in einem Gastnetzwerk oder einem VPN befinden, das den Lizenzserver "
            "blockiert, und versuchen Sie es erneut. Schlägt es weiterhin fehl, schicken Sie "
            "uns die Fehlermeldung und den im Assistenten angezeigten Sperrcode („Lock "
            "Code“)."
        ),
    },
}
