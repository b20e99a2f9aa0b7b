"""The step tracker's services and the progress selector."""

import pytest
from django.db import IntegrityError, transaction

from faq import selectors, services
from faq.models import Check, Run, StuckReport, VisitorRef
from tests.factories import make_article, make_visitor

pytestmark = pytest.mark.django_db


def ref(visitor):
    return VisitorRef(user_id=visitor.user_id, key=visitor.key)


def progress(article, visitor):
    article.refresh_from_db()
    steps = list(article.steps.order_by("position"))
    return selectors.step_progress(article=article, steps=steps, visitor=ref(visitor))


def check(article, visitor, *positions):
    for position in positions:
        services.step_check(
            article=article,
            visitor=visitor.ref,
            step=article.steps.get(position=position),
            language="en",
        )


def test_checks_make_one_run_and_count_once():
    article, visitor = make_article(steps=3), make_visitor()
    check(article, visitor, 1, 1, 2)
    assert Run.objects.count() == 1
    assert Check.objects.count() == 2
    state = progress(article, visitor)
    assert (state.done, state.total, state.next_position, state.finished) == (2, 3, 3, False)


def test_the_last_check_finishes_the_run_once():
    article, visitor = make_article(steps=2), make_visitor()
    check(article, visitor, 2, 1)
    run = Run.objects.get()
    first_finish = run.finished_at
    assert first_finish is not None
    services.step_uncheck(
        article=article, visitor=visitor.ref, step=article.steps.get(position=1), language="en"
    )
    check(article, visitor, 1)
    run.refresh_from_db()
    assert run.finished_at == first_finish
    assert progress(article, visitor).finished


def test_uncheck_is_allowed_and_harmless_twice():
    article, visitor = make_article(steps=3), make_visitor()
    check(article, visitor, 1, 2)
    step = article.steps.get(position=2)
    for _ in range(2):
        services.step_uncheck(article=article, visitor=visitor.ref, step=step, language="en")
    assert progress(article, visitor).done == 1
    fresh = make_article(steps=1)
    state = services.step_uncheck(
        article=fresh, visitor=visitor.ref, step=fresh.steps.get(), language="en"
    )
    assert state.run is None
    assert not Run.objects.filter(article=fresh).exists()


def test_database_allows_one_check_per_step_and_run():
    article, visitor = make_article(steps=1), make_visitor()
    check(article, visitor, 1)
    run = Run.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Check.objects.create(run=run, step=article.steps.get(), run_started_at=run.started_at)


def test_database_allows_one_active_run_per_visitor_and_article():
    article, visitor = make_article(steps=1), make_visitor()
    Run.objects.create(article=article, visitor=visitor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(article=article, visitor=visitor)


def test_a_step_of_another_article_is_refused():
    article, other, visitor = make_article(steps=1), make_article(steps=1), make_visitor()
    with pytest.raises(ValueError, match="another article"):
        services.step_check(
            article=article, visitor=visitor.ref, step=other.steps.get(), language="en"
        )
    assert Check.objects.count() == 0


def test_reset_starts_a_new_run_and_keeps_the_old_one():
    article, visitor = make_article(steps=3), make_visitor()
    check(article, visitor, 1, 2)
    services.run_reset(article=article, visitor=visitor.ref)
    assert progress(article, visitor).done == 0
    check(article, visitor, 3)
    assert Run.objects.count() == 2
    assert Run.objects.filter(reset_at__isnull=False).get().checks.count() == 2
    assert progress(article, visitor).done == 1


def test_outcome_only_on_a_finished_run():
    article, visitor = make_article(steps=2), make_visitor()
    check(article, visitor, 1)
    assert (
        services.run_outcome_set(article=article, visitor=visitor.ref, worked=True, language="en")
        is None
    )
    check(article, visitor, 2)
    run = services.run_outcome_set(
        article=article, visitor=visitor.ref, worked=False, language="en"
    )
    assert run.outcome == Run.Outcome.FAILED


def test_stuck_reports_and_failed_outcomes_carry_the_language_they_were_said_in():
    article, visitor = make_article(steps=2), make_visitor()
    report = services.stuck_report_file(
        article=article,
        visitor=visitor.ref,
        step=article.steps.get(position=1),
        message="Var är menyn?",
        language="sv",
    )
    # Filing it made the run: it starts in the reader's language.
    assert (report.language, report.run.language, report.inbox_item.language) == ("sv",) * 3
    for position in (1, 2):
        services.step_check(
            article=article,
            visitor=visitor.ref,
            step=article.steps.get(position=position),
            language="en",
        )
    run = services.run_outcome_set(
        article=article, visitor=visitor.ref, worked=False, language="de"
    )
    assert (run.language, run.inbox_item.language) == ("sv", "de")


def test_database_refuses_an_outcome_before_the_finish():
    article, visitor = make_article(steps=2), make_visitor()
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(article=article, visitor=visitor, outcome="worked")


def test_stuck_report_records_the_steps_done():
    article, visitor = make_article(steps=8), make_visitor()
    check(article, visitor, 1, 2, 3, 5)
    report = services.stuck_report_file(
        article=article,
        visitor=visitor.ref,
        step=article.steps.get(position=7),
        message="  Hm.  ",
        language="en",
    )
    assert (report.step_position, report.done_positions, report.message) == (7, [1, 2, 3, 5], "Hm.")
    assert report.step_text == "Do thing number 7."
    state = progress(article, visitor)
    assert [row.step.position for row in state.rows if row.stuck] == [7]
    services.inbox_items_mark(item_ids=[report.inbox_item.pk], status="seen", user=None)
    assert [row.step.position for row in progress(article, visitor).rows if row.stuck] == [7]
    services.inbox_items_mark(item_ids=[report.inbox_item.pk], status="resolved", user=None)
    assert not any(row.stuck for row in progress(article, visitor).rows)


def test_progress_survives_an_edit_that_reorders_adds_and_deletes():
    article, visitor = make_article(steps=["A", "B", "C", "D", "E"]), make_visitor()
    a, b, c, d, e = article.steps.order_by("position")
    check(article, visitor, 1, 2, 4)  # A, B, D
    services.step_list_save(
        article=article,
        steps=[
            services.StepInput(body="D", position=1, step=d),
            services.StepInput(body="New", position=2),
            services.StepInput(body="A", position=3, step=a),
            services.StepInput(body="C", position=4, step=c),
            services.StepInput(body="E", position=5, step=e),
        ],
        deleted=[b],
    )
    state = progress(article, visitor)
    assert [(row.step.body, row.done) for row in state.rows] == [
        ("D", True),
        ("New", False),
        ("A", True),
        ("C", False),
        ("E", False),
    ]
    assert (state.done, state.total, state.next_position) == (2, 5, 2)
    assert state.changed_since_start is True


def test_an_unchanged_article_does_not_say_it_changed():
    article, visitor = make_article(steps=2), make_visitor()
    check(article, visitor, 1)
    steps = list(article.steps.order_by("position"))
    services.step_list_save(
        article=article,
        steps=[services.StepInput(body=s.body, position=s.position, step=s) for s in steps],
    )
    assert progress(article, visitor).changed_since_start is False


def test_sign_in_moves_runs_and_the_newer_run_wins(django_user_model):
    user = django_user_model.objects.create_user("reader")
    mine = make_visitor(user)
    anonymous = make_visitor()
    both, only_anon = make_article(steps=3), make_article(steps=2)
    check(both, mine, 1)
    check(both, anonymous, 1, 2)  # later, so it wins
    check(only_anon, anonymous, 1)
    services.stuck_report_file(
        article=only_anon,
        visitor=anonymous.ref,
        step=only_anon.steps.get(position=2),
        message="",
        language="en",
    )
    services.visitor_merge(key=anonymous.key, user_id=user.pk)
    assert progress(both, mine).done == 2
    assert progress(only_anon, mine).done == 1
    assert Run.objects.filter(visitor=mine, article=both).count() == 2
    assert StuckReport.objects.get().visitor == mine


def test_no_visitor_means_no_progress_and_no_queries(django_assert_num_queries):
    article = make_article(steps=3)
    steps = list(article.steps.all())
    with django_assert_num_queries(0):
        state = selectors.step_progress(
            article=article, steps=steps, visitor=VisitorRef(user_id=None, key=None)
        )
    assert (state.done, state.total, state.run) == (0, 3, None)
