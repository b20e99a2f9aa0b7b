"""Questions as readers put them, each with the demo article that answers it: the yardstick
of benchmarks/relevance.py and tests/test_search_relevance.py.

Written for the demo content (demo/references.py, demo/software.py, demo/translations/),
mostly not in the words the articles use; a few are codes, typos or the article's own
words, which full text must keep finding. (language, question, the article's slug).
"""

CWYW = "cite-while-you-write-missing-in-word"
SYNC = "sync-endnote-library-to-new-library"
BACKUP = "back-up-endnote-library"
SHARE = "share-endnote-library-with-colleagues"
NEW_COMPUTER = "move-endnote-library-to-new-computer"
MENDELEY_ZOTERO = "move-references-from-mendeley-or-zotero-to-endnote"
SPSS_CODE = "activate-spss-statistics-authorisation-code"
SPSS_EXPIRED = "spss-licence-expired"
NVIVO_INSTALL = "install-nvivo-on-windows"
NVIVO_MOVE = "move-nvivo-licence-to-new-computer"
NVIVO_NEWER = "open-nvivo-project-from-newer-version"
TWO_COMPUTERS = "install-licence-on-work-and-home-computer"
PORTAL_PASSWORD = "reset-password-alfasoft-download-portal"  # noqa: S105 a slug

QUESTIONS: list[tuple[str, str, str]] = [
    # Cite While You Write
    ("en", "citation button vanished from Word", CWYW),
    ("en", "EndNote tab gone from the Microsoft Word ribbon", CWYW),
    ("en", "can't insert references in my Word document any more", CWYW),
    ("en", "word add-in for citations not showing", CWYW),
    # Syncing a library
    ("en", "my EndNote online and desktop don't match any more", SYNC),
    ("en", "connect a different library to my online account", SYNC),
    ("en", "sync stopped working, start over with another library", SYNC),
    ("en", "#!resetLocalSync", SYNC),
    ("en", "endnote snyc to new library", SYNC),
    # Backing up
    ("en", "make a copy of my references in case my laptop dies", BACKUP),
    ("en", "save an archive of my whole library", BACKUP),
    ("en", "keep a safe copy of my endnote references", BACKUP),
    # Sharing
    ("en", "let my research group work on the same references", SHARE),
    ("en", "give a coworker access to my library", SHARE),
    ("en", "collaborate on a bibliography with my team", SHARE),
    # A new computer
    ("en", "got a new laptop, how do I get my references onto it", NEW_COMPUTER),
    ("en", "transfer endnote to another PC", NEW_COMPUTER),
    ("en", "switching computers, take my library along", NEW_COMPUTER),
    # From Mendeley or Zotero
    ("en", "import my Zotero collection", MENDELEY_ZOTERO),
    ("en", "switching from Mendeley and keeping my citations", MENDELEY_ZOTERO),
    ("en", "convert another reference manager's library", MENDELEY_ZOTERO),
    # SPSS
    ("en", "enter the license code for SPSS", SPSS_CODE),
    ("en", "SPSS asks for an authorization code", SPSS_CODE),
    ("en", "unlock the statistics software after installing it", SPSS_CODE),
    ("en", "SPSS stopped working and says the license ran out", SPSS_EXPIRED),
    ("en", "statistics program expired at new year", SPSS_EXPIRED),
    # NVivo
    ("en", "setting up NVivo on my PC", NVIVO_INSTALL),
    ("en", "download and install nvivo for windows 11", NVIVO_INSTALL),
    ("en", "NVivo on a new laptop, deactivate the old one", NVIVO_MOVE),
    ("en", "transfer my nvivo license", NVIVO_MOVE),
    ("en", "colleague's project file won't open, they have a newer release", NVIVO_NEWER),
    ("en", "NVivo says the project was made with a later version", NVIVO_NEWER),
    # Licences and the portal
    ("en", "use the same license at home and at the office", TWO_COMPUTERS),
    ("en", "how many computers can I put my licence on", TWO_COMPUTERS),
    ("en", "forgot my password for the download site", PORTAL_PASSWORD),
    ("en", "can't log in to the alfasoft portal", PORTAL_PASSWORD),
    # The articles' own words, codes and typos: what full text must keep winning
    ("en", "Alfasoft download portal", PORTAL_PASSWORD),
    ("en", "Preferences > Sync", SYNC),
    ("en", "authorisation code", SPSS_CODE),
    ("en", "ResearcherID groups", SYNC),
    ("en", "instal nvivo on windos", NVIVO_INSTALL),
    ("en", "spss licence expird", SPSS_EXPIRED),
    # Swedish readers
    ("sv", "knappen för citat försvann i Word", CWYW),
    ("sv", "EndNote-fliken saknas i Word", CWYW),
    ("sv", "säkerhetskopia av mitt bibliotek", BACKUP),
    ("sv", "flytta referenser till ny dator", NEW_COMPUTER),
    ("sv", "dela mitt bibliotek med forskargruppen", SHARE),
    ("sv", "synka mot ett annat bibliotek online", SYNC),
    ("sv", "licenskod för SPSS", SPSS_CODE),
    ("sv", "installera NVivo på min dator", NVIVO_INSTALL),
    # German readers
    ("de", "Zitier-Schaltfläche in Word verschwunden", CWYW),
    ("de", "Sicherungskopie meiner EndNote-Bibliothek", BACKUP),
    ("de", "Bibliothek mit Kollegen teilen", SHARE),
    ("de", "EndNote auf einen neuen Rechner umziehen", NEW_COMPUTER),
    ("de", "SPSS Lizenzcode eingeben", SPSS_CODE),
    ("de", "EndNote Bibliothek neu synchronisieren", SYNC),
]
