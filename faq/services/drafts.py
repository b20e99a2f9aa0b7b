"""Drafts written by other systems through the API: made and changed as an editor would
in the admin, never published (publishing stays a person's act in the admin)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from faq.models import ApiToken, Article, Step, Team, Topic
from faq.services.articles import StepInput, article_create, article_save, step_list_save
from faq.services.reviews import article_review_due_set
from faq.services.versions import article_version_record


def _note(token: ApiToken, verb: str) -> str:
    return f"{verb} through the API (token “{token.name}”)."


def _team_and_topics(team: str, topics: Sequence[str]) -> tuple[Team, list[Topic]]:
    """The team and topics named; ValidationError naming any that do not exist."""
    found_team = Team.objects.filter(name=team).first()
    found_topics = list(Topic.objects.filter(slug__in=topics))
    errors: dict[str, str] = {}
    if found_team is None:
        errors["team"] = f"No team is named {team!r}."
    missing = sorted(set(topics) - {t.slug for t in found_topics})
    if missing:
        errors["topics"] = f"No topic has the slug: {', '.join(missing)}."
    if errors or found_team is None:
        raise ValidationError(errors)
    return found_team, found_topics


@transaction.atomic
def article_draft_create(
    *,
    token: ApiToken,
    question: str,
    team: str,
    answer_intro: str = "",
    answer_outro: str = "",
    steps: Sequence[str] = (),
    topics: Sequence[str] = (),
    language: str,
) -> Article:
    """A new draft, with a first version naming the token; ValidationError for a team or
    topic that does not exist."""
    found_team, found_topics = _team_and_topics(team, topics)
    article = article_create(
        question=question,
        team=found_team,
        answer_intro=answer_intro,
        answer_outro=answer_outro,
        steps=steps,
        topics=found_topics,
        status=Article.Status.DRAFT,
        language=language,
        note=_note(token, "Created"),
    )
    return article


@transaction.atomic
def article_draft_update(
    *,
    token: ApiToken,
    article_id: int,
    question: str,
    team: str,
    answer_intro: str = "",
    answer_outro: str = "",
    steps: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> Article:
    """Replace a draft's text, steps and topics; a step keeps its id where its position is
    kept. Raises Article.DoesNotExist for an article that is not a draft."""
    article = Article.objects.select_for_update().get(pk=article_id, status=Article.Status.DRAFT)
    found_team, found_topics = _team_and_topics(team, topics)
    article.question, article.team = question, found_team
    article.answer_intro, article.answer_outro = answer_intro, answer_outro
    article_save(article=article, topic_ids=[t.pk for t in found_topics])
    article.topics.set(found_topics)
    article_review_due_set(article_ids=[article.pk])
    kept = {s.position: s for s in Step.objects.filter(article=article)}
    step_list_save(
        article=article,
        steps=[
            StepInput(body=body, position=i, step=kept.get(i))
            for i, body in enumerate(steps, start=1)
        ],
        deleted=[s for position, s in kept.items() if position > len(steps)],
    )
    article_version_record(article=article, note=_note(token, "Saved"))
    return article
