"""Small factory functions for tests."""

import uuid
from datetime import date
from itertools import count

from django.contrib.auth import get_user_model

from faq import services
from faq.models import Article, Team, Topic, Visitor

_seq = count(1)


def make_team(name: str = "Support Alfasoft") -> Team:
    return services.team_get_or_create(name=name, email="support@alfasoft.example")


def make_topic(name: str | None = None) -> Topic:
    return services.topic_get_or_create(name=name or f"Topic {next(_seq)}")


def make_staff(username: str | None = None, first: str = "Kim", last: str = "McBride"):
    return get_user_model().objects.create_user(
        username=username or f"staff{next(_seq)}",
        password="correct horse battery staple",
        first_name=first,
        last_name=last,
        is_staff=True,
    )


def make_article(
    question: str | None = None,
    *,
    steps: int | list[str] = 0,
    topics: list[Topic] | None = None,
    status: str = Article.Status.PUBLISHED,
    **kwargs,
) -> Article:
    bodies = (
        [f"Do thing number {i}." for i in range(1, steps + 1)] if isinstance(steps, int) else steps
    )
    views = kwargs.pop("view_count", 0)
    article = services.article_create(
        question=question or f"How do I do task {next(_seq)}?",
        team=kwargs.pop("team", None) or make_team(),
        answer_intro=kwargs.pop("answer_intro", "An introduction to the answer."),
        steps=bodies,
        topics=topics or [],
        status=status,
        **kwargs,
    )
    if views:
        services.article_views_seed(article=article, count=views, last_day=date(2024, 1, 9))
        article.refresh_from_db()
    return article


def make_visitor(user=None) -> Visitor:
    if user is not None:
        return services.visitor_get_or_create(user_id=user.pk)
    return services.visitor_get_or_create(key=uuid.uuid4())
