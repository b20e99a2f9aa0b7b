"""Demo articles on licences, installation, accounts, SPSS and NVivo."""

ARTICLES = [
    {
        "question": "How do I activate SPSS Statistics with an authorisation code?",
        "slug": "activate-spss-statistics-authorisation-code",
        "topics": ["SPSS", "Licences & activation"],
        "answered_by": "jokafor",
        "updated": "2024-08-12",
        "reviewed_days_ago": 170,
        "views": 703,
        "intro": (
            "IBM SPSS Statistics is activated with the authorisation code in your licence "
            "email. You need an internet connection and, on Windows, administrator rights."
        ),
        "steps": [
            "Find the authorisation code in your licence email. It is a long string of "
            "letters and numbers; copy it without spaces.",
            "Close SPSS Statistics if it is running.",
            "On Windows, open the Start menu, right-click **IBM SPSS Statistics License "
            "Authorization Wizard** and choose **Run as administrator**. In version 29 and "
            "later you can also start SPSS and click **Launch License Wizard**.",
            "Select **Authorized user license (I purchased a single copy of the product)** "
            "and click **Next**.",
            "Paste the authorisation code and click **Next**.",
            "Wait while the wizard contacts IBM's licence server. When it reports that the "
            "code was processed successfully, click **Next** and then **Finish**.",
            "Start SPSS Statistics and open a data file to confirm it runs without asking "
            "for a licence.",
        ],
        "outro": (
            "If the wizard reports that authorisation failed, check that you are not on a "
            "guest network or VPN that blocks the licence server, and try again. If it still "
            "fails, send us the error message and the lock code shown in the wizard."
        ),
    },
    {
        "question": "Why does SPSS say my licence has expired?",
        "slug": "spss-licence-expired",
        "topics": ["SPSS", "Licences & activation"],
        "answered_by": "pliang",
        "updated": "2024-09-30",
        "reviewed_days_ago": 40,
        "views": 496,
        "intro": (
            "Most SPSS Statistics licences we supply are term licences. They run for a fixed "
            "period, usually a year, and SPSS stops working on the end date even though the "
            "program is still installed. Common causes:\n"
            "\n"
            "- The licence period has ended and the new authorisation code has not been "
            "entered yet.\n"
            "- The new code has been entered on another computer, but not on this one.\n"
            "- The computer's date and time are wrong, so SPSS thinks the licence has ended.\n"
            "\n"
            "When your licence is renewed, you receive a new authorisation code by email. "
            "Enter it with the License Authorization Wizard, just as you did the first time. "
            "There is no need to reinstall SPSS."
        ),
        "outro": (
            '!!! note "Check the end date"\n'
            "    On Windows you can see when your licence ends by running `showlic.exe`, which "
            "is in the SPSS Statistics installation folder. If the date is in the past and "
            "you have not received a renewal code, contact your department's software "
            "coordinator or write to us."
        ),
    },
    {
        "question": "How do I install NVivo on Windows?",
        "slug": "install-nvivo-on-windows",
        "topics": ["NVivo", "Installation"],
        "answered_by": "pliang",
        "updated": "2024-02-20",
        "reviewed_days_ago": 75,
        "views": 329,
        "intro": (
            "Installing NVivo takes about fifteen minutes. Have your licence key to hand "
            "before you start."
        ),
        "steps": [
            "Check that the computer runs 64-bit Windows 10 or 11, has several gigabytes of "
            "free disk space, and that you have administrator rights.",
            "Download the installer from the link in your licence email, or sign in to "
            "`https://portal.alfasoft.example` and open **My software**.",
            "Close other programs, double-click the installer and click **Yes** when Windows "
            "asks whether to allow it to make changes.",
            "Accept the licence agreement, keep the suggested installation folder and click "
            "**Install**. If the installer adds Microsoft components first, let it finish "
            "and restart the computer if asked.",
            "Start NVivo. On the activation screen, paste your licence key exactly as it "
            "appears in the licence email.",
            "Fill in the activation form with your name and university email address, for "
            "example `name@example.edu`, and click **Activate**.",
        ],
        "outro": (
            '!!! tip "University-managed computers"\n'
            "    If your computer is managed by university IT, you may not have "
            "administrator rights. Look for NVivo in the university's software centre "
            "first, or ask IT to install it for you."
        ),
    },
    {
        "question": "How do I move my NVivo licence to a new computer?",
        "slug": "move-nvivo-licence-to-new-computer",
        "topics": ["NVivo", "Licences & activation"],
        "answered_by": "kmcbride",
        "updated": "2023-09-07",
        "reviewed_days_ago": 230,
        "views": 164,
        "intro": (
            "An NVivo licence can be active on a limited number of computers. To use it on a "
            "new computer, deactivate it on the old one first, so that the activation is "
            "freed up."
        ),
        "steps": [
            "On the old computer, make sure you are connected to the internet and start NVivo.",
            "Choose **File > Help > Deactivate License** on Windows, or "
            "**Help > Deactivate License** on a Mac, and confirm.",
            "Copy your NVivo projects to the new computer. Windows projects end in `.nvp`, "
            "Mac projects in `.nvpx`; make sure they are closed before you copy them.",
            "Install NVivo on the new computer.",
            "Start NVivo and activate it with the same licence key.",
        ],
        "outro": (
            "If the old computer has been lost, stolen or has stopped working, you cannot "
            "deactivate it yourself. Write to us with your licence key and we will ask the "
            "publisher to reset the activation."
        ),
    },
    {
        "question": "Can I open an NVivo project that was created in a newer version?",
        "slug": "open-nvivo-project-from-newer-version",
        "topics": ["NVivo"],
        "answered_by": "jokafor",
        "updated": "2023-05-16",
        "views": 87,
        "intro": (
            "No. NVivo can open and upgrade projects made in older versions, but it cannot "
            "open a project saved in a newer version. When you open an old project, NVivo "
            "asks to convert it and saves the result as a new copy; from then on only the "
            "newer version can open that copy.\n"
            "\n"
            "If you work on a project with colleagues, agree on one NVivo version before you "
            "start. If someone has already upgraded, the simplest fix is for everyone else "
            "to upgrade too. Your licence usually covers the current version; ask us if you "
            "are not sure."
        ),
        "outro": (
            '!!! note "Windows and Mac projects"\n'
            "    Windows projects (`.nvp`) and Mac projects (`.nvpx`) use different formats. "
            "NVivo can convert between them, but some features do not carry across, so keep "
            "a copy of the original project."
        ),
    },
    {
        "question": "Can I install my licence on both my work and my home computer?",
        "slug": "install-licence-on-work-and-home-computer",
        "topics": ["Licences & activation"],
        "answered_by": "kmcbride",
        "updated": "2024-11-05",
        "reviewed_days_ago": 100,
        "views": 452,
        "intro": (
            "Often, yes, but it depends on the product and on the kind of licence your "
            "institution bought.\n"
            "\n"
            "- EndNote licences for an individual user usually allow that person to install "
            "it on more than one of their own computers.\n"
            "- NVivo and SPSS Statistics licences are activated per computer. You can move "
            "an activation between computers, but the number active at the same time is "
            "limited.\n"
            "- Site and campus licences may only allow installation on university-owned "
            "computers.\n"
            "\n"
            "Your licence email states how many installations are included. If it does not, "
            "or you need an extra one, write to us with your licence details and we will "
            "check what your agreement allows."
        ),
    },
    {
        "question": "How do I reset my password for the Alfasoft download portal?",
        "slug": "reset-password-alfasoft-download-portal",
        "topics": ["Accounts & sign-in"],
        "answered_by": "kmcbride",
        "updated": "2023-04-11",
        "reviewed_days_ago": 30,
        "views": 58,
        "intro": (
            "The download portal is where you find your installers and licence keys. If you "
            "have forgotten your password, you can set a new one yourself."
        ),
        "steps": [
            "Go to `https://portal.alfasoft.example/login`.",
            "Click **Forgot password?** below the sign-in form.",
            "Enter the email address your account is registered with. This is usually your "
            "university address, for example `name@example.edu`.",
            "Open the reset email from `support@alfasoft.example`. If it has not arrived "
            "within a few minutes, check your junk or quarantine folder. The link is valid "
            "for 60 minutes.",
            "Click the link and choose a new password of at least 12 characters.",
            "Sign in with your new password. Your installers and licence keys are under "
            "**My software**.",
        ],
        "outro": (
            '!!! note "Signing in with your institution"\n'
            "    If the sign-in page shows **Sign in with your institution**, your account "
            "uses your university login. In that case the portal cannot reset your password; "
            "your university IT service desk can."
        ),
    },
]
