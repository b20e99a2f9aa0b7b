"""Demo content: the EndNote FAQ the product grew from, and a help desk around it."""

from demo import references, software

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
    {
        "name": "Licences & activation",
        "description": "Activating, renewing and moving software licences between computers.",
        # Licence terms and activation portals change every year or so.
        "review_months": 6,
    },
    {
        "name": "Installation",
        "description": "Installing research software and its add-ins on Windows and macOS.",
    },
    {
        "name": "Accounts & sign-in",
        "description": "Signing in to the download portal and to online accounts such as EndNote.",
    },
    {"name": "NVivo", "description": "Setting up NVivo and working with NVivo projects."},
    {"name": "SPSS", "description": "Licensing and running IBM SPSS Statistics."},
]


# The EndNote FAQ the product grew from comes first; loading follows this order.
ARTICLES = [*references.ARTICLES, *software.ARTICLES]
