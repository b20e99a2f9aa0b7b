"""Demo content: the EndNote FAQ the product grew from, and a help desk around it."""

from collections.abc import Mapping
from typing import Literal, NotRequired, TypedDict

from demo import closed, references, software


class DemoTopic(TypedDict):
    name: str
    description: str
    review_months: NotRequired[int]


class DemoImage(TypedDict):
    file: str
    alt: str


class DemoArticle(TypedDict):
    question: str
    slug: str
    topics: list[str]
    answered_by: str
    updated: str
    views: NotRequired[int]
    intro: NotRequired[str]
    outro: NotRequired[str]
    steps: NotRequired[list[str]]
    # By step number.
    step_images: NotRequired[dict[int, DemoImage]]
    reviewed_days_ago: NotRequired[int]
    published: NotRequired[str]
    # Who may read it (faq.models.Audience's values); everyone unless given.
    audience: NotRequired[str]


TEAM = {"name": "Support Alfasoft", "email": "support@alfasoft.example"}

STAFF = [
    {"username": "kmcbride", "first_name": "Kim", "last_name": "McBride"},
    {"username": "jokafor", "first_name": "Jonah", "last_name": "Okafor"},
    {"username": "pliang", "first_name": "Priya", "last_name": "Liang"},
]

TOPICS: list[DemoTopic] = [
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


def _text(item: Mapping[str, object], key: str) -> str:
    value = item[key]
    if not isinstance(value, str):
        raise TypeError(f"Demo content: {key} of {item.get('slug')!r} is not text.")
    return value


def _number(item: Mapping[str, object], key: str) -> int:
    value = item[key]
    if not isinstance(value, int):
        raise TypeError(f"Demo content: {key} of {item.get('slug')!r} is not a number.")
    return value


def _texts(item: Mapping[str, object], key: str) -> list[str]:
    values = item[key]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"Demo content: {key} of {item.get('slug')!r} is not a list of text.")
    return [str(v) for v in values]


def _images(item: Mapping[str, object]) -> dict[int, DemoImage]:
    images = item["step_images"]
    if not isinstance(images, dict):
        raise TypeError(f"Demo content: step_images of {item.get('slug')!r} is not a dict.")
    found = {}
    for position, image in images.items():
        if not isinstance(position, int) or not isinstance(image, dict):
            raise TypeError(f"Demo content: step_images of {item.get('slug')!r} is malformed.")
        found[position] = DemoImage(file=_text(image, "file"), alt=_text(image, "alt"))
    return found


def _article(item: Mapping[str, object]) -> DemoArticle:
    """An article as references.py or software.py write it, each field checked."""
    article = DemoArticle(
        question=_text(item, "question"),
        slug=_text(item, "slug"),
        topics=_texts(item, "topics"),
        answered_by=_text(item, "answered_by"),
        updated=_text(item, "updated"),
    )
    texts: tuple[Literal["intro", "outro", "published", "audience"], ...] = (
        "intro",
        "outro",
        "published",
        "audience",
    )
    for key in texts:
        if key in item:
            article[key] = _text(item, key)
    numbers: tuple[Literal["views", "reviewed_days_ago"], ...] = ("views", "reviewed_days_ago")
    for number in numbers:
        if number in item:
            article[number] = _number(item, number)
    if "steps" in item:
        article["steps"] = _texts(item, "steps")
    if "step_images" in item:
        article["step_images"] = _images(item)
    return article


# The EndNote FAQ the product grew from comes first; loading follows this order.
ARTICLES = [_article(item) for item in (*references.ARTICLES, *software.ARTICLES, *closed.ARTICLES)]
