"""Who may read what: whether a closed page is worth a sign-in prompt, and the rule that
an article is at least as closed as each of its topics."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from faq.models import Article, Audience, Topic
from faq.models.audiences import more_open


def article_needs_sign_in(*, pk: int) -> bool:
    """Whether a published article with this id is there for signed-in readers: what an
    anonymous reader who cannot read it is told (one for staff is as absent as none)."""
    return Article.objects.readable([Audience.SIGNED_IN]).filter(pk=pk).exists()


def topic_needs_sign_in(*, slug: str) -> bool:
    """Whether the topic with this slug is there for signed-in readers (see above)."""
    return Topic.objects.readable([Audience.SIGNED_IN]).filter(slug=slug).exists()


def _closer(audience: str) -> list[str]:
    """The audiences more closed than `audience`."""
    return [a for a in Audience.values if more_open(audience, a)]


def _opener(audience: str) -> list[str]:
    """The audiences more open than `audience`."""
    return [a for a in Audience.values if more_open(a, audience)]


def _names(rows: Iterable[str]) -> str:
    return ", ".join(f"“{name}”" for name in rows)


def article_audience_error(*, audience: str, topic_ids: Iterable[int]) -> str | None:
    """Why an article for `audience` cannot be filed under these topics (each must be as
    open as it, or more: a public answer in a staff topic would have a page its own topic
    hides), or None."""
    closed = Topic.objects.filter(pk__in=list(topic_ids), audience__in=_closer(audience))
    names = sorted(closed.values_list("name", flat=True))
    if not names:
        return None
    return str(
        format_lazy(
            _(
                "“{audience}” lets in more readers than its topics {topics} do. Choose an "
                "audience at least as closed as each topic, or take those topics off."
            ),
            audience=Audience(audience).label,
            topics=_names(names),
        )
    )


def topic_audience_error(*, topic_id: int | None, audience: str) -> str | None:
    """Why a topic cannot be for `audience` (its articles must be as closed as it, or
    more), or None; a topic not saved yet has no articles."""
    if topic_id is None:
        return None
    opener = Article.objects.filter(topics=topic_id, audience__in=_opener(audience))
    questions = list(opener.order_by("question").values_list("question", flat=True)[:4])
    if not questions:
        return None
    return str(
        format_lazy(
            _(
                "Its articles {articles} are for more readers than “{audience}”. Close "
                "those articles first, or take them off this topic."
            ),
            audience=Audience(audience).label,
            articles=_names(questions),
        )
    )


def article_audience_validate(*, audience: str, topic_ids: Iterable[int]) -> None:
    """Raise ValidationError (on `audience`) if article_audience_error() finds a reason."""
    error = article_audience_error(audience=audience, topic_ids=topic_ids)
    if error:
        raise ValidationError({"audience": error})


def topic_audience_validate(*, topic_id: int | None, audience: str) -> None:
    """Raise ValidationError (on `audience`) if topic_audience_error() finds a reason."""
    error = topic_audience_error(topic_id=topic_id, audience=audience)
    if error:
        raise ValidationError({"audience": error})


__all__ = [
    "article_audience_error",
    "article_audience_validate",
    "article_needs_sign_in",
    "topic_audience_error",
    "topic_audience_validate",
    "topic_needs_sign_in",
]
