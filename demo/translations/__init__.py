"""The demo content in Swedish and German: data the demo loader writes as translations.

Articles are keyed by their English slug and topics by their English name; an English
article a language leaves out is shown to its readers in English.
"""

from typing import NotRequired, TypedDict

from demo.translations import de, sv


class DemoTranslation(TypedDict):
    question: str
    slug: str
    intro: NotRequired[str]
    outro: NotRequired[str]
    # Same count and order as the English steps: a translation shares their Step rows.
    steps: NotRequired[list[str]]
    # By step number, for the steps that have a screenshot.
    step_image_alts: NotRequired[dict[int, str]]


class DemoTopicTranslation(TypedDict):
    name: str
    description: str


TRANSLATIONS: dict[str, tuple[dict[str, DemoTranslation], dict[str, DemoTopicTranslation]]] = {
    "sv": (sv.ARTICLES, sv.TOPICS),
    "de": (de.ARTICLES, de.TOPICS),
}
