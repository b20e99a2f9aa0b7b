"""Synthetic articles up to the size asked for, beside the demo ones."""

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from demo import content
from demo.activity.words import (
    ASKING,
    GENERAL_TASKS,
    INTROS,
    OUTROS,
    PLAIN_ANSWERS,
    PRODUCTS,
    SITUATIONS,
    STEP_CLOSINGS,
    STEP_MIDDLES,
    STEP_OPENINGS,
)
from faq import services
from faq.models import Article, Team, Topic
from faq.services.imports import ArticleDraft

PLAIN_SHARE = 1 / 6

# Procedures of 8 to 13 steps are the common case; the weights keep ten ticks
# a run (100,000 runs and 1,000,000 checks) within what the runs can tick.
STEP_COUNTS = range(3, 16)
STEP_WEIGHTS = (1, 1, 2, 2, 3, 4, 5, 6, 6, 6, 5, 5, 4)


def articles_fill(*, total: int, rng: random.Random, before: datetime) -> tuple[int, int]:
    """Publish made-up articles until there are `total`; return the articles and steps made."""
    missing = total - Article.objects.count()
    if missing <= 0:
        return 0, 0
    team = Team.objects.get(name=content.TEAM["name"])
    staff = sorted(
        get_user_model().objects.filter(
            username__in=[person["username"] for person in content.STAFF]
        ),
        key=lambda user: user.username,
    )
    topics = {topic.name: topic for topic in Topic.objects.all()}
    return services.articles_import(
        drafts=drafts_draw(
            rng=rng, count=missing, before=before, team=team, staff=staff, topics=topics
        )
    )


def drafts_draw(
    *, rng: random.Random, count: int, before: datetime, team: Team, staff: list, topics: dict
) -> Iterator[ArticleDraft]:
    """Made-up articles, drawn one at a time so a seed always gives the same ones."""
    for question, product, task, situation in questions_draw(rng=rng, count=count):
        name, thing, product_topics, _ = product
        words = {"p": name, "thing": thing}
        steps_count = 0 if rng.random() < PLAIN_SHARE else rng.choices(STEP_COUNTS, STEP_WEIGHTS)[0]
        steps = step_bodies_draw(rng=rng, count=steps_count, words=words)
        if steps:
            intro = rng.choice(INTROS).format(
                task=task[0].format(**words),
                situation=situation,
                minutes=5 * rng.randint(1, 6),
                **words,
            )
        else:
            intro = rng.choice(PLAIN_ANSWERS).format(**words)
        outro = rng.choice(OUTROS).format(**words) if rng.random() < 0.35 else ""
        published = before - timedelta(days=rng.uniform(30, 900))
        updated = published + (before - published) * rng.random()
        named = [*product_topics, task[1]] if task[1] else list(product_topics)
        author = rng.choice(staff) if staff else None
        yield ArticleDraft(
            question=question,
            team=team,
            answer_intro=intro,
            answer_outro=outro,
            steps=steps,
            topics=tuple(topics[topic] for topic in dict.fromkeys(named) if topic in topics),
            answered_by=author,
            owner=author,
            updated_at=updated,
            published_at=published,
            # Written before it was published, not on the day the demo was filled.
            created_at=published,
        )


def questions_draw(*, rng: random.Random, count: int) -> Iterator[tuple]:
    """Distinct questions: an asking phrase, a product's task and a situation."""
    tasks = [(product, task) for product in PRODUCTS for task in [*product[3], *GENERAL_TASKS]]
    combos = [
        (asking, product, task, situation)
        for asking in ASKING
        for product, task in tasks
        for situation in SITUATIONS
    ]
    taken = set(Article.objects.values_list("question", flat=True))
    rng.shuffle(combos)
    made = 0
    for round_ in range(1, count + 2):
        for asking, product, task, situation in combos:
            if made == count:
                return
            words = {"p": product[0], "thing": product[1]}
            question = f"{asking} {task[0].format(**words)}{situation}?"
            if round_ > 1:
                question = f"{question} (part {round_})"
            if question in taken:
                continue
            taken.add(question)
            made += 1
            yield question, product, task, situation


def step_bodies_draw(*, rng: random.Random, count: int, words: dict) -> list[str]:
    if count == 0:
        return []
    middles = rng.sample(STEP_MIDDLES, count - 2)
    bodies = [rng.choice(STEP_OPENINGS), *middles, rng.choice(STEP_CLOSINGS)]
    return [body.format(**words) for body in bodies]
