"""Review before publishing: who may do what, what readers see meanwhile, and the record."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from faq import services
from faq.models import Article, Mail, Step
from faq.services.roles import EDITORS, PUBLISHERS
from tests.factories import make_article, make_staff, make_topic

pytestmark = pytest.mark.django_db


def member(group: str, username: str, email: str = ""):
    user = make_staff(username)
    user.email = email or f"{username}@example.edu"
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def editor():
    return member(EDITORS, "ed")


@pytest.fixture
def publisher():
    return member(PUBLISHERS, "pub")


def notes(article: Article) -> list[str]:
    return [v.revision.comment for v in Version.objects.get_for_object(article)]


def reader_text(article: Article) -> list[str]:
    """The question and step texts as a reader's page would show them."""
    article.refresh_from_db()
    steps = Step.objects.filter(article=article).order_by("position")
    return [article.question, *(s.body for s in steps)]


def test_the_roles_are_groups_with_the_right_permissions(editor, publisher):
    assert services.can_publish(publisher)
    assert not services.can_publish(editor)
    assert editor.has_perm("faq.change_article")
    assert not editor.has_perm("faq.publish_article")
    # Run again (every migrate does): nothing doubles, nothing is lost.
    services.roles_sync()
    assert Group.objects.filter(name__in=[EDITORS, PUBLISHERS]).count() == 2
    assert services.can_publish(type(publisher).objects.get(pk=publisher.pk))


def test_a_new_article_goes_draft_review_published(editor, publisher):
    article = make_article("How do I renew a loan?", steps=2, status=Article.Status.DRAFT)
    assert not Article.objects.readable_by(None).filter(pk=article.pk).exists()
    services.article_submit(article=article, user=editor, note="Ready, I think.")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert article.submitted_by == editor
    assert not Article.objects.readable_by(None).filter(pk=article.pk).exists()
    # The publishers are told by email, through the worker's outbox.
    mail = Mail.objects.get(kind=Mail.Kind.REVIEW)
    assert mail.to == "pub@example.edu"
    assert mail.subject == "For review: How do I renew a loan?"
    assert "Ready, I think." in mail.body
    assert f"/admin/faq/article/{article.pk}/approval/" in mail.body

    services.article_approve(article=article, user=publisher)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.approved_by == publisher
    assert article.published_at is not None
    assert Article.objects.readable_by(None).filter(pk=article.pk).exists()
    assert notes(article)[:2] == [
        "Article by Kim McBride approved and published by Kim McBride.",
        "Article submitted for review by Kim McBride. “Ready, I think.”",
    ]
    assert Mail.objects.filter(kind=Mail.Kind.REVIEW, to="ed@example.edu").exists()


def test_a_rewrite_keeps_readers_on_the_published_text_until_approved(editor, publisher):
    topic = make_topic("EndNote")
    article = make_article("How do I sync?", steps=["Open.", "Sign in.", "Click Sync."])
    article.topics.set([topic])
    ids = list(
        Step.objects.filter(article=article).order_by("position").values_list("pk", flat=True)
    )
    rewrite = services.article_rewrite_start(article=article, user=editor)
    # Asked again, the same rewrite: one at a time.
    assert services.article_rewrite_start(article=article, user=editor) == rewrite
    assert rewrite.status == Article.Status.DRAFT
    assert rewrite.rewrite_of == article
    third = Step.objects.get(article=rewrite, position=3)
    third.body = "Click **Sync now** in the toolbar."
    third.save()
    services.article_submit(article=rewrite, user=editor)
    # Readers (and search) still get the published text; the rewrite is nobody's page.
    assert reader_text(article) == ["How do I sync?", "Open.", "Sign in.", "Click Sync."]
    assert not Article.objects.readable_by(None).filter(pk=rewrite.pk).exists()
    assert not Article.objects.readable_by(make_staff()).filter(pk=rewrite.pk).exists()

    published = services.article_approve(article=rewrite, user=publisher)
    assert published.pk == article.pk
    assert reader_text(article) == [
        "How do I sync?",
        "Open.",
        "Sign in.",
        "Click **Sync now** in the toolbar.",
    ]
    # Each step kept its id, so readers' ticks and the funnel stay with it.
    live = Step.objects.filter(article=article).order_by("position")
    assert list(live.values_list("pk", flat=True)) == ids
    assert not Article.objects.filter(pk=rewrite.pk).exists()
    assert list(article.topics.all()) == [topic]
    said = notes(article)
    assert said[0] == "Rewrite by Kim McBride approved and published by Kim McBride."
    assert "Rewrite submitted for review by Kim McBride." in said
    assert "Rewrite started by Kim McBride." in said


def test_a_rewrite_may_add_remove_and_reorder_steps(editor, publisher):
    article = make_article(steps=["One.", "Two.", "Three."])
    one, two, three = Step.objects.filter(article=article).order_by("position")
    rewrite = services.article_rewrite_start(article=article, user=editor)
    copies = {s.copied_from_id: s for s in Step.objects.filter(article=rewrite)}
    services.step_list_save(
        article=rewrite,
        steps=[
            services.StepInput(body="Three, first now.", position=1, step=copies[three.pk]),
            services.StepInput(body="One.", position=2, step=copies[one.pk]),
            services.StepInput(body="Four, new.", position=3),
        ],
        deleted=[copies[two.pk]],
    )
    services.article_submit(article=rewrite, user=editor)
    services.article_approve(article=rewrite, user=publisher)
    live = list(Step.objects.filter(article=article).order_by("position"))
    assert [(s.body, s.pk) for s in live[:2]] == [("Three, first now.", three.pk), ("One.", one.pk)]
    assert live[2].body == "Four, new."
    assert live[2].pk not in (one.pk, two.pk, three.pk)
    # The step gone from the rewrite is removed, kept for the funnel.
    assert Step.all_objects.get(pk=two.pk).removed_at is not None


def test_a_publisher_sends_back_with_a_comment_and_the_author_is_told(editor, publisher):
    article = make_article(status=Article.Status.DRAFT)
    services.article_submit(article=article, user=editor)
    with pytest.raises(services.WorkflowError):
        services.article_send_back(article=article, user=publisher, comment="  ")
    services.article_send_back(
        article=article, user=publisher, comment="Step 2 needs a screenshot."
    )
    article.refresh_from_db()
    assert (article.status, article.review_comment) == ("draft", "Step 2 needs a screenshot.")
    assert notes(article)[0] == "Article sent back by Kim McBride: “Step 2 needs a screenshot.”"
    told = Mail.objects.get(kind=Mail.Kind.REVIEW, to="ed@example.edu")
    assert "Step 2 needs a screenshot." in told.body
    # Submitted again: the comment is done with.
    services.article_submit(article=article, user=editor)
    article.refresh_from_db()
    assert (article.status, article.review_comment) == ("review", "")


@pytest.mark.parametrize("who", ["editor", "own publisher", "inactive publisher"])
def test_approving_without_the_right_changes_nothing(editor, publisher, who):
    article = make_article(steps=1, status=Article.Status.DRAFT)
    submitter = publisher if who == "own publisher" else editor
    services.article_submit(article=article, user=submitter)
    approver = {"editor": editor, "own publisher": publisher}.get(who)
    if approver is None:
        approver = member(PUBLISHERS, "gone")
        approver.is_active = False
        approver.save()
    before = notes(article)
    with pytest.raises(PermissionDenied):
        services.article_approve(article=article, user=approver)
    if who != "own publisher":
        with pytest.raises(PermissionDenied):
            services.article_send_back(article=article, user=approver, comment="No.")
    article.refresh_from_db()
    assert (article.status, article.approved_by) == ("review", None)
    assert notes(article) == before


def test_a_superuser_approves_their_own_and_it_is_recorded():
    boss = make_staff("boss")
    boss.is_superuser = True
    boss.save()
    article = make_article(status=Article.Status.DRAFT)
    services.article_submit(article=article, user=boss)
    services.article_approve(article=article, user=boss)
    article.refresh_from_db()
    assert article.is_published
    assert article.approved_by == boss


def test_steps_of_the_workflow_out_of_turn_are_refused(editor, publisher):
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(services.WorkflowError):
        services.article_approve(article=draft, user=publisher)
    with pytest.raises(services.WorkflowError):
        services.article_rewrite_start(article=draft, user=editor)
    published = make_article()
    with pytest.raises(services.WorkflowError):
        services.article_submit(article=published, user=editor)
    with pytest.raises(services.WorkflowError):
        services.article_rewrite_discard(rewrite=published, user=editor)
    assert Article.objects.get(pk=published.pk).is_published


def test_a_discarded_rewrite_leaves_the_article_as_it_was(editor):
    article = make_article(steps=2)
    rewrite = services.article_rewrite_start(article=article, user=editor)
    Article.objects.filter(pk=rewrite.pk).update(question="Something else?")
    assert services.article_rewrite_discard(rewrite=rewrite, user=editor) == article
    assert not Article.objects.filter(rewrite_of=article).exists()
    assert reader_text(article)[0] == article.question
    assert notes(article)[0] == "Rewrite discarded by Kim McBride."


def test_unpublishing_needs_a_publisher(editor, publisher):
    article = make_article()
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=article, user=editor, note="Gone.")
    services.article_unpublish(article=article, user=publisher, note="Out of date.")
    assert not Article.objects.readable_by(None).filter(pk=article.pk).exists()
