"""Fill a database with reader activity: the entry point, which never touches real readers."""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from demo.activity.articles import articles_fill
from demo.activity.plan import Window, catalogue_build, runs_plan, say
from demo.activity.rows import rows_insert
from demo.loader import demo_load
from faq import services
from faq.models import Run, Visitor, Vote


class ActivityExistsError(Exception):
    """The database already has readers; the generator only fills a fresh one."""


@dataclass(frozen=True)
class ActivitySummary:
    """What one fill made, table by table."""

    articles: int
    steps: int
    visitors: int
    runs: int
    checks: int
    stuck_reports: int
    votes: int
    views: int
    inbox_items: int
    # The most checks the runs could have made (every run ticking every step).
    checks_possible: int


def activity_fill(
    *,
    articles: int,
    runs: int,
    checks: int,
    views: int,
    seed: int,
    days: int,
    end: date,
    stdout=None,
) -> ActivitySummary:
    """Load the demo, add articles up to `articles`, and fill in readers, the same for one seed."""
    if min(articles, runs, checks, views) < 0 or days < 1:
        raise ValueError("Sizes must be zero or more and days at least 1.")
    refuse_if_active()
    root = random.Random(seed)  # noqa: S311 -- reproducible demo data, not secrets
    # The articles draw from their own stream, so a second fill over articles
    # that already exist makes the same readers as the first.
    article_rng = random.Random(root.getrandbits(64))  # noqa: S311
    rng = random.Random(root.getrandbits(64))  # noqa: S311
    window = Window.of(days=days, end=end)
    demo_load()
    made_articles, made_steps = articles_fill(total=articles, rng=article_rng, before=window.opens)
    say(stdout, f"Articles: {made_articles} made.")
    catalogue = catalogue_build(rng=rng)
    plan, offsets, possible = runs_plan(
        rng=rng, catalogue=catalogue, runs=runs, checks=checks, window=window
    )
    say(stdout, f"Runs planned: {len(plan)}, {len(offsets)} checks of {possible} possible.")
    with transaction.atomic():
        refuse_if_active()
        made = rows_insert(
            rng=rng,
            catalogue=catalogue,
            plan=plan,
            offsets=offsets,
            views=views,
            window=window,
            stdout=stdout,
        )
        # The funnel's rollup counted by its one rule, set-based, as after an edit:
        # the generator leaves it to the product rather than count it again itself.
        services.funnel_recount()
        inbox_items = services.inbox_backfill()
        services.counters_recount(fix=True)
    return ActivitySummary(
        articles=made_articles,
        steps=made_steps,
        inbox_items=inbox_items,
        checks_possible=possible,
        **made,
    )


def refuse_if_active() -> None:
    if Visitor.objects.exists() or Vote.objects.exists() or Run.objects.exists():
        raise ActivityExistsError(
            "The database already has reader activity (visitors, votes or runs); "
            "fill_activity never changes or deletes it: use a fresh database."
        )
