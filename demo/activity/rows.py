"""The planned activity written to the database in batches."""

import math
import random
import uuid
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice

from demo.activity.plan import PlannedArticle, PlannedRun, Window, say
from faq.models import ArticleView, Check, Run, StuckReport, Visitor, Vote

BATCH = 5000

# Readers in Swedish and in German, per cent (the rest read in English): enough
# for the statistics' language filters to show something. Drawn from numbers the
# fill has drawn already (a reader's random key), not from the seed's stream, so
# everything else a seed makes stays as it was.
LANGUAGE_SHARES = (("sv", 20), ("de", 10))


def language_of(number: int) -> str:
    """The language of the reader drawn as `number`: by LANGUAGE_SHARES, else English."""
    bucket = number % 100
    for language, share in LANGUAGE_SHARES:
        if bucket < share:
            return language
        bucket -= share
    return "en"


def rows_insert(
    *,
    rng: random.Random,
    catalogue: list[PlannedArticle],
    plan: list[PlannedRun],
    offsets: array,
    views: int,
    window: Window,
    stdout,
) -> dict[str, int]:
    """Write visitors, runs, checks, stuck reports, votes and views in batches."""
    visitors = max((run.visitor for run in plan), default=-1) + 1
    keys = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(visitors)]
    languages = [language_of(key.int) for key in keys]
    first_seen = [math.inf] * visitors
    for run in plan:
        first_seen[run.visitor] = min(first_seen[run.visitor], run.start)
    visitor_pks = []
    for chunk in chunks(
        (Visitor(key=key, created_at=window.at(first_seen[i])) for i, key in enumerate(keys)),
        BATCH,
    ):
        visitor_pks += [visitor.pk for visitor in Visitor.objects.bulk_create(chunk)]
    say(stdout, f"Visitors: {visitors}.")

    ordered = sorted(plan, key=lambda run: run.start)
    checks = stuck_reports = 0
    for number, chunk in enumerate(chunks(ordered, BATCH), start=1):
        rows = Run.objects.bulk_create(
            [run_row(run, catalogue, offsets, visitor_pks, window, languages) for run in chunk]
        )
        for batch in chunks(check_rows(chunk, rows, catalogue, offsets, window), BATCH):
            Check.objects.bulk_create(batch)
            checks += len(batch)
        reports = [
            stuck_row(run, row, catalogue, offsets, visitor_pks, window, languages)
            for run, row in zip(chunk, rows, strict=True)
            if run.stuck is not None
        ]
        StuckReport.objects.bulk_create(reports)
        stuck_reports += len(reports)
        say(stdout, f"Runs: {min(number * BATCH, len(ordered))} of {len(ordered)}.")

    votes = 0
    for chunk in chunks((run for run in ordered if run.vote is not None), BATCH):
        Vote.objects.bulk_create(
            [
                Vote(
                    article_id=catalogue[run.article].pk,
                    visitor_id=visitor_pks[run.visitor],
                    helpful=run.vote.helpful,
                    reason=run.vote.reason,
                    comment=run.vote.comment,
                    language=languages[run.visitor],
                    created_at=window.at(run.start + run.vote.created),
                    updated_at=window.at(run.start + run.vote.updated),
                )
                for run in chunk
            ]
        )
        votes += len(chunk)

    made_views = 0
    for chunk in chunks(view_rows(rng, catalogue, ordered, keys, languages, views, window), BATCH):
        ArticleView.objects.bulk_create(chunk)
        made_views += len(chunk)
    return {
        "visitors": visitors,
        "runs": len(plan),
        "checks": checks,
        "stuck_reports": stuck_reports,
        "votes": votes,
        "views": made_views,
    }


def chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def last_tick(run: PlannedRun, offsets: array) -> float:
    return offsets[run.first + run.ticks - 1] if run.ticks else 0.0


def run_row(
    run: PlannedRun,
    catalogue: list[PlannedArticle],
    offsets: array,
    visitor_pks: list[int],
    window: Window,
    languages: list[str],
) -> Run:
    article = catalogue[run.article]
    finished = run.ticks == len(article.step_ids)
    return Run(
        article_id=article.pk,
        visitor_id=visitor_pks[run.visitor],
        started_at=window.at(run.start),
        updated_at=window.at(run.start + run.updated),
        finished_at=window.at(run.start + last_tick(run, offsets)) if finished else None,
        reset_at=None if run.reset_at is None else window.at(run.reset_at),
        outcome=run.outcome,
        language=languages[run.visitor],
    )


def check_rows(
    runs: list[PlannedRun],
    rows: list[Run],
    catalogue: list[PlannedArticle],
    offsets: array,
    window: Window,
) -> Iterator[Check]:
    """The runs' checks, their seconds left for the funnel's recount to fill; each in its
    run's language (a reader here keeps to one)."""
    for run, row in zip(runs, rows, strict=True):
        article = catalogue[run.article]
        for n in range(run.ticks):
            yield Check(
                run_id=row.pk,
                step_id=article.step_ids[n],
                checked_at=window.at(run.start + offsets[run.first + n]),
                run_started_at=row.started_at,
                language=row.language,
            )


def stuck_row(
    run: PlannedRun,
    row: Run,
    catalogue: list[PlannedArticle],
    offsets: array,
    visitor_pks: list[int],
    window: Window,
    languages: list[str],
) -> StuckReport:
    article = catalogue[run.article]
    if run.stuck is None:
        raise ValueError("Only a planned run that got stuck has a stuck report.")
    said, message = run.stuck
    return StuckReport(
        article_id=article.pk,
        step_id=article.step_ids[run.ticks],
        step_position=article.positions[run.ticks],
        step_text=article.bodies[run.ticks],
        visitor_id=visitor_pks[run.visitor],
        run_id=row.pk,
        done_positions=article.positions[: run.ticks],
        message=message,
        language=languages[run.visitor],
        created_at=window.at(run.start + said),
    )


def view_rows(
    rng: random.Random,
    catalogue: list[PlannedArticle],
    runs: list[PlannedRun],
    keys: list[uuid.UUID],
    languages: list[str],
    extra: int,
    window: Window,
) -> Iterator[ArticleView]:
    """A view on each run's first day (once a reader, article and day), then the extra views."""
    seen: set[tuple[int, int, int]] = set()
    for run in runs:
        day = window.day_index(run.start)
        if (run.article, run.visitor, day) in seen:
            continue
        seen.add((run.article, run.visitor, day))
        yield ArticleView(
            article_id=catalogue[run.article].pk,
            visitor_key=f"a:{keys[run.visitor].hex}",
            day=window.day(day),
            language=languages[run.visitor],
        )
    if not catalogue or not extra:
        return
    # Readers who only read: some read more than one article, or on more days.
    ranks = list(accumulate(1 / rank for rank in range(1, len(catalogue) + 1)))
    day_weights = list(accumulate(window.day_weights()))
    read: set[tuple[int, int, int]] = set()
    for i in range(extra):
        for _ in range(20):
            reader = rng.randrange(extra)
            article = rng.choices(range(len(catalogue)), cum_weights=ranks)[0]
            day = rng.choices(range(window.days), cum_weights=day_weights)[0]
            if (article, reader, day) not in read:
                break
        else:
            # Crowded: a reader of their own, who cannot have read it already.
            reader = extra + i
        read.add((article, reader, day))
        yield ArticleView(
            article_id=catalogue[article].pk,
            visitor_key=f"g:{reader}",
            day=window.day(day),
            language=language_of(reader),
        )
