"""step_tick: a tick checked, written and read back in one transaction, and on PostgreSQL
in one statement (a function of the database rendered from the same statements, and
installed by a migration from a committed file)."""

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faq import services
from faq.models import Article, Check, Run, Step, Visitor, VisitorRef
from faq.selectors.readers import article_state_query
from faq.services import ticks
from faq.statements.tracking import FUNCTION, TICK_CALL, tick_function_sql
from tests.factories import make_article

pytestmark = pytest.mark.django_db
FUNCTION_FILES = Path(__file__).resolve().parent.parent / "faq" / "migrations" / "sql"
ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tick function is PostgreSQL's"
)


def tick(article, position, *, visitor, done=True, language="en"):
    step = article.steps.get(position=position)
    return services.step_tick(
        article_id=article.pk, step_id=step.pk, visitor=visitor, done=done, language=language
    )


def test_a_first_tick_makes_the_readers_row_and_run_and_reads_them_back():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    result = tick(article, 2, visitor=reader)
    visitor = Visitor.objects.get(key=reader.key)
    run = Run.objects.get(visitor=visitor, article=article)
    assert result.state.run.pk == run.pk
    assert result.state.done_ids == {article.steps.get(position=2).pk}
    assert (result.article.pk, result.article.slug) == (article.pk, article.slug)
    # The page's counters and content version come back with it.
    assert result.article.view_count == article.view_count
    assert result.article.content_version >= 0
    tick(article, 3, visitor=reader)
    assert Visitor.objects.filter(key=reader.key).count() == 1


def test_a_signed_in_reader_ticks_by_their_account():
    user = get_user_model().objects.create_user("reader")
    article = make_article(steps=2)
    result = tick(article, 1, visitor=VisitorRef(user_id=user.pk))
    assert Visitor.objects.get(user=user).runs.get().pk == result.state.run.pk


def test_taking_a_tick_back_reads_back_the_steps_still_done():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader)
    tick(article, 2, visitor=reader)
    result = tick(article, 1, visitor=reader, done=False)
    assert result.state.done_ids == {article.steps.get(position=2).pk}


def test_a_run_keeps_the_language_it_started_in_and_each_check_the_language_of_its_tick():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader, language="sv")
    tick(article, 2, visitor=reader, language="en")
    # Ticked again in German: it counts once, and keeps the language it was ticked in.
    tick(article, 1, visitor=reader, language="de")
    run = Run.objects.get()
    assert run.language == "sv"
    assert dict(run.checks.values_list("step__position", "language")) == {1: "sv", 2: "en"}
    # Taken back and ticked again: the new tick's language.
    tick(article, 1, visitor=reader, done=False, language="de")
    tick(article, 1, visitor=reader, language="de")
    assert dict(run.checks.values_list("step__position", "language")) == {1: "de", 2: "en"}
    assert Run.objects.get().language == "sv"


def test_after_a_reset_the_next_run_starts_in_the_language_of_its_first_tick():
    article, reader = make_article(steps=2), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader, language="sv")
    services.run_reset(article=article, visitor=reader)
    tick(article, 2, visitor=reader, language="de")
    assert list(Run.objects.order_by("pk").values_list("language", flat=True)) == ["sv", "de"]


@pytest.mark.parametrize("case", ["removed step", "another article's step", "draft", "no article"])
def test_a_step_that_cannot_be_ticked_writes_nothing(case):
    article, reader = make_article(steps=2), VisitorRef(key=uuid.uuid4())
    step = article.steps.get(position=1)
    article_id = article.pk
    if case == "removed step":
        services.step_list_save(
            article=article,
            steps=[services.StepInput(body="Only", position=1, step=article.steps.get(position=2))],
            deleted=[step],
        )
    elif case == "another article's step":
        article_id = make_article(steps=1).pk
    elif case == "draft":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    else:
        article_id = 10**9
    result = services.step_tick(
        article_id=article_id, step_id=step.pk, visitor=reader, done=True, language="en"
    )
    assert result is None
    assert not Visitor.objects.filter(key=reader.key).exists()
    assert not Run.objects.exists()
    assert not Check.objects.exists()


@ON_POSTGRES
def test_on_postgresql_a_tick_is_one_statement():
    article, reader = make_article(steps=3), VisitorRef(key=uuid.uuid4())
    tick(article, 1, visitor=reader)
    step = article.steps.get(position=2)
    with CaptureQueriesContext(connection) as ctx:
        services.step_tick(
            article_id=article.pk, step_id=step.pk, visitor=reader, done=True, language="en"
        )
    assert [q["sql"].split("(")[0] for q in ctx.captured_queries] == ["SELECT * FROM faq_step_tick"]


@ON_POSTGRES
def test_a_server_still_calling_the_function_without_a_language_ticks_in_english():
    """While a deploy migrates, servers not yet restarted call the function as before."""
    article, reader = make_article(steps=2), VisitorRef(key=uuid.uuid4())
    _, params = article_state_query(article_id=article.pk)
    params.update(
        step=article.steps.get(position=1).pk, key=reader.key, user=None, done=True,
        now=timezone.now(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(TICK_CALL.replace(", %(language)s)", ")"), params)
        assert cursor.fetchall()
    assert Run.objects.get().language == Check.objects.get().language == "en"


def newest_function_file() -> Path:
    return sorted(FUNCTION_FILES.glob("*_step_tick.sql"))[-1]


def test_the_newest_function_file_is_what_the_templates_render():
    """The function is rendered from the statements SQLite runs; a migration installs the
    committed file, which never changes once a database has run it."""
    newest = newest_function_file()
    assert newest.read_text() == tick_function_sql(), (
        f"{newest} is not what faq/statements/tracking.py renders. Render the function "
        "into a new file, `python -m faq.statements.tracking "
        "faq/migrations/sql/<next migration's number>_step_tick.sql`, and add the migration "
        "that installs it (see 0014_step_tick_function.py); never change a file a "
        "migration has installed."
    )
    installers = [
        m.name for m in FUNCTION_FILES.parent.glob("0*.py") if newest.name in m.read_text()
    ]
    assert installers, f"no migration installs {newest.name}"


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_migrate_installs_the_newest_file_and_unapplying_it_drops_the_function():
    def source() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [FUNCTION])
            return [row[0] for row in cursor.fetchall()]

    def body(name: str) -> str:
        return (FUNCTION_FILES / name).read_text().split("$$")[1]

    assert source() == [newest_function_file().read_text().split("$$")[1]]
    # Unapplying the migration that changed the function's arguments puts back the
    # one before, alone (not beside it, as a function of other arguments would be).
    call_command("migrate", "faq", "0014", verbosity=0)
    assert source() == [body("0014_step_tick.sql")]
    call_command("migrate", "faq", "0013", verbosity=0)
    assert source() == []
    call_command("migrate", verbosity=0)
    assert source() == [body("0017_step_tick.sql")]


class Clock:
    """timezone.now, moved on by hand, the same for both ways of ticking."""

    def __init__(self):
        self.now = timezone.now().replace(microsecond=250_000)

    def __call__(self):
        return self.now


def rows_of(ref: VisitorRef) -> tuple:
    """What the reader's ticks left: their visitor row's time, their runs and checks, ids
    of their own rows left out (the two readers' differ)."""
    visitor = Visitor.objects.get(**({"user_id": ref.user_id} if ref.user_id else {"key": ref.key}))
    runs = list(Run.objects.filter(visitor=visitor).order_by("pk"))
    number = {run.pk: n for n, run in enumerate(runs)}
    checks = sorted(
        (number[c.run_id], c.step_id, c.checked_at, c.run_started_at, c.seconds, c.language)
        for c in Check.objects.filter(run__in=runs)
    )
    fields = (
        "started_at",
        "updated_at",
        "finished_at",
        "reset_at",
        "outcome",
        "furthest_position",
        "language",
    )
    return visitor.created_at, [[getattr(r, f) for f in fields] for r in runs], checks


def answer_of(result) -> tuple | None:
    if result is None:
        return None
    state = result.state
    run = None if state.run is None else state.run.outcome
    return result.article, run, state.changed, state.done_ids, state.stuck_ids, state.vote


@ON_POSTGRES
def test_a_tick_through_the_committed_function_leaves_what_the_statements_leave(monkeypatch):
    """One reader ticks through the function loaded from the committed file, another
    through the statements SQLite runs, the same steps at the same times: the same
    answers and the same rows, through every branch of a tick."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION {FUNCTION}")
        cursor.execute(newest_function_file().read_text())
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    article = make_article(steps=5)
    user_a, user_b = (get_user_model().objects.create_user(name) for name in ("a", "b"))
    # (through the function, through the statements): by cookie id, and signed in.
    pairs = [
        (VisitorRef(key=uuid.uuid4()), VisitorRef(key=uuid.uuid4())),
        (VisitorRef(user_id=user_a.pk), VisitorRef(user_id=user_b.pk)),
    ]

    def both(step: Step, *, done: bool = True) -> None:
        clock.now += timedelta(minutes=1.5)
        # Readers switch languages as they go: each run and check keeps its own.
        language = ("en", "sv", "de")[step.position % 3]
        for refs in pairs:
            answers = [
                answer_of(
                    ticks._tick(
                        article_id=article.pk,
                        step_id=step.pk,
                        visitor=ref,
                        done=done,
                        in_function=in_function,
                        language=language,
                    )
                )
                for ref, in_function in zip(refs, (True, False), strict=True)
            ]
            assert answers[0] == answers[1], (step.position, done)
            assert rows_of(refs[0]) == rows_of(refs[1]), (step.position, done)

    s1, s2, s3, s4, s5 = article.steps.order_by("position")
    # Out of order, twice, taken back (and the next step's time with it), finished.
    ticked = [(s2, True), (s1, True), (s3, True), (s3, True), (s2, False), (s2, True),
              (s3, False), (s4, True), (s3, True), (s5, True), (s5, False), (s5, True)]  # fmt: skip
    for step, done in ticked:
        both(step, done=done)
    assert all(runs[0][2] is not None for _, runs, _ in map(rows_of, pairs[0])), "not finished"
    # A new run after a reset; then an edit removes step 3, which can no longer be ticked.
    for ref in (ref for refs in pairs for ref in refs):
        services.run_reset(article=article, visitor=ref)
    for step in (s1, s2, s4):
        both(step)
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body=s.body, position=s.position, step=s) for s in (s1, s2, s4, s5)
        ],
        deleted=[s3],
    )
    both(s3)
    both(s5)
    both(s4, done=False)
    both(s1, done=False)
    assert len(rows_of(pairs[1][0])[1]) == 2
