"""Demo articles on EndNote and reference management, the seed article first."""

ARTICLES = [
    {
        "question": "How do I sync my Endnote library to a new library?",
        "slug": "sync-endnote-library-to-new-library",
        "topics": ["EndNote", "Reference management"],
        "answered_by": "kmcbride",
        "updated": "2024-01-09",
        "reviewed_days_ago": 21,
        "views": 4,
        "intro": (
            "Occasionally Endnote software becomes disconnected with EndNote online and will "
            "not sync correctly, or you may change your mind and want to choose a different "
            "library to sync with your online account."
        ),
        "steps": [
            "Before starting, it is a good idea to backup your library into a compressed "
            "library. **File | Compress Library (.enlx)**",
            "Disable automatic syncing in EndNote preferences, and restart EndNote. "
            "EndNote: **Edit > Preferences > Sync**.",
            "Delete all references and all groups from EndNote Web, with the exception of "
            "Shared Groups and ResearcherID Groups.",
            "Empty the Trash both in the web application AND in EndNote desktop.",
            "In EndNote desktop, please add this to the end of your E-Mail Address in the "
            "Sync preferences: `#!resetLocalSync` Note that this is case sensitive -- "
            "`#!resetLocalSync` NOT `#!resetlocalsync`. For example, if the email address "
            "was `john.smith@example.edu`, we would change this to "
            "`john.smith@example.edu#!resetLocalSync`",
            "Manually sync your library. EndNote: **Library > Sync**.",
            "EndNote will then appear to authenticate and return the prompt: “A Sync library "
            "can be linked to only one account. Do not proceed unless you intend to break the "
            "link to the original account.” This happens because we tricked EndNote into "
            "thinking it authenticated against another user. Click OK, and EndNote will purge "
            "any knowledge of the previous sync.",
            "EndNote will then display a message, “Your local sync state has been reset. "
            "Please re-enter your E-Mail Address, restart EndNote, and Sync again.”",
            "Restart EndNote.",
            "Open the Sync Preferences, enter the correct user/pass in and setup the "
            "automatic sync settings. Continuing with the example used above, I would now "
            "re-enter `john.smith@example.edu` as my email address in the Preferences.",
            "When you next click Sync, you will once more get “A Sync library can be linked "
            "to only one account. Do not proceed unless you intend to break the link to the "
            "original account.” Click OK.",
            "You will also be prompted to make a backup. This is up to you but of course, we "
            "recommend it.",
            "Complete sync will then begin.",
        ],
        # Step number -> a screenshot in demo/images/ and its alt text.
        "step_images": {
            5: {
                "file": "endnote-sync-preferences.png",
                "alt": (
                    "EndNote Preferences with the Sync pane open: the E-Mail Address field "
                    "reads john.smith@example.edu#!resetLocalSync, and Sync automatically "
                    "is unticked."
                ),
            },
        },
        "outro": (
            '!!! warning "Heads up!"\n'
            "    A full sync can take a while to complete. Time depends on number of "
            "references and amount and file size of attached PDFs. Prepare to be patient.\n"
            "\n"
            "This should transfer all the references from EndNote Desktop to EndNote online "
            "and the changes should be automatically synced thereafter."
        ),
    },
    {
        "question": "How do I back up my EndNote library?",
        "slug": "back-up-endnote-library",
        "topics": ["EndNote", "Reference management"],
        "answered_by": "kmcbride",
        "updated": "2024-06-18",
        "reviewed_days_ago": 60,
        "views": 612,
        "intro": (
            "An EndNote library is really two things: the `.enl` file and the `.Data` folder "
            "next to it, which holds your PDFs and other attachments. The safest way to back "
            "up both together is to save a compressed library (`.enlx`), a single file you can "
            "keep anywhere."
        ),
        "steps": [
            "Open the library you want to back up in EndNote desktop.",
            "Choose **File > Compress Library (.enlx)**.",
            "Select **Create**, **With File Attachments** and **All References in Library**, "
            "then click **Next**.",
            "Give the backup a name that includes the date, for example "
            "`Thesis-library-2024-06-18.enlx`, so you can tell your backups apart.",
            "Save it somewhere other than your computer's hard drive: a university network "
            "drive, an external disk or your cloud storage.",
            "Check that the file has been saved and that its size looks sensible. A library "
            "with many PDFs can be several hundred megabytes.",
            "Repeat this regularly (weekly during a thesis or a large review) and keep the "
            "last few backups rather than overwriting a single file.",
        ],
        "outro": (
            '!!! warning "Keep the working library out of synced folders"\n'
            "    Do not keep the library you work in (the `.enl` file and its `.Data` folder) "
            "inside Dropbox, OneDrive, iCloud Drive or Google Drive. These services can copy "
            "the files while EndNote is writing to them and damage the library. Storing "
            "`.enlx` backups there is fine.\n"
            "\n"
            "To restore a backup, double-click the `.enlx` file. EndNote unpacks it into a "
            "new `.enl` file and `.Data` folder in the same location and opens it."
        ),
    },
    {
        "question": "How do I share an EndNote library with colleagues?",
        "slug": "share-endnote-library-with-colleagues",
        "topics": ["EndNote", "Reference management", "Accounts & sign-in"],
        "answered_by": "pliang",
        "updated": "2024-03-27",
        "reviewed_days_ago": 120,
        "views": 388,
        "intro": (
            "EndNote 20 and 21 can share a whole library, including attachments, with other "
            "EndNote users. Sharing works through your EndNote online account, so the library "
            "you share is the one you sync."
        ),
        "steps": [
            "Make sure the library is syncing with your EndNote online account. If it is not, "
            "set up sync first in **Edit > Preferences > Sync** (on a Mac, "
            "**EndNote > Settings > Sync**).",
            "With the library open, choose **File > Share**.",
            "Enter the email address each colleague uses, or will use, for their EndNote "
            "online account, for example `a.researcher@example.edu`.",
            "Choose **Read & Write** for colleagues who should add and edit references, or "
            "**Read only** for those who only need to cite them.",
            "Add a short message if you like and click **Invite**.",
            "Each colleague receives an invitation by email. They accept it and sign in to "
            "EndNote online, creating an account if they do not have one yet.",
            "In EndNote desktop, they choose **File > Open Shared Library** and pick your "
            "library from the list.",
            "To change someone's access or stop sharing, open **File > Share** again and "
            "edit the list.",
        ],
        "outro": (
            '!!! note "One shared library per account"\n'
            "    You can share only the library that is linked to your EndNote online "
            "account. Each colleague needs their own EndNote licence to open it in EndNote "
            "desktop.\n"
            "\n"
            "If you only want to share a handful of references, a shared group in EndNote "
            "online may be simpler than sharing the whole library."
        ),
    },
    {
        "question": "How do I move my EndNote library to a new computer?",
        "slug": "move-endnote-library-to-new-computer",
        "topics": ["EndNote", "Installation"],
        "answered_by": "jokafor",
        "updated": "2024-09-04",
        "reviewed_days_ago": 200,
        "views": 547,
        "intro": (
            "Moving to a new computer is a good moment to tidy up. Pack the library into one "
            "compressed file on the old computer, install EndNote on the new one, and unpack "
            "it there."
        ),
        "steps": [
            "On the old computer, open the library and choose **File > Compress Library "
            "(.enlx)**. Select **Create**, **With File Attachments** and **All References in "
            "Library**, then save the `.enlx` file.",
            "If you have edited or downloaded your own output styles, import filters or "
            "connection files, copy them too. They are in the `EndNote` folder inside your "
            "`Documents` folder, for example `Documents\\EndNote\\Styles`.",
            "Copy the `.enlx` file and any styles to the new computer using an external "
            "disk, a network drive or your cloud storage.",
            "Install EndNote on the new computer and enter your product key when asked.",
            "Save the `.enlx` file to a local folder such as `Documents`, not a synced cloud "
            "folder, and double-click it. EndNote unpacks it into a `.enl` file and a `.Data` "
            "folder.",
            "Copy your own styles and filters into the matching folders under "
            "`Documents\\EndNote` on the new computer and restart EndNote.",
            "If you use EndNote sync, sign in under **Edit > Preferences > Sync** (on a Mac, "
            "**EndNote > Settings > Sync**) and let the library sync before you start adding "
            "references.",
            "Once everything works, uninstall EndNote from the old computer so that it no "
            "longer counts against your licence.",
        ],
        "outro": (
            '!!! warning "Copy the library, not just the file"\n'
            "    Copying only the `.enl` file leaves your PDFs and notes behind in the "
            "`.Data` folder. Use a compressed library, or copy the `.enl` file and its "
            "`.Data` folder together, with EndNote closed."
        ),
    },
    {
        "question": "Why does Cite While You Write not appear in Word?",
        "slug": "cite-while-you-write-missing-in-word",
        "topics": ["EndNote", "Reference management", "Installation"],
        "answered_by": "jokafor",
        "updated": "2024-10-22",
        "reviewed_days_ago": 345,
        "views": 874,
        "intro": (
            "Cite While You Write is the EndNote add-in that puts the **EndNote** tab in "
            "Word. When the tab is missing, it is almost always for one of these reasons:\n"
            "\n"
            "- Word has disabled the add-in after a crash or a slow start.\n"
            "- EndNote was installed before Microsoft Office, so the add-in was never "
            "registered with Word.\n"
            "- Office was updated or reinstalled after EndNote.\n"
            "- The add-in is switched off in EndNote's own settings.\n"
            "\n"
            "On Windows, close Word, then in EndNote open **Edit > Customizer** and make sure "
            "**Cite While You Write** is ticked. Next, start Word and go to **File > Options > "
            "Add-ins**. Choose **COM Add-ins** in the **Manage** list, click **Go** and tick "
            "the EndNote Cite While You Write add-in. If it appears under **Disabled Items** "
            "instead, enable it there and restart Word.\n"
            "\n"
            "On a Mac, quit Word and run the EndNote installer or updater again, which puts "
            "the add-in back into Word's startup folder. Make sure both EndNote and Word are "
            "up to date, because an older EndNote may not support the newest Word."
        ),
        "outro": (
            '!!! tip "Still missing?"\n'
            "    Repairing the EndNote installation usually fixes it. On Windows, open "
            "**Settings > Apps**, find EndNote, choose **Modify** and then **Repair**. If "
            "that does not help, send us your EndNote and Word version numbers and we will "
            "take a look."
        ),
    },
    {
        "question": "Can I move my references from Mendeley or Zotero into EndNote?",
        "slug": "move-references-from-mendeley-or-zotero-to-endnote",
        "topics": ["Reference management", "EndNote"],
        "answered_by": "pliang",
        "updated": "2023-11-15",
        "reviewed_days_ago": 90,
        "views": 231,
        "intro": (
            "Yes. Both Mendeley and Zotero can export references in the RIS format, which "
            "EndNote imports well.\n"
            "\n"
            "- In Zotero, choose **File > Export Library**, pick **RIS** and tick "
            "**Export Files** if you want your PDFs as well.\n"
            "- In Mendeley Reference Manager, choose **File > Export All** and pick the RIS "
            "(`.ris`) format.\n"
            "\n"
            "In EndNote, open the library you want to add them to and choose "
            "**File > Import > File**. Select your `.ris` file, set **Import Option** to "
            "**Reference Manager (RIS)** and click **Import**."
        ),
        "outro": (
            "Check a few imported references afterwards. Reference types such as conference "
            "papers or book chapters sometimes need a small correction, and tags or "
            "collections from the other program do not always come across. Attached PDFs "
            "may need to be linked again with **References > File Attachments > Attach File**."
        ),
    },
]
