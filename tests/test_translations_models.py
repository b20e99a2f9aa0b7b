"""The translation tables: what the database refuses, and which translations are stale."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from faq.models import (
    Article,
    ArticleTranslation,
    StepTranslation,
    TopicTranslation,
    stale_translation_exists,
)
from tests.factories import make_article, make_topic, make_translation

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    """Whether the database refuses what `make` writes (it changes nothing either way)."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def translation_row(article, language="sv", slug="en-adress"):
    return ArticleTranslation(
        article=article,
        language=language,
        question="Fråga?",
        slug=slug,
        review_by=timezone.localdate(),
    )


def test_one_translation_per_article_and_language():
    article = make_article(steps=1)
    translation_row(article).save()
    assert refused(lambda: translation_row(article, slug="en-annan-adress").save())
    translation_row(article, language="de", slug="eine-adresse").save()
    assert article.translations.count() == 2


def test_one_address_per_language_among_translations():
    first, second = make_article(), make_article()
    translation_row(first, slug="synka").save()
    assert refused(lambda: translation_row(second, slug="synka").save())
    # The same words are a different address in another language.
    translation_row(second, language="de", slug="synka").save()


def test_only_the_sites_languages():
    article, topic = make_article(steps=1), make_topic()
    step = article.steps.get()
    assert refused(lambda: translation_row(article, language="fr").save())
    assert refused(lambda: StepTranslation.objects.create(step=step, language="xx", body="?"))
    assert refused(lambda: TopicTranslation.objects.create(topic=topic, language="", name="?"))
    assert refused(lambda: Article.objects.filter(pk=article.pk).update(language="fi"))


def test_one_step_and_topic_translation_per_language():
    article, topic = make_article(steps=1), make_topic()
    step = article.steps.get()
    StepTranslation.objects.create(step=step, language="sv", body="Gör så.")
    assert refused(lambda: StepTranslation.objects.create(step=step, language="sv", body="Igen"))
    TopicTranslation.objects.create(topic=topic, language="de", name="Thema")
    assert refused(lambda: TopicTranslation.objects.create(topic=topic, language="de", name="2"))


def test_a_unique_slug_is_a_form_error_before_it_is_a_database_error():
    first, second = make_article(), make_article()
    translation_row(first, slug="synka").save()
    clash = translation_row(second, slug="synka")
    with pytest.raises(ValidationError) as caught:
        clash.validate_constraints()
    assert caught.value.messages == ["Another article already has this address in this language."]


def test_stale_means_older_than_the_last_change_to_the_source():
    fresh, old = make_article(steps=1), make_article(steps=1)
    make_translation(fresh)
    stale = make_translation(old)
    Article.objects.filter(pk=old.pk).update(source_changed_at=stale.updated_at + timedelta(1))
    assert list(ArticleTranslation.objects.stale()) == [stale]
    marked = {t.article_id: t.out_of_date for t in ArticleTranslation.objects.with_staleness()}
    assert marked == {fresh.pk: False, old.pk: True}
    assert list(Article.objects.filter(stale_translation_exists())) == [old]
    assert ArticleTranslation.objects.select_related("article").get(pk=stale.pk).is_stale


def test_deleting_an_article_or_a_step_row_takes_its_translations():
    article = make_article(steps=2)
    make_translation(article)
    assert StepTranslation.objects.count() == 2
    article.delete()
    assert ArticleTranslation.objects.count() == StepTranslation.objects.count() == 0
