"""Versions of articles: kept on every save, compared with now, and restored with step ids kept."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from faq import selectors, services
from faq.models import Article, Check, Run, Step, VisitorRef
from tests.factories import make_article, make_staff, make_visitor, png, upload
from tests.test_admin import step_form

pytestmark = pytest.mark.django_db


def live_steps(article) -> list[tuple[int, int, str]]:
    return list(Step.objects.filter(article=article).values_list("pk", "position", "body"))


def edit_steps(article, rows) -> None:
    """Save the steps as an editor does: `rows` are (step or None, body), in their new order."""
    keep = [
        services.StepInput(body=body, position=i, step=step)
        for i, (step, body) in enumerate(rows, 1)
    ]
    kept = {step.pk for step, _ in rows if step is not None}
    services.step_list_save(
        article=article,
        steps=keep,
        deleted=[s for s in article.steps.all() if s.pk not in kept],
    )
    services.article_version_record(article=article, note="Edited the steps.")


def versions(article) -> list[Version]:
    return list(Version.objects.get_for_object(article))


def test_creating_an_article_keeps_its_first_version_with_its_steps():
    article = make_article("How do I sync?", steps=["Open.", "Sync."])
    (version,) = versions(article)
    assert version.field_dict["question"] == "How do I sync?"
    assert [(s.position, s.body) for s in selectors.versioned_steps(version)] == [
        (1, "Open."),
        (2, "Sync."),
    ]
    assert version.revision.comment == "Created."


def test_restore_after_steps_were_removed_added_and_reordered_keeps_ids_and_progress():
    article = make_article(steps=["One.", "Two.", "Three.", "Four."])
    original = live_steps(article)
    first_version = versions(article)[0]
    one, two, three, four = article.steps.order_by("position")
    visitor = make_visitor()
    for step in (one, two, three):
        services.step_check(article=article, visitor=visitor.ref, step=step, language="en")

    # Step 2 removed, a new step added, 4 moved before 3.
    edit_steps(article, [(one, "One."), (four, "Four, first now."), (None, "New."), (three, "3.")])
    assert len(live_steps(article)) == 4
    assert two.pk not in [pk for pk, _, _ in live_steps(article)]

    services.article_version_restore(article=article, version_id=first_version.pk)

    assert live_steps(article) == original
    new_step = Step.all_objects.get(article=article, body="New.")
    assert new_step.removed_at is not None
    # The reader's three ticks are on the same rows, step 2's included.
    progress = selectors.step_progress(
        article=article, steps=list(article.steps.all()), visitor=VisitorRef(key=visitor.key)
    )
    assert [row.done for row in progress.rows] == [True, True, True, False]
    assert Check.objects.filter(run__visitor=visitor).count() == 3
    assert versions(article)[0].revision.comment.startswith("Restored the version of ")


def test_restore_brings_back_the_text_and_topics_but_not_the_address_or_status():
    article = make_article("Old question?", answer_intro="Old answer.")
    version = versions(article)[0]
    article.question, article.answer_intro, article.slug = "New question?", "New answer.", "new"
    article.status = Article.Status.DRAFT
    services.article_save(article=article)
    services.article_version_record(article=article)

    services.article_version_restore(article=article, version_id=version.pk)
    article.refresh_from_db()
    assert (article.question, article.answer_intro) == ("Old question?", "Old answer.")
    assert (article.slug, article.status) == ("new", Article.Status.DRAFT)
    assert article.answer_intro_html == "<p>Old answer.</p>"


def test_a_version_of_another_article_cannot_be_restored_and_nothing_changes():
    article, other = make_article("Mine?"), make_article("Theirs?")
    foreign = versions(other)[0]
    with pytest.raises(services.VersionNotFoundError):
        services.article_version_restore(article=article, version_id=foreign.pk)
    article.refresh_from_db()
    assert article.question == "Mine?"
    assert len(versions(article)) == 1


def test_the_diff_names_each_kind_of_step_change_by_step_id():
    article = make_article("Q?", steps=["Open the app.", "Click Sync.", "Wait.", "Close it."])
    version = versions(article)[0]
    one, two, three, _four = article.steps.order_by("position")
    article.question = "How?"
    services.article_save(article=article)
    edit_steps(
        article,
        [(one, "Open the app."), (three, "Wait."), (two, "Click Sync now."), (None, "Done.")],
    )

    diff = selectors.article_diff(article=article, version_id=version.pk)
    question = diff.fields[0]
    assert question.changed
    assert str(question.html) == "<del>Q?</del><ins>How?</ins>"
    kinds = [(s.kind, s.old_position, s.new_position) for s in diff.steps]
    assert kinds == [
        ("same", 1, 1),
        ("moved", 3, 2),
        ("moved and changed", 2, 3),
        ("added", None, 4),
        ("removed", 4, None),
    ]
    assert str(diff.steps[2].html) == "Click <del>Sync.</del><ins>Sync now.</ins>"
    assert diff.changed


def test_the_diff_escapes_what_editors_wrote():
    article = make_article("Q?", steps=["<b>x</b>"])
    version = versions(article)[0]
    edit_steps(article, [(article.steps.get(), "<script>alert(1)</script>")])
    html = str(selectors.article_diff(article=article, version_id=version.pk).steps[0].html)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_minor_edit_keeps_last_updated_and_a_real_one_moves_it():
    article = make_article("Q?")
    long_ago = timezone.now() - timedelta(days=30)
    Article.objects.filter(pk=article.pk).update(updated_at=long_ago)
    article.refresh_from_db()
    article.answer_intro = "Fixed a typo."
    services.article_save(article=article, minor=True)
    article.refresh_from_db()
    assert article.updated_at == long_ago
    article.answer_intro = "Rewritten."
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.updated_at > long_ago


def test_publishing_and_unpublishing_are_versions_and_keep_last_updated():
    article = make_article("Q?", status=Article.Status.DRAFT)
    updated = article.updated_at
    assert services.article_status_set(article=article, status=Article.Status.PUBLISHED)
    assert not services.article_status_set(article=article, status=Article.Status.PUBLISHED)
    article.refresh_from_db()
    assert article.is_published
    assert article.published_at
    assert article.updated_at == updated
    assert [v.revision.comment for v in versions(article)][:1] == ["Published."]


# The admin: saving, listing, comparing, restoring.


def test_an_admin_save_keeps_a_version_with_the_editor_and_the_note(staff_client):
    article = make_article("Q?", steps=["One."])
    data = step_form(article, [{"id": article.steps.get().pk, "position": 1, "body": "Uno."}])
    data["version_note"] = "Spanish first step."
    response = staff_client.post(reverse("admin:faq_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    newest = versions(article)[0]
    # A superuser's save of a published article: review skipped, and said so.
    assert newest.revision.comment == "Spanish first step. (Saved by editor without review.)"
    assert newest.revision.user.get_username() == "editor"
    assert [s.body for s in selectors.versioned_steps(newest)] == ["Uno."]


def test_an_admin_minor_edit_keeps_last_updated(staff_client):
    article = make_article("Q?")
    long_ago = timezone.now() - timedelta(days=30)
    Article.objects.filter(pk=article.pk).update(updated_at=long_ago)
    data = step_form(article, [])
    data.update(answer_intro="A typo fixed.", minor_edit="on")
    staff_client.post(reverse("admin:faq_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.answer_intro == "A typo fixed."
    assert article.updated_at == long_ago


def test_the_publish_and_unpublish_actions(staff_client):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(2)]
    url = reverse("admin:faq_article_changelist")
    ids = [a.pk for a in drafts]
    response = staff_client.post(url, {"action": "publish", "_selected_action": ids}, follow=True)
    assert "2 articles published." in response.content.decode()
    assert Article.objects.published().filter(pk__in=ids).count() == 2
    staff_client.post(url, {"action": "unpublish", "_selected_action": ids[:1]})
    assert Article.objects.published().filter(pk__in=ids).count() == 1


def test_versions_page_and_diff_page_show_what_changed(staff_client):
    article = make_article("Old?", steps=["One."])
    first = versions(article)[0]
    article.question = "New?"
    services.article_save(article=article)
    services.article_version_record(article=article, note="Renamed.")

    listing = staff_client.get(reverse("admin:faq_article_versions", args=[article.pk]))
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "Renamed." in page
    assert "Created." in page
    assert "Current" in page

    diff = staff_client.get(reverse("admin:faq_article_version", args=[article.pk, first.pk]))
    page = diff.content.decode()
    assert "<del>Old?</del><ins>New?</ins>" in page
    assert "Restore this version" in page


def test_restore_through_the_admin_shows_on_the_very_next_page_view(client, staff_client):
    article = make_article("Old?", steps=["One."])
    first = versions(article)[0]
    assert "Old?" in client.get(article.get_absolute_url()).content.decode()
    article.question = "New?"
    services.article_save(article=article)
    services.article_version_record(article=article)
    assert "New?" in client.get(article.get_absolute_url()).content.decode()

    url = reverse("admin:faq_article_version_restore", args=[article.pk, first.pk])
    response = staff_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:faq_article_versions", args=[article.pk])
    assert "Old?" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("version_id", ["99999999", "0", "abc", "1" * 40])
def test_junk_or_unknown_version_ids_get_a_404_and_change_nothing(staff_client, version_id):
    article = make_article("Q?")
    base = reverse("admin:faq_article_versions", args=[article.pk])
    assert staff_client.get(f"{base}{version_id}/").status_code == 404
    assert staff_client.post(f"{base}{version_id}/restore/").status_code == 404
    assert len(versions(article)) == 1


def test_a_version_of_another_article_is_a_404_in_the_admin(staff_client):
    article, other = make_article("Mine?"), make_article("Theirs?")
    foreign = versions(other)[0]
    url = reverse("admin:faq_article_version", args=[article.pk, foreign.pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url + "restore/").status_code == 404
    article.refresh_from_db()
    assert article.question == "Mine?"


def test_restore_needs_a_post_with_csrf(client):
    article = make_article("Q?")
    version = versions(article)[0]
    url = reverse("admin:faq_article_version_restore", args=[article.pk, version.pk])
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(make_staff_superuser())
    assert csrf_client.get(url).status_code == 405
    assert csrf_client.post(url).status_code == 403
    assert len(versions(article)) == 1


def make_staff_superuser():
    user = make_staff()
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def history_urls(article) -> list[tuple[str, str]]:
    version = versions(article)[0]
    return [
        ("get", reverse("admin:faq_article_versions", args=[article.pk])),
        ("get", reverse("admin:faq_article_version", args=[article.pk, version.pk])),
        ("post", reverse("admin:faq_article_version_restore", args=[article.pk, version.pk])),
    ]


def test_anonymous_readers_get_the_sign_in_page_and_non_staff_a_403(client, django_user_model):
    article = make_article("Secret question?")
    for method, url in history_urls(article):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    client.force_login(django_user_model.objects.create_user(username="reader", password="x"))
    for method, url in history_urls(article):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "Secret question?" not in response.content.decode()


def test_staff_who_may_only_view_articles_see_versions_but_cannot_restore(client):
    article = make_article("Q?")
    viewer = make_staff()
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    (get_list, get_diff, post_restore) = history_urls(article)
    assert client.get(get_list[1]).status_code == 200
    page = client.get(get_diff[1]).content.decode()
    assert "Restore this version" not in page
    assert client.post(post_restore[1]).status_code == 403
    assert len(versions(article)) == 1


def test_restore_keeps_the_funnel_counts_of_a_step_brought_back():
    article = make_article(steps=["One.", "Two."])
    first = versions(article)[0]
    one, two = article.steps.order_by("position")
    visitor = make_visitor()
    services.step_check(article=article, visitor=visitor.ref, step=two, language="en")
    edit_steps(article, [(one, "One.")])
    services.article_version_restore(article=article, version_id=first.pk)
    run = Run.objects.get(visitor=visitor)
    assert run.furthest_position == 2
    assert Check.objects.get(run=run).step_id == two.pk


def test_line_ends_a_browser_changes_are_not_a_change():
    article = make_article("Q?", answer_intro="One.\nTwo.", steps=["A\nB"])
    version = versions(article)[0]
    article.answer_intro = "One.\r\nTwo."
    services.article_save(article=article)
    edit_steps(article, [(article.steps.get(), "A\r\nB")])
    assert not selectors.article_diff(article=article, version_id=version.pk).changed


def test_restore_brings_back_a_screenshot_and_the_diff_names_it():
    article = make_article("Q?", steps=["Open the preferences."])
    step = article.steps.get()
    services.step_image_set(step=step, upload=upload(png(800, 500)), alt="The Sync pane")
    services.article_version_record(article=article, note="With a screenshot.")
    with_image = versions(article)[0]
    step.refresh_from_db()
    name = step.image.name

    services.step_image_clear(step=step)
    services.article_version_record(article=article, note="Without.")
    diff = selectors.article_diff(article=article, version_id=with_image.pk)
    assert [(s.kind, s.image_note) for s in diff.steps] == [("changed", "Screenshot removed.")]

    services.article_version_restore(article=article, version_id=with_image.pk)
    step.refresh_from_db()
    assert (step.image.name, step.image_alt) == (name, "The Sync pane")
    assert len(step.image_renditions) == 2
    assert "srcset" in Client().get(article.get_absolute_url()).content.decode()
