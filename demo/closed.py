"""Demo answers not everyone may read: one for staff only, one for signed-in users."""

# The licence desk's portal has a codename no public answer uses: the tests look for
# it on every public page to prove the internal answer leaks nowhere.
INTERNAL_WORD = "Quillmarsh"

ARTICLES = [
    {
        "question": "How do we issue a replacement EndNote licence key?",
        "slug": "issue-replacement-endnote-licence-key",
        "topics": ["EndNote", "Licences & activation"],
        "answered_by": "pliang",
        "audience": "staff",
        "updated": "2024-12-02",
        "reviewed_days_ago": 14,
        "views": 38,
        "intro": (
            "For the licence desk. A reader gets a replacement key when theirs was lost, "
            "shared by mistake, or blocked by Clarivate after too many activations. Each "
            f"person gets at most two replacements a year; past that, ask the licence "
            f"coordinator before you issue one in {INTERNAL_WORD}."
        ),
        "steps": [
            f"Open **{INTERNAL_WORD}**, the licence desk's portal, and sign in with your "
            "staff account.",
            "Search for the requester's university email address and check under **Seats** "
            "that their EndNote seat is active and that this year's replacements are fewer "
            "than two.",
            "Click **Revoke key** next to the old key and choose the reason **Lost or "
            "compromised**. The old key stops activating at once.",
            "Click **Issue replacement**, pick the same edition the requester had (EndNote "
            "21 or EndNote 2025) and copy the new 25-character product key.",
            "Reply to the requester from their ticket with the new key and a link to the "
            "activation answer. Never paste a key into a public answer, a chat or a shared "
            "document.",
            "Note the last five characters of the old and the new key in the ticket, so "
            "that the yearly seat count still adds up.",
        ],
        "outro": (
            '!!! warning "A revoked key is gone for good"\n'
            "    Computers already activated with the old key keep working until their next "
            "licence check, within 30 days. Tell the requester to enter the new key on "
            "each of them before then."
        ),
    },
    {
        "question": "How do I borrow a loan laptop with SPSS and NVivo installed?",
        "slug": "borrow-loan-laptop-with-spss-and-nvivo",
        "topics": ["SPSS", "NVivo"],
        "answered_by": "jokafor",
        "audience": "signed_in",
        "updated": "2024-11-18",
        "reviewed_days_ago": 25,
        "views": 121,
        "intro": (
            "Staff and students who need SPSS Statistics or NVivo for a short while can "
            "borrow a loan laptop with both installed and licensed, for up to four weeks."
        ),
        "steps": [
            "Sign in to the equipment booking page with your university account.",
            "Choose **Research software laptop** and the weeks you need it. Book at least "
            "two working days ahead.",
            "Collect the laptop from the IT service desk with your university card. Check "
            "that SPSS and NVivo start before you leave.",
            "Save your work to your university OneDrive, not to the laptop: it is wiped "
            "when it comes back.",
            "Return the laptop to the service desk on the last day of your booking.",
        ],
        "outro": (
            "If you need the software for longer than four weeks, ask us about a licence "
            "for your own computer instead."
        ),
    },
]
