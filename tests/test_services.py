import pytest
from django.db import IntegrityError, transaction

from faq import services
from faq.models import Article, Step
from tests.factories import make_article, make_team

pytestmark = pytest.mark.django_db


def positions(article):
    return list(article.steps.order_by("position").values_list("position", "body"))


def test_article_create_renders_and_numbers_steps():
    article = make_article("How?", steps=["First `a`", "Second", "Third"])
    assert positions(article) == [(1, "First `a`"), (2, "Second"), (3, "Third")]
    step = article.steps.get(position=1)
    assert "<code>a</code>" in step.body_html
    assert article.answer_intro_html.startswith("<p>")
    assert article.published_at is not None
    assert article.slug == "how"


def test_a_swedish_article_is_rendered_in_swedish_whatever_the_editors_language():
    article = make_article(
        "Hur?",
        steps=["!!! tip\n    Spara först."],
        answer_intro="!!! warning\n    Stäng Word.",
        language="sv",
    )
    assert '<p class="callout__title">Tips</p>' in article.steps.get().body_html
    assert '<p class="callout__title">Varning</p>' in article.answer_intro_html


def test_draft_has_no_published_date_until_published():
    article = make_article(status=Article.Status.DRAFT)
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.published_at is not None


def test_article_save_moves_last_updated_only_when_text_changes():
    article = make_article()
    before = article.updated_at
    article.slug = "new-slug"
    services.article_save(article=article)
    assert article.updated_at == before
    article.answer_intro = "A clearer introduction."
    services.article_save(article=article)
    assert article.updated_at > before
    assert "clearer" in article.answer_intro_html


def test_reorder_keeps_step_ids():
    article = make_article(steps=["A", "B", "C"])
    a, b, c = article.steps.order_by("position")
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body="C", position=1, step=c),
            services.StepInput(body="A", position=2, step=a),
            services.StepInput(body="B", position=3, step=b),
        ],
    )
    assert list(article.steps.order_by("position").values_list("pk", flat=True)) == [
        c.pk,
        a.pk,
        b.pk,
    ]


def test_add_delete_and_reorder_at_once_renumbers_from_one():
    article = make_article(steps=["A", "B", "C", "D"])
    a, b, c, d = article.steps.order_by("position")
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body="D", position=1, step=d),
            services.StepInput(body="New", position=3),
            services.StepInput(body="A", position=7, step=a),
            services.StepInput(body="C", position=2, step=c),
        ],
        deleted=[b],
    )
    assert positions(article) == [(1, "D"), (2, "C"), (3, "New"), (4, "A")]
    assert not Step.objects.filter(pk=b.pk).exists()
    assert Step.objects.filter(pk__in=[a.pk, c.pk, d.pk]).count() == 3


def test_steps_left_out_keep_their_order_after_the_rest():
    article = make_article(steps=["A", "B", "C"])
    *_, c = article.steps.order_by("position")
    services.step_list_save(
        article=article, steps=[services.StepInput(body="C!", position=1, step=c)]
    )
    assert positions(article) == [(1, "C!"), (2, "A"), (3, "B")]


def test_database_refuses_duplicate_step_positions():
    article = make_article(steps=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(article=article, position=1, body="dup")


def test_database_refuses_published_article_without_date():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_database_refuses_negative_counters():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(view_count=-1)


def test_team_and_topic_get_or_create_are_idempotent():
    assert make_team("Desk") == make_team("Desk")
    assert services.topic_get_or_create(name="Wi-Fi") == services.topic_get_or_create(name="Wi-Fi")
