"""Writing translations: what is refused, what is rendered, and when a translation goes stale."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from faq import services
from faq.models import (
    Article,
    ArticleTranslation,
    ContentVersion,
    Step,
    StepTranslation,
    TopicTranslation,
)
from tests.factories import make_article, make_staff, make_topic, make_translation, png, upload

pytestmark = pytest.mark.django_db


def version() -> int:
    return ContentVersion.objects.get().value


def save(article, **changes):
    """article_translation_save with a whole Swedish translation, changed as asked."""
    values = {
        "article_id": article.pk,
        "language": "sv",
        "question": "Hur synkar jag?",
        "slug": "",
        "answer_intro": "Så här.",
        "answer_outro": "",
        "steps": {},
        "user": None,
        **changes,
    }
    return services.article_translation_save(**values)


def refusal(article, **changes) -> dict[str, list[str]]:
    """What the service says about a translation it refuses, which writes nothing."""
    before = (ArticleTranslation.objects.count(), StepTranslation.objects.count(), version())
    with pytest.raises(ValidationError) as caught:
        save(article, **changes)
    assert (ArticleTranslation.objects.count(), StepTranslation.objects.count(), version()) == (
        before
    )
    return caught.value.message_dict


def stale(article) -> bool:
    return ArticleTranslation.objects.select_related("article").get(article=article).is_stale


def test_a_translation_is_rendered_and_sanitised_as_the_source_is():
    article = make_article("How do I sync?", steps=["Open `EndNote`.", "Click Sync."])
    first, second = article.steps.order_by("position")
    editor = make_staff()
    item = save(
        article,
        answer_intro='!!! warning "Obs!"\n    Säkerhetskopiera först.<script>alert(1)</script>',
        steps={
            first.pk: services.StepText(body="Öppna `EndNote`."),
            second.pk: services.StepText(body="Klicka på **Synka**."),
        },
        user=editor,
    )
    assert item.slug == "hur-synkar-jag"
    assert "callout--warning" in item.answer_intro_html
    assert "<script>" not in item.answer_intro_html
    assert item.updated_by == editor
    bodies = dict(StepTranslation.objects.values_list("step_id", "body_html"))
    assert bodies == {
        first.pk: "<p>Öppna <code>EndNote</code>.</p>",
        second.pk: ("<p>Klicka på <strong>Synka</strong>.</p>"),
    }


def test_saving_again_changes_the_translation_and_keeps_steps_it_does_not_mention():
    article = make_article(steps=2)
    first, second = article.steps.order_by("position")
    make_translation(article, steps=["Ett.", "Två."])
    save(article, question="Ny fråga?", steps={second.pk: services.StepText(body="Andra.")})
    assert ArticleTranslation.objects.get().question == "Ny fråga?"
    texts = dict(StepTranslation.objects.values_list("step_id", "body"))
    assert texts == {first.pk: "Ett.", second.pk: "Andra."}
    # A blank step goes back to the source's text.
    save(article, steps={first.pk: services.StepText(body="  ")})
    assert list(StepTranslation.objects.values_list("step_id", flat=True)) == [second.pk]


def test_a_slug_another_article_has_in_that_language_is_a_field_error():
    taken, article = make_article(), make_article()
    make_translation(taken, slug="synka-biblioteket")
    assert refusal(article, slug="synka-biblioteket") == {
        "slug": ["Another article already has this address in this language."]
    }
    # The same slug in German, or the article's own again, is fine.
    save(article, language="de", slug="synka-biblioteket")
    make_translation(taken, slug="synka-biblioteket", question="Samma adress igen?")


def test_a_slug_with_spaces_or_slashes_is_a_field_error():
    article = make_article()
    assert list(refusal(article, slug="synka/biblioteket")) == ["slug"]


def test_unknown_steps_and_steps_of_another_article_are_refused():
    article, other = make_article(steps=2), make_article(steps=1)
    foreign = other.steps.get()
    text = services.StepText(body="Gör så.")
    assert refusal(article, steps={foreign.pk: text}) == {
        "steps": [f"The article has no step with id {foreign.pk}."]
    }
    assert list(refusal(article, steps={10**9: text})) == ["steps"]
    # A step an editor removed is not on the page to translate either.
    removed = article.steps.order_by("position").first()
    services.step_list_save(article=article, steps=[], deleted=[removed])
    assert list(refusal(article, steps={removed.pk: text})) == ["steps"]


def test_a_translation_into_the_articles_own_language_is_refused():
    article = make_article()
    message = refusal(article, language="en")["language"][0]
    assert message.startswith("English is the language the article is written in")
    assert list(refusal(article, language="fr")) == ["language"]
    swedish = make_article()
    Article.objects.filter(pk=swedish.pk).update(language="sv")
    assert list(refusal(swedish, language="sv")) == ["language"]
    save(swedish, language="en", question="How do I sync?")


def test_a_blank_question_is_refused():
    assert list(refusal(make_article(), question="   ")) == ["question"]


def test_saving_or_deleting_a_translation_changes_the_cached_pages():
    article = make_article(steps=1)
    before = version()
    make_translation(article)
    assert version() > before
    before = version()
    assert services.article_translation_delete(article_id=article.pk, language="sv")
    assert version() > before
    assert ArticleTranslation.objects.count() == StepTranslation.objects.count() == 0
    assert not services.article_translation_delete(article_id=article.pk, language="sv")


def test_a_translation_saves_the_search_index_as_the_article_services_do(monkeypatch):
    article = make_article()
    updated = []
    monkeypatch.setattr(
        "faq.services.translations.search_index_update",
        lambda *, article_id: updated.append(article_id),
    )
    make_translation(article)
    services.article_translation_delete(article_id=article.pk, language="sv")
    assert updated == [article.pk, article.pk]


def test_a_change_to_the_source_text_makes_a_translation_stale():
    article = make_article(steps=2)
    make_translation(article)
    assert not stale(article)
    article.question = "How do I sync my library?"
    services.article_save(article=article)
    assert stale(article)
    # Saving the translation again is the translator saying it matches.
    make_translation(article)
    assert not stale(article)


def test_a_minor_edit_keeps_last_updated_but_still_makes_translations_stale():
    article = make_article(steps=1)
    make_translation(article)
    updated = Article.objects.get(pk=article.pk).updated_at
    article.answer_intro = "An introduction to the answr, fixed."
    services.article_save(article=article, minor=True)
    assert Article.objects.get(pk=article.pk).updated_at == updated
    assert stale(article)


def test_saves_that_change_no_text_leave_translations_up_to_date():
    article = make_article(steps=2)
    make_translation(article)
    services.article_status_set(article=article, status=Article.Status.DRAFT)
    services.article_save(article=Article.objects.get(pk=article.pk))
    steps = list(article.steps.order_by("position"))
    services.step_list_save(
        article=article,
        steps=[services.StepInput(body=s.body, position=s.position, step=s) for s in steps],
    )
    services.articles_review_mark(article_ids=[article.pk], user=None)
    assert not stale(article)


@pytest.mark.parametrize("change", ["reworded", "added", "removed", "reordered"])
def test_a_change_to_the_steps_makes_translations_stale(change):
    article = make_article(steps=3)
    make_translation(article)
    steps = list(article.steps.order_by("position"))
    keep = [services.StepInput(body=s.body, position=s.position, step=s) for s in steps]
    deleted = []
    if change == "reworded":
        keep[1] = services.StepInput(body="Do it differently.", position=2, step=steps[1])
    elif change == "added":
        keep.append(services.StepInput(body="And one more.", position=4))
    elif change == "removed":
        keep, deleted = keep[:2], [steps[2]]
    else:
        keep[0], keep[1] = (
            services.StepInput(body=steps[0].body, position=2, step=steps[0]),
            services.StepInput(body=steps[1].body, position=1, step=steps[1]),
        )
    services.step_list_save(article=article, steps=keep, deleted=deleted)
    assert stale(article)


def test_a_screenshots_new_alt_text_makes_translations_stale():
    article = make_article(steps=1)
    step = article.steps.get()
    services.step_image_set(step=step, upload=upload(png(400, 300)), alt="The Sync button.")
    make_translation(article, alts={1: "Knappen Synka."})
    step = Step.objects.get(pk=step.pk)
    # The same picture with the same words: nothing for a translator to do.
    services.step_image_set(step=step, upload=upload(png(400, 300)), alt="The Sync button.")
    assert not stale(article)
    services.step_image_set(step=step, upload=upload(png(400, 300)), alt="The green Sync button.")
    assert stale(article)


def test_a_source_language_with_a_translation_in_it_is_refused():
    article = make_article()
    make_translation(article, language="de")
    article.language = "de"
    with pytest.raises(ValidationError) as caught:
        services.article_save(article=article)
    assert list(caught.value.message_dict) == ["language"]
    assert Article.objects.get(pk=article.pk).language == "en"


def test_a_translation_is_due_for_review_a_period_after_it_was_saved():
    topic = make_topic("Licences")
    topic.review_months = 6
    topic.save()
    article = make_article(topics=[topic])
    saved = timezone.now() - timedelta(days=1)
    services.article_translation_save(
        article_id=article.pk,
        language="sv",
        question="Fråga?",
        slug="",
        answer_intro="",
        answer_outro="",
        steps={},
        user=None,
        now=saved,
    )
    item = ArticleTranslation.objects.get()
    assert item.review_by > timezone.localdate(saved) + timedelta(days=180)
    assert item.review_by < timezone.localdate(saved) + timedelta(days=186)
    assert not item.review_by_chosen
    # The topic's period gone, the translation's date follows the default (a year)...
    topic.review_months = None
    topic.save()
    services.article_review_due_set(article_ids=[article.pk])
    item.refresh_from_db()
    assert item.review_by > timezone.localdate(saved) + timedelta(days=360)
    # ...unless an editor chose it.
    save(article, review_by=date(2030, 1, 31))
    topic.review_months = 6
    topic.save()
    services.article_review_due_set(article_ids=[article.pk])
    item.refresh_from_db()
    assert (item.review_by, item.review_by_chosen) == (date(2030, 1, 31), True)


def test_topic_translations():
    topic = make_topic("Installation")
    before = version()
    services.topic_translation_save(topic_id=topic.pk, language="de", name="Installation DE")
    services.topic_translation_save(
        topic_id=topic.pk, language="de", name=" Installieren ", description="Auf Windows."
    )
    assert list(TopicTranslation.objects.values_list("language", "name", "description")) == [
        ("de", "Installieren", "Auf Windows.")
    ]
    assert version() > before
    for language, name in (("en", "Installing"), ("xx", "?"), ("sv", " ")):
        with pytest.raises(ValidationError):
            services.topic_translation_save(topic_id=topic.pk, language=language, name=name)
    assert services.topic_translation_delete(topic_id=topic.pk, language="de")
    assert not TopicTranslation.objects.exists()
