"""Reads for /ask/: where a reader asks from, and the question they sent."""

from dataclasses import dataclass, field

from faq.models import (
    Article,
    ArticleTranslation,
    AskDeflection,
    Check,
    Question,
    Step,
    VisitorRef,
)
from faq.models.visitors import AnyUser
from faq.selectors.statistics import Period, share


@dataclass(frozen=True)
class AskOrigin:
    """The article and step a reader asks from, in their language, and the steps they
    have ticked there; all empty for a question asked from the header."""

    article: Article | None = None
    question: str = ""
    step: Step | None = None
    done: list[int] = field(default_factory=list)
    came_from: str = ""


def steps_done(*, article_id: int, visitor: VisitorRef) -> list[int]:
    """The positions of the steps the reader has ticked in their active run."""
    if visitor.is_new:
        return []
    checks = Check.objects.filter(
        run__article_id=article_id, run__reset_at__isnull=True, step__removed_at__isnull=True
    )
    if visitor.user_id is not None:
        checks = checks.filter(run__visitor__user_id=visitor.user_id)
    else:
        checks = checks.filter(run__visitor__key=visitor.key)
    return sorted(checks.values_list("step__position", flat=True))


def ask_origin(
    *,
    article_id: int | None,
    step_id: int | None,
    visitor: VisitorRef,
    user: AnyUser,
    language: str,
    came_from: str = "",
) -> AskOrigin:
    """Where the reader asks from. Raises Article.DoesNotExist for an article they cannot
    read, Step.DoesNotExist for a step not (or no longer) in it, or a step without one."""
    if article_id is None:
        if step_id is not None:
            raise Step.DoesNotExist
        return AskOrigin(came_from=came_from)
    article = Article.objects.visible_to(user).select_related("team").get(pk=article_id)
    step = None
    if step_id is not None:
        step = Step.objects.get(pk=step_id, article=article, removed_at__isnull=True)
    return AskOrigin(
        article=article,
        question=ArticleTranslation.objects.filter(article=article, language=language)
        .values_list("question", flat=True)
        .first()
        or article.question,
        step=step,
        done=steps_done(article_id=article.pk, visitor=visitor),
        came_from=came_from,
    )


def question_sent(*, reference: str, visitor: VisitorRef) -> Question | None:
    """The question with this reference if this reader sent it; None for anyone else."""
    if visitor.is_new:
        return None
    mine = Question.objects.select_related("team", "article")
    if visitor.user_id is not None:
        mine = mine.filter(visitor__user_id=visitor.user_id)
    else:
        mine = mine.filter(visitor__key=visitor.key)
    return mine.filter(reference=reference).first()


@dataclass(frozen=True)
class AskNumbers:
    """Questions sent from /ask/ in a period, and readers helped there without asking: they
    opened an answer offered as they typed and sent no question that day."""

    asked: int
    deflected: int

    @property
    def deflected_share(self) -> float | None:
        """Of the readers who came to ask, the share an offered answer helped."""
        return share(self.deflected, self.deflected + self.asked)


def ask_numbers(
    *, period: Period, team_id: int | None = None, language: str | None = None
) -> AskNumbers:
    """The questions and the readers helped without asking in the period, for one team
    (that of the article asked about, or answered) and one language if given."""
    questions = Question.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    helped = AskDeflection.objects.filter(
        day__gte=period.first_day, day__lte=period.last_day, asked=False
    )
    if team_id is not None:
        questions = questions.filter(team_id=team_id)
        helped = helped.filter(article__team_id=team_id)
    if language is not None:
        questions = questions.filter(language=language)
        helped = helped.filter(language=language)
    return AskNumbers(asked=questions.count(), deflected=helped.count())
