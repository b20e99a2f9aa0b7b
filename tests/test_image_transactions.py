"""Screenshots are stored before a transaction opens, and transactions only write rows."""

import hashlib
from itertools import count

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import pre_save

from faq import services
from faq.images import PIPELINE, image_inspect, image_render
from faq.models import ContentVersion, Step
from faq.services import articles as article_services
from faq.services import images as image_services
from faq.transactions import (
    TransactionStateError,
    assert_in_transaction,
    assert_no_transaction,
    transaction_open,
)
from tests.factories import make_article, make_topic, png, upload
from tests.test_images import admin_post, admin_rows

pytestmark = pytest.mark.django_db

# A colour no other test draws with, so each image here is new to the storage.
_shade = count(0x103050)


def new_png(width: int = 1200, height: int = 700) -> bytes:
    return png(width, height, colour=f"#{next(_shade):06x}")


class SpyStorage(FileSystemStorage):
    """The folder storage, noting for each file it writes whether a transaction was open."""

    # One list for every instance: the fixture empties it.
    saves: list[tuple[str, bool]] = []

    def _save(self, name, content):
        self.saves.append((name, connection.in_atomic_block))
        return super()._save(name, content)


@pytest.fixture
def storage(settings, tmp_path):
    """A spying storage in a folder of its own, so every rendition is written anew."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.SpyStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    SpyStorage.saves.clear()
    yield Step._meta.get_field("image").storage
    SpyStorage.saves.clear()


@pytest.fixture
def row_writes():
    """For each step row saved, whether a transaction was open."""
    seen = []

    def note(sender, instance, **kwargs):
        seen.append(connection.in_atomic_block)

    pre_save.connect(note, sender=Step, weak=False)
    yield seen
    pre_save.disconnect(note, sender=Step)


def content_names(data: bytes, widths) -> list[str]:
    """The renditions' names as the upload's content decides them."""
    digest = hashlib.sha256(PIPELINE.encode() + data).hexdigest()[:24]
    return [f"steps/{digest}-{w}.png" for w in widths]


def assert_content_addressed(storage, data: bytes, widths) -> None:
    renditions = image_render(image_inspect(upload(data)))
    assert sorted(renditions) == sorted(widths)
    for name, width in zip(content_names(data, widths), widths, strict=True):
        with storage.open(name) as file:
            assert file.read() == renditions[width]


ROW = ("position", "body", "image", "image_width", "image_height", "image_renditions", "image_alt")


def step_row(step: Step) -> tuple:
    return tuple(Step.all_objects.filter(pk=step.pk).values_list(*ROW).get())


def content_version() -> int:
    return ContentVersion.objects.values_list("value", flat=True).first() or 0


# (a) Files are written with no transaction open; rows inside one.
# These tests run without the test case's own transaction, so what they see
# of `in_atomic_block` is what a server sees.


@pytest.mark.django_db(transaction=True)
def test_step_image_set_stores_files_before_its_transaction(storage, row_writes):
    step = make_article(steps=1).steps.get()
    row_writes.clear()
    data = new_png(1600, 900)
    services.step_image_set(step=step, upload=upload(data), alt="The Sync pane")
    assert SpyStorage.saves == [(name, False) for name in content_names(data, [480, 960, 1440])]
    assert row_writes == [True]
    step.refresh_from_db()
    assert step.image.name == content_names(data, [1440])[0]


@pytest.mark.django_db(transaction=True)
def test_step_list_save_stores_files_before_its_transaction(storage, row_writes):
    article = make_article(steps=["Open Preferences.", "Press Sync."])
    first, second = article.steps.order_by("position")
    row_writes.clear()
    one, two = new_png(900, 500), new_png(500, 300)
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(
                body="Press Sync.", position=1, step=second, image=upload(two), image_alt="Two"
            ),
            services.StepInput(
                body="Open Preferences.", position=2, step=first, image=upload(one), image_alt="One"
            ),
        ],
    )
    written = {name for name, _ in SpyStorage.saves}
    assert written == {*content_names(one, [480, 900]), *content_names(two, [480, 500])}
    assert len(SpyStorage.saves) == 4
    assert not any(in_atomic for _, in_atomic in SpyStorage.saves)
    assert row_writes == [True, True]
    second.refresh_from_db()
    assert (second.position, second.image.name) == (1, content_names(two, [500])[0])


@pytest.mark.django_db(transaction=True)
def test_the_admin_stores_files_before_its_transaction(staff_client, storage, row_writes):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    row_writes.clear()
    data = new_png(1000, 600)
    response = admin_post(
        staff_client,
        article,
        admin_rows(article, image_upload=upload(data), image_alt="In the admin"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SpyStorage.saves == [(name, False) for name in content_names(data, [480, 960, 1000])]
    assert row_writes
    assert all(row_writes)
    step = article.steps.get(position=2)
    assert (step.image.name, step.image_alt) == (content_names(data, [1000])[0], "In the admin")


@pytest.mark.django_db(transaction=True)
def test_the_demo_stores_its_screenshot_before_its_transaction(storage):
    from demo.loader import demo_load

    demo_load()
    assert [w for w in SpyStorage.saves if not w[0].startswith("steps/")] == []
    assert len(SpyStorage.saves) == 3
    assert not any(in_atomic for _, in_atomic in SpyStorage.saves)
    assert Step.objects.exclude(image="").count() == 1
    # Loading again finds the files: nothing is written twice.
    demo_load()
    assert len(SpyStorage.saves) == 3


# (b) When the database part fails after the files were stored, the database
# is as it was, and the files are named by their content (harmless, reused).


@pytest.mark.django_db(transaction=True)
def test_a_failed_step_image_set_leaves_the_row_and_content_addressed_files(storage, monkeypatch):
    step = make_article(steps=1).steps.get()
    services.step_image_set(step=step, upload=upload(new_png(700, 400)), alt="Old shot")
    before, version = step_row(step), content_version()

    def fail():
        raise DatabaseError("the database went away")

    monkeypatch.setattr(image_services, "content_version_bump", fail)
    data = new_png(1200, 600)
    with pytest.raises(DatabaseError):
        services.step_image_set(step=step, upload=upload(data), alt="New shot")
    assert step_row(step) == before
    assert content_version() == version
    assert_content_addressed(storage, data, [480, 960, 1200])

    monkeypatch.undo()
    saved = len(SpyStorage.saves)
    services.step_image_set(step=step, upload=upload(data), alt="New shot")
    assert len(SpyStorage.saves) == saved, "the files stored before were made again"
    step.refresh_from_db()
    assert (step.image.name, step.image_alt) == (content_names(data, [1200])[0], "New shot")


@pytest.mark.django_db(transaction=True)
def test_a_failed_step_list_save_leaves_the_rows_and_content_addressed_files(storage, monkeypatch):
    article = make_article(steps=["Open Preferences.", "Press Sync."])
    first, second = article.steps.order_by("position")
    before = [step_row(first), step_row(second)]
    version, changed_at = content_version(), article.steps_changed_at
    data = new_png(1000, 500)
    inputs = [
        services.StepInput(body="Sync now.", position=1, step=second),
        services.StepInput(
            body="Open Preferences!", position=2, step=first, image=upload(data), image_alt="Prefs"
        ),
    ]

    def fail(**kwargs):
        # After the step rows were written: the last part of the save.
        raise DatabaseError("the database went away")

    monkeypatch.setattr(article_services, "search_index_update", fail)
    with pytest.raises(DatabaseError):
        services.step_list_save(article=article, steps=inputs)
    assert [step_row(first), step_row(second)] == before
    assert content_version() == version
    article.refresh_from_db()
    assert article.steps_changed_at == changed_at
    assert_content_addressed(storage, data, [480, 960, 1000])

    monkeypatch.undo()
    saved = len(SpyStorage.saves)
    services.step_list_save(article=article, steps=inputs)
    assert len(SpyStorage.saves) == saved
    first.refresh_from_db()
    assert (first.position, first.body, first.image.name) == (
        2,
        "Open Preferences!",
        content_names(data, [1000])[0],
    )


@pytest.mark.django_db(transaction=True)
def test_an_admin_save_refused_after_storing_changes_nothing(staff_client, storage):
    article = make_article(steps=["Open Preferences.", "Press Sync."], topics=[make_topic()])
    second = article.steps.get(position=2)
    data = new_png(800, 450)
    rows = admin_rows(article, image_upload=upload(data), image_alt="Prefs", body="New")
    # The other step's number is taken twice: the form set is refused.
    rows[0]["position"] = 2
    response = admin_post(staff_client, article, rows)
    assert response.status_code == 200
    assert "duplicate step numbers" in response.content.decode()
    assert step_row(second)[1:] == ("Press Sync.", "", None, None, [], "")
    assert_content_addressed(storage, data, [480, 800])


def test_a_screenshot_without_alt_text_is_refused_before_anything_is_stored(storage):
    article = make_article(steps=["Open Preferences."])
    step = article.steps.get()
    with pytest.raises(ValueError, match="step 1 needs alt text"):
        services.step_list_save(
            article=article,
            steps=[
                services.StepInput(body="Open.", position=1, step=step, image=upload(new_png()))
            ],
        )
    assert SpyStorage.saves == []
    assert step_row(step)[1] == "Open Preferences."


# (c) Helpers on the wrong side of a transaction raise.


@pytest.mark.django_db(transaction=True)
def test_the_helpers_know_which_side_of_a_transaction_they_are_on():
    assert not transaction_open()
    assert_no_transaction("Storing files")
    with pytest.raises(TransactionStateError, match="Writing rows must run inside a transaction"):
        assert_in_transaction("Writing rows")
    with transaction.atomic():
        assert transaction_open()
        assert_in_transaction("Writing rows")
        with pytest.raises(TransactionStateError, match="Storing files must run before"):
            assert_no_transaction("Storing files")
        # A savepoint is inside the same transaction.
        with transaction.atomic(), pytest.raises(TransactionStateError):
            assert_no_transaction("Storing files")
    assert not transaction_open()


def test_a_test_cases_own_transaction_is_not_one_the_code_opened():
    # pytest-django wraps this test in an atomic block, as Django's TestCase does.
    assert connection.in_atomic_block
    assert not transaction_open()
    assert_no_transaction("Storing files")
    with pytest.raises(TransactionStateError):
        assert_in_transaction("Writing rows")
    with transaction.atomic():
        assert_in_transaction("Writing rows")


def test_storing_inside_a_transaction_is_refused_and_stores_nothing(storage):
    article = make_article(steps=["Open Preferences."])
    step = article.steps.get()
    before = step_row(step)
    calls = [
        lambda: services.step_image_store(upload=upload(new_png())),
        lambda: services.step_image_set(step=step, upload=upload(new_png()), alt="Prefs"),
        lambda: services.step_list_save(
            article=article,
            steps=[
                services.StepInput(
                    body="Open.", position=1, step=step, image=upload(new_png()), image_alt="P"
                )
            ],
        ),
    ]
    for call in calls:
        with transaction.atomic(), pytest.raises(TransactionStateError, match="before any"):
            call()
    assert SpyStorage.saves == []
    assert step_row(step) == before


def test_renditions_stored_first_may_be_set_inside_a_transaction(storage):
    article = make_article(steps=["Open Preferences.", "Press Sync."])
    first, second = article.steps.order_by("position")
    one, two = new_png(600, 300), new_png(640, 320)
    stored_one = services.step_image_store(upload=upload(one))
    stored_two = services.step_image_store(upload=upload(two))
    saved = len(SpyStorage.saves)
    with transaction.atomic():
        services.step_image_set(step=first, upload=stored_one, alt="One")
        services.step_list_save(
            article=article,
            steps=[
                services.StepInput(body=first.body, position=1, step=first),
                services.StepInput(
                    body=second.body, position=2, step=second, image=stored_two, image_alt="Two"
                ),
            ],
        )
    assert len(SpyStorage.saves) == saved
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.image.name, first.image_alt) == (content_names(one, [600])[0], "One")
    assert [r["width"] for r in second.image_renditions] == [480, 640]


def test_row_writers_outside_a_transaction_are_refused():
    article = make_article(steps=["Open Preferences."])
    step = article.steps.get()
    with pytest.raises(TransactionStateError, match="Writing an article's steps"):
        article_services._steps_write(
            article=article,
            steps=[services.StepInput(body="Changed.", position=1, step=step)],
            deleted=[],
        )
    with pytest.raises(TransactionStateError, match="Writing a step's screenshot"):
        image_services._step_image_write(step=step, stored=None, alt="")
    assert step_row(step)[1] == "Open Preferences."
