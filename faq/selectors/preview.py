"""An article as an editor is writing it, unsaved, in the shape the article page renders."""

from dataclasses import dataclass

from django.utils import timezone

from faq.markdown import render_markdown
from faq.models import Article, Step, Team, Topic
from faq.selectors.pages import ArticlePage
from faq.selectors.progress import Progress, StepRow


@dataclass(frozen=True)
class DraftStep:
    position: int
    body: str


def draft_page(
    *,
    article_id: int | None,
    language: str,
    question: str,
    answer_intro: str,
    answer_outro: str,
    team_id: int | None,
    topic_ids: list[int],
    steps: list[DraftStep],
) -> ArticlePage:
    """The page of an unsaved draft: Markdown rendered by the same sanitiser as a save."""
    saved = Article.objects.filter(pk=article_id).first() if article_id else None
    article = Article(
        # Unsaved drafts get id 0, so the page's addresses can still be made.
        pk=saved.pk if saved else 0,
        question=question.strip() or "(No question yet)",
        slug=saved.slug if saved and saved.slug else "preview",
        language=language,
        status=Article.Status.DRAFT,
        answer_intro_html=render_markdown(answer_intro, language),
        answer_outro_html=render_markdown(answer_outro, language),
        team=(Team.objects.filter(pk=team_id).first() if team_id is not None else None)
        or Team(name="(No team yet)"),
        answered_by=saved.answered_by if saved else None,
        updated_at=timezone.now(),
        view_count=saved.view_count if saved else 0,
    )
    # Numbered as a save numbers them: by the given number, ties in form order.
    ordered = sorted(enumerate(steps), key=lambda pair: (pair[1].position, pair[0]))
    rows = [
        Step(pk=None, position=n, body=s.body, body_html=render_markdown(s.body, language))
        for n, (_, s) in enumerate(ordered, start=1)
    ]
    return ArticlePage(
        article=article,
        steps=rows,
        topics=list(Topic.objects.filter(pk__in=topic_ids).order_by("name")),
        related=[],
        my_vote=None,
        progress=Progress(
            run=None,
            rows=[StepRow(step=s, done=False, stuck=False, is_next=False) for s in rows],
            changed_since_start=False,
        ),
    )
