"""Reads for the admin's translation editor: the source beside each field, the states of an
article's translations, and the preview of a translation as typed."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from faq import lang
from faq.markdown import render_markdown
from faq.models import Article, ArticleTranslation, Step, StepTranslation
from faq.selectors.pages import ArticlePage
from faq.selectors.progress import Progress, StepRow
from faq.selectors.translations import PageLanguage, language_urls, topics_translated


@dataclass(frozen=True)
class SourceStep:
    """A live step's source text beside what its translation holds now."""

    pk: int
    position: int
    body: str
    image_alt: str
    has_image: bool
    translated_body: str
    translated_alt: str


@dataclass(frozen=True)
class TranslationSource:
    """An article's source text and its translation into one language, for the editor."""

    article_id: int
    source: str
    language: str
    question: str
    slug: str
    answer_intro: str
    answer_outro: str
    steps: list[SourceStep]
    # None: the article has no translation into this language yet.
    translation: ArticleTranslation | None
    stale: bool


@dataclass(frozen=True)
class TranslationState:
    """One language of an article, for the change form's Translations box."""

    code: str
    name: str
    # "source", "translated", "stale" or "missing".
    state: str
    review_by: date | None


def translation_source(*, article_id: int, language: str) -> TranslationSource:
    """The article's source and its translation into `language`; raises Article.DoesNotExist."""
    article = Article.objects.get(pk=article_id)
    found = (
        ArticleTranslation.objects.filter(article_id=article_id, language=language)
        .select_related("last_reviewed_by")
        .first()
    )
    texts = {
        t.step_id: t
        for t in StepTranslation.objects.filter(step__article_id=article_id, language=language)
    }
    steps = []
    for step in Step.objects.filter(article_id=article_id).order_by("position"):
        text = texts.get(step.pk)
        steps.append(
            SourceStep(
                pk=step.pk,
                position=step.position,
                body=step.body,
                image_alt=step.image_alt,
                has_image=bool(step.image),
                translated_body=text.body if text else "",
                translated_alt=text.image_alt if text else "",
            )
        )
    return TranslationSource(
        article_id=article.pk,
        source=article.language,
        language=language,
        question=article.question,
        slug=article.slug,
        answer_intro=article.answer_intro,
        answer_outro=article.answer_outro,
        steps=steps,
        translation=found,
        stale=found is not None and found.updated_at < article.source_changed_at,
    )


def translation_states(*, article_id: int) -> list[TranslationState]:
    """Each of the site's languages for the article: its source, translated, may be out of
    date, or missing; raises Article.DoesNotExist."""
    article = Article.objects.only("pk", "language", "source_changed_at").get(pk=article_id)
    found = {t.language: t for t in ArticleTranslation.objects.filter(article_id=article_id)}
    states = []
    for code in lang.codes():
        item = found.get(code)
        if code == article.language:
            state = "source"
        elif item is None:
            state = "missing"
        elif item.updated_at < article.source_changed_at:
            state = "stale"
        else:
            state = "translated"
        states.append(
            TranslationState(
                code=code,
                name=lang.name(code),
                state=state,
                review_by=item.review_by if item else None,
            )
        )
    return states


def translation_draft_page(
    *,
    article_id: int,
    language: str,
    question: str,
    answer_intro: str,
    answer_outro: str,
    steps: Mapping[int, str],
    alts: Mapping[int, str],
    now: datetime | None = None,
) -> ArticlePage:
    """The article page as a reader of `language` would see it with the translation as
    typed (`steps` and `alts` by step id): a step left blank shows its source text, marked
    as in the source language. Raises Article.DoesNotExist."""
    saved = Article.objects.select_related("team", "answered_by").get(pk=article_id)
    source = saved.language
    slugs = dict(
        ArticleTranslation.objects.filter(article_id=article_id).values_list("language", "slug")
    )
    article = Article(
        pk=saved.pk,
        question=question.strip() or saved.question,
        slug=slugs.get(language, saved.slug),
        language=source,
        status=Article.Status.DRAFT,
        answer_intro_html=render_markdown(answer_intro, language),
        answer_outro_html=render_markdown(answer_outro, language),
        team=saved.team,
        answered_by=saved.answered_by,
        updated_at=now or timezone.now(),
        view_count=saved.view_count,
    )
    fallback = {}
    if not question.strip():
        fallback["question"] = source
    article.fallback = fallback
    rows = list(Step.objects.filter(article_id=article_id).order_by("position"))
    for step in rows:
        typed = steps.get(step.pk, "")
        step.fallback = {}
        if typed.strip():
            step.body_html = render_markdown(typed, language)
        else:
            step.fallback = {"body_html": source}
        if alts.get(step.pk, "").strip():
            step.image_alt = alts[step.pk].strip()
        elif step.image:
            step.fallback["image_alt"] = source
    return ArticlePage(
        article=article,
        steps=rows,
        topics=topics_translated(
            saved.topics.with_translation(language).order_by("name"), language
        ),
        related=[],
        my_vote=None,
        progress=Progress(
            run=None,
            rows=[StepRow(step=s, done=False, stuck=False, is_next=False) for s in rows],
            changed_since_start=False,
        ),
        language=PageLanguage(
            code=language,
            source=source,
            translated=True,
            available=tuple(c for c in lang.codes() if c == source or c in slugs),
        ),
        language_urls=language_urls(pk=saved.pk, source_slug=saved.slug, slugs=slugs),
    )
