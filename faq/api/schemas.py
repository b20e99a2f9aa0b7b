"""The shapes of the read API's answers, for its OpenAPI schema and its documentation."""

from datetime import datetime

from ninja import Schema


class Error(Schema):
    """Every error: what went wrong, in a sentence (validation errors: a list of them)."""

    detail: str | list


class Image(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    renditions: list[dict]


class StepOut(Schema):
    id: int
    position: int
    body_html: str
    image: Image | None


class TopicRef(Schema):
    slug: str
    name: str
    url: str


class TeamOut(Schema):
    name: str


class Counts(Schema):
    views: int
    yes: int
    no: int


class ArticleOut(Schema):
    """A published article as readers see it, in the language asked for where it has one."""

    id: int
    url: str
    question: str
    slug: str
    language: str
    source_language: str
    languages: list[str]
    answer_intro_html: str
    answer_outro_html: str
    steps: list[StepOut]
    topics: list[TopicRef]
    team: TeamOut
    answered_by: str | None
    published_at: datetime | None
    updated_at: datetime | None
    changed_at: datetime | None
    counts: Counts


class ArticlePage(Schema):
    """One page of articles; `next` is the address of the next page, null on the last."""

    items: list[ArticleOut]
    next: str | None


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    url: str
    articles: int


class SearchHitOut(Schema):
    id: int
    question: str
    url: str
    language: str
    question_html: str
    snippet_html: str
    topic: str | None


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    did_you_mean: str | None
    items: list[SearchHitOut]


class SuggestionOut(Schema):
    id: int
    question: str
    url: str
    language: str
    question_html: str
    topic: str | None
