"""Words for the activity generator: products, tasks, steps, and what readers say."""

from faq.models import Vote

# (product, what its files are called, its demo topics, its own tasks with their topic)
PRODUCTS = [
    (
        "EndNote",
        "library",
        ("EndNote", "Reference management"),
        [
            ("export my {p} library to RIS", ""),
            ("find and remove duplicate references in {p}", ""),
            ("change the citation style in {p}", ""),
            ("attach PDFs to references in {p}", ""),
            ("share a group of references in {p}", "Accounts & sign-in"),
            ("import references from PubMed into {p}", ""),
            ("add the {p} tab to Word", "Installation"),
            ("fix broken links to PDFs in {p}", ""),
        ],
    ),
    (
        "NVivo",
        "project",
        ("NVivo",),
        [
            ("import interview transcripts into {p}", ""),
            ("code a document in {p}", ""),
            ("export a codebook from {p}", ""),
            ("merge two {p} projects", ""),
            ("transcribe audio in {p}", ""),
            ("run a word frequency query in {p}", ""),
        ],
    ),
    (
        "SPSS Statistics",
        "data file",
        ("SPSS",),
        [
            ("import an Excel sheet into {p}", ""),
            ("recode a variable in {p}", ""),
            ("run a paired t-test in {p}", ""),
            ("export {p} output to Word", ""),
            ("define missing values in {p}", ""),
            ("find the lock code of {p}", "Licences & activation"),
        ],
    ),
    (
        "SPSS Amos",
        "model",
        ("SPSS",),
        [
            ("draw a path diagram in {p}", ""),
            ("read an SPSS data file into {p}", ""),
            ("export a model diagram from {p}", ""),
        ],
    ),
    (
        "Citavi",
        "project",
        ("Reference management",),
        [
            ("insert citations with the {p} add-in for Word", "Installation"),
            ("share a {p} project with my research group", "Accounts & sign-in"),
            ("import a BibTeX file into {p}", ""),
        ],
    ),
    (
        "GraphPad Prism",
        "project file",
        (),
        [
            ("make a grouped bar chart in {p}", ""),
            ("export a {p} graph at 300 dpi", ""),
            ("run a one-way ANOVA in {p}", ""),
        ],
    ),
    (
        "OriginPro",
        "project",
        (),
        [("fit a curve in {p}", ""), ("plot many data files at once in {p}", "")],
    ),
    (
        "MAXQDA",
        "project",
        (),
        [
            ("import survey data into {p}", ""),
            ("export coded segments from {p}", ""),
            ("work on one {p} project as a team", "Accounts & sign-in"),
        ],
    ),
]
GENERAL_TASKS = [
    ("install {p}", "Installation"),
    ("install the latest update of {p}", "Installation"),
    ("uninstall {p} completely", "Installation"),
    ("activate {p} with a new licence code", "Licences & activation"),
    ("move my {p} licence to another computer", "Licences & activation"),
    ("renew my {p} licence", "Licences & activation"),
    ("sign in to {p} with my university account", "Accounts & sign-in"),
    ("change the language of {p}", ""),
    ("recover my {thing} after {p} crashed", ""),
    ("set up automatic backups of my {p} {thing}", ""),
]
ASKING = ("How do I", "How can I", "Why can't I", "What is the quickest way to")
SITUATIONS = (
    "",
    " on Windows",
    " on macOS",
    " on a shared lab computer",
    " without administrator rights",
    " on a new laptop",
)

STEP_OPENINGS = [
    "Save your work and close {p} and any document that uses it.",
    "Make a copy of your {thing} before you change anything, on a USB stick or your network drive.",
    "Check which version of {p} you have: open **Help > About {p}** and note the number.",
]
STEP_MIDDLES = [
    "Open {p} and go to **Edit > Preferences** (on a Mac, **{p} > Settings**).",
    "Sign in with your university email address and password when {p} asks for them.",
    "Download the installer for your system from the Alfasoft download portal.",
    "Right-click the installer and choose **Run as administrator**.",
    "Paste your licence code exactly as it appears in the licence email, without spaces.",
    "Wait until the progress bar is full. On a slow network this can take several minutes.",
    "Restart {p} so that the new settings take effect.",
    "Open your {thing} with **File > Open** and check that everything is there.",
    "If Windows asks whether to allow the app to make changes, click **Yes**.",
    "Choose **File > Export** and pick the format you need from the list.",
    "Choose the folder to keep the file in and give it a name you will recognise.",
    "Turn off your VPN for a moment if {p} cannot reach the licence server.",
    "Close {p}, delete the `Cache` folder in its settings folder, and start {p} again.",
    "Click **OK** when {p} warns that the change cannot be undone.",
    "Choose **Help > Check for Updates** and install everything {p} offers.",
    "Write down any error message exactly as shown; we need it if you contact us.",
]
STEP_CLOSINGS = [
    "Check that it worked: open a recent {thing} and try again.",
    "Restart your computer and open {p} once more to confirm that the change stuck.",
    "If it still does not work, send us the error message and your {p} version.",
]
INTROS = [
    "Follow these steps to {task}{situation}. Allow about {minutes} minutes.",
    "Use this when you need to {task}. Keep {p} open, and stay online for the whole time.",
    "Most readers get this done in {minutes} minutes. Read each step before you start it.",
]
PLAIN_ANSWERS = [
    "Most of the time this comes down to the version of {p} you have. Open **Help > About "
    "{p}**, note the version, and compare it with the one on the download portal: if yours is "
    "older, install the update first and try again.",
    "This is handled by your licence, not by {p} itself. Check the end date in your licence "
    "email; if it has passed, ask us for a new code and enter it in the licence window of "
    "{p}. There is no need to reinstall.",
    "You can, as long as you are signed in with your university account. If {p} shows a "
    "sign-in error, sign out, close it and sign in again; if that does not help, write to us "
    "with a screenshot of the message.",
]
OUTROS = [
    '!!! tip "Keep a copy"\n    Keep a copy of your {thing} somewhere safe before any big change.',
    "If a step does not look like what you see, use **I'm stuck here** on it and we will help.",
    '!!! warning "Shared computers"\n    On a shared computer, sign out of {p} when you finish.',
]
STUCK_MESSAGES = [
    "The menu item is not there in my version.",
    "I get an error message when I click OK.",
    "Nothing happens after this step.",
    "I don't have administrator rights on this computer.",
    "It has been spinning for twenty minutes.",
    "Where is this setting on a Mac?",
    "It says my licence code is not valid.",
    "I did this but nothing changed.",
    "My window looks different from the one described here.",
    "I'm worried this will delete my references.",
    "It asks for a password I don't have.",
]
COMMENTS = {
    Vote.Reason.STEPS_FAILED: [
        "I followed every step and still get the same error.",
        "The sync started but never finished.",
        "After the restart everything was back as before.",
    ],
    Vote.Reason.OUT_OF_DATE: [
        "The menus have different names in the current version.",
        "This describes an older version of the program.",
    ],
    Vote.Reason.HARD_TO_FOLLOW: [
        "Too many steps, I lost track halfway.",
        "It is not clear which preferences window you mean.",
        "A screenshot of the settings would help.",
    ],
    Vote.Reason.NOT_WHAT_I_NEEDED: [
        "I need this for a Mac, not Windows.",
        "I was looking for the online version.",
    ],
    Vote.Reason.OTHER: ["I will ask a colleague instead.", "Please add a short video."],
}
# Why a reader says No, by how their run went.
_R = Vote.Reason
REASONS_STOPPED = {_R.HARD_TO_FOLLOW: 4, _R.STEPS_FAILED: 3, _R.NOT_WHAT_I_NEEDED: 2, _R.OTHER: 1}
REASONS_FAILED = {_R.STEPS_FAILED: 6, _R.OUT_OF_DATE: 2, _R.OTHER: 1}
REASONS_DONE = {_R.NOT_WHAT_I_NEEDED: 3, _R.OUT_OF_DATE: 2, _R.HARD_TO_FOLLOW: 1, _R.OTHER: 1}
