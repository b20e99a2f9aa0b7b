"""Staff data for a token: statistics, an article's funnel, the inbox (read); drafts (write)."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from faq import lang, services
from faq.api.auth import read_token, write_token
from faq.api.params import ID_MAX, known_parameters
from faq.api.schemas import Error
from faq.models import ApiToken, Article, InboxItem
from faq.selectors import api as reads
from faq.selectors.statistics import Period

router = Router(tags=["staff"])


class TokenRequest(HttpRequest):
    """A request django-ninja let through with a token: the token, as `auth`."""

    auth: ApiToken


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}
DAYS_MAX = 366


def _period(days: int) -> Period:
    today = timezone.localdate()
    return Period(first_day=today - timedelta(days=days - 1), last_day=today)


class OverviewRowOut(Schema):
    article_id: int | None
    question: str
    status: str
    views: int
    yes: int
    no: int
    started: int
    finished: int
    worked: int
    failed: int
    stuck: int


class OverviewOut(Schema):
    first_day: date
    last_day: date
    totals: OverviewRowOut
    articles: list[OverviewRowOut]


@router.get(
    "/statistics/",
    auth=read_token,
    response={200: OverviewOut, **ERRORS},
    summary="Every article's numbers over the last days (read token)",
)
def statistics(request: HttpRequest, days: int = Query(30, ge=1, le=DAYS_MAX)) -> dict[str, Any]:
    known_parameters(request, "days")
    return reads.api_statistics(period=_period(days))


class FunnelStepOut(Schema):
    step_id: int
    position: int
    text: str
    reached: int
    went_on: int
    stuck: int
    asked: int
    median_seconds: float | None


class FunnelOut(Schema):
    article_id: int
    question: str
    first_day: date
    last_day: date
    started: int
    finished: int
    steps: list[FunnelStepOut]


@router.get(
    "/articles/{article_id}/funnel/",
    auth=read_token,
    response={200: FunnelOut, **ERRORS},
    summary="An article's step funnel: how far readers got (read token)",
)
def funnel(
    request: HttpRequest,
    article_id: int = Path(..., ge=1, le=ID_MAX),
    days: int = Query(30, ge=1, le=DAYS_MAX),
) -> dict[str, Any]:
    known_parameters(request, "days")
    try:
        return reads.api_funnel(article_id=article_id, period=_period(days))
    except Article.DoesNotExist:
        raise HttpError(404, "No article has this id.") from None


class InboxItemOut(Schema):
    id: int
    kind: str
    status: str
    created_at: str
    language: str
    article: dict | None
    step: int | None
    message: str


@router.get(
    "/inbox/",
    auth=read_token,
    response={200: list[InboxItemOut], **ERRORS},
    summary="What readers told the team, newest first (read token)",
)
def inbox(
    request: HttpRequest,
    status: str = Query("open", description="open, new, seen, resolved or all"),
    before: int | None = Query(None, ge=1, le=ID_MAX, description="Only items older than this id."),
    limit: int = Query(50, ge=1, le=200),
) -> list[dict[str, Any]]:
    known_parameters(request, "status", "before", "limit")
    if status not in {"open", "all", *InboxItem.Status.values}:
        raise HttpError(400, "status is one of open, new, seen, resolved or all.")
    return reads.api_inbox(status=status, before=before, limit=limit)


class DraftIn(Schema):
    """A draft as another system writes it: Markdown text, steps in order, by names."""

    question: str = Field(min_length=1, max_length=Article._meta.get_field("question").max_length)
    team: str = Field(min_length=1, max_length=120)
    answer_intro: str = Field("", max_length=50_000)
    answer_outro: str = Field("", max_length=50_000)
    steps: list[str] = Field(default_factory=list, max_length=200)
    topics: list[str] = Field(default_factory=list, max_length=50)
    language: str = Field("en", max_length=10)


class DraftOut(Schema):
    id: int
    status: str
    question: str
    admin_url: str


def _checked(draft: DraftIn) -> None:
    if draft.language not in lang.codes():
        raise HttpError(422, f"Unknown language: choose one of {', '.join(lang.codes())}.")
    texts = [draft.question, draft.team, draft.answer_intro, draft.answer_outro]
    if any("\x00" in text for text in [*texts, *draft.steps, *draft.topics]):
        raise HttpError(422, "The text holds a NUL character, which cannot be stored.")
    if any(not s.strip() or len(s) > 20_000 for s in draft.steps):
        raise HttpError(422, "Each step needs text, at most 20,000 characters.")


@router.post(
    "/drafts/",
    auth=write_token,
    response={201: DraftOut, **ERRORS},
    summary="Create a draft (write token); publishing is done by staff in the admin",
)
def draft_create(request: TokenRequest, draft: DraftIn) -> Status:
    _checked(draft)
    try:
        article = services.article_draft_create(token=request.auth, **draft.dict())
    except ValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from None
    return Status(201, reads.api_draft(article_id=article.pk))


@router.put(
    "/drafts/{article_id}/",
    auth=write_token,
    response={200: DraftOut, **ERRORS},
    summary="Replace a draft's text, steps and topics (write token)",
)
def draft_update(
    request: TokenRequest, draft: DraftIn, article_id: int = Path(..., ge=1, le=ID_MAX)
) -> dict[str, Any]:
    _checked(draft)
    fields = draft.dict()
    fields.pop("language")
    try:
        article = services.article_draft_update(token=request.auth, article_id=article_id, **fields)
    except Article.DoesNotExist:
        raise HttpError(
            404, "No draft has this id: published articles are edited in the admin."
        ) from None
    except ValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from None
    return reads.api_draft(article_id=article.pk)
