"""Demo content: the EndNote FAQ the product grew from, and a help desk around it."""

TEAM = {"name": "Support Alfasoft", "email": "support@alfasoft.example"}

STAFF = [
    {"username": "kmcbride", "first_name": "Kim", "last_name": "McBride"},
    {"username": "jokafor", "first_name": "Jonah", "last_name": "Okafor"},
    {"username": "pliang", "first_name": "Priya", "last_name": "Liang"},
]

TOPICS = [
    {"name": "EndNote", "description": "Installing, syncing and sharing EndNote libraries."},
    {
        "name": "Reference management",
        "description": "Citations, bibliographies and moving references between tools.",
    },
]

ARTICLES = [
    {
        "question": "How do I sync my Endnote library to a new library?",
        "slug": "sync-endnote-library-to-new-library",
        "topics": ["EndNote", "Reference management"],
        "answered_by": "kmcbride",
        "updated": "2024-01-09",
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
        "outro": (
            '!!! warning "Heads up!"\n'
            "    A full sync can take a while to complete. Time depends on number of "
            "references and amount and file size of attached PDFs. Prepare to be patient.\n"
            "\n"
            "This should transfer all the references from EndNote Desktop to EndNote online "
            "and the changes should be automatically synced thereafter."
        ),
    },
]
