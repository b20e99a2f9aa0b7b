"""Small factory functions for tests."""

import io
import random
import struct
import uuid
import zlib
from datetime import date, datetime, timedelta
from importlib import import_module
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image, ImageDraw

from faq import services
from faq.models import Article, Check, InboxItem, Run, StuckReport, Team, Topic, Visitor

_seq = count(1)


def make_team(name: str = "Support Alfasoft") -> Team:
    return services.team_get_or_create(name=name, email="support@alfasoft.example")


def make_topic(name: str | None = None, **kwargs) -> Topic:
    return services.topic_get_or_create(name=name or f"Topic {next(_seq)}", **kwargs)


def make_staff(username: str | None = None, first: str = "Kim", last: str = "McBride"):
    return get_user_model().objects.create_user(
        username=username or f"staff{next(_seq)}",
        password="correct horse battery staple",
        first_name=first,
        last_name=last,
        is_staff=True,
    )


def make_editor(username: str | None = None):
    """A member of staff in the Editors group (made again if a flush took it away)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    editors = import_module("faq.migrations.0010_review_dates")
    if not Group.objects.filter(name=editors.EDITORS).exists():
        editors.editors_create(apps, None)
        import_module("faq.migrations.0015_translations").editors_allow(apps, None)
    user = make_staff(username, first="Ann", last="Editor")
    user.groups.add(Group.objects.get(name=editors.EDITORS))
    return user


def make_article(
    question: str | None = None,
    *,
    steps: int | list[str] = 0,
    topics: list[Topic] | None = None,
    status: str = Article.Status.PUBLISHED,
    **kwargs,
) -> Article:
    bodies = (
        [f"Do thing number {i}." for i in range(1, steps + 1)] if isinstance(steps, int) else steps
    )
    views = kwargs.pop("view_count", 0)
    article = services.article_create(
        question=question or f"How do I do task {next(_seq)}?",
        team=kwargs.pop("team", None) or make_team(),
        answer_intro=kwargs.pop("answer_intro", "An introduction to the answer."),
        steps=bodies,
        topics=topics or [],
        status=status,
        **kwargs,
    )
    if views:
        services.article_views_seed(article=article, count=views, last_day=date(2024, 1, 9))
        article.refresh_from_db()
    return article


def make_translation(
    article: Article,
    language: str = "sv",
    *,
    question: str | None = None,
    slug: str = "",
    answer_intro: str | None = None,
    answer_outro: str = "",
    steps: int | list[str] | dict[int, str] | None = None,
    alts: dict[int, str] | None = None,
    user=None,
):
    """A translation through the services: every step translated unless `steps` says which
    (a count of the first ones, their texts in order, or texts by step number)."""
    live = list(article.steps.order_by("position"))
    if steps is None:
        steps = len(live)
    if isinstance(steps, int):
        steps = {s.position: f"[{language}] {s.body}" for s in live[:steps]}
    elif isinstance(steps, list):
        steps = dict(enumerate(steps, start=1))
    alts = alts or {}
    by_position = {s.position: s for s in live}
    texts = {
        by_position[p].pk: services.StepText(body=steps.get(p, ""), image_alt=alts.get(p, ""))
        for p in sorted(steps.keys() | alts.keys())
    }
    return services.article_translation_save(
        article_id=article.pk,
        language=language,
        question=question or f"[{language}] {article.question}",
        slug=slug,
        answer_intro=f"[{language}] {article.answer_intro}"
        if answer_intro is None
        else answer_intro,
        answer_outro=answer_outro,
        steps=texts,
        user=user,
    )


def article_url_in(article: Article, language: str) -> str:
    """The article's address in `language`: its translation's slug there, else its own."""
    from faq import selectors

    urls = selectors.article_language_urls(article.pk)
    if language in urls:
        return urls[language]
    with translation.override(language):
        return article.get_absolute_url()


def get_in(client: Client, language: str, url, **headers):
    """GET a page as a reader in `language`: its address in that language (the prefix, once
    addresses have one) asked with the language active. `url` is a path, or something with
    get_absolute_url, made in that language."""
    with translation.override(language):
        path = url if isinstance(url, str) else url.get_absolute_url()
        return client.get(path, **headers)


def post_in(client: Client, language: str, path: str, data=None, **headers):
    """POST as a reader in `language` (see get_in)."""
    with translation.override(language):
        return client.post(path, data or {}, **headers)


def make_visitor(user=None) -> Visitor:
    if user is not None:
        return services.visitor_get_or_create(user_id=user.pk)
    return services.visitor_get_or_create(key=uuid.uuid4())


def make_run(
    article: Article,
    *,
    start: datetime,
    ticks: dict[int, int],
    stuck: tuple[int, str] | None = None,
    outcome: str = "",
    reset: bool = False,
    visitor: Visitor | None = None,
    language: str = "en",
) -> Run:
    """A reader's pass through the services, in `language`, its times then pinned: ticks maps
    step to minute."""
    visitor = visitor or make_visitor()
    steps = {s.position: s for s in article.steps.all()}
    for position in ticks:
        services.step_check(
            article=article, visitor=visitor.ref, step=steps[position], language=language
        )
    if stuck:
        services.stuck_report_file(
            article=article,
            visitor=visitor.ref,
            step=steps[stuck[0]],
            message=stuck[1],
            language=language,
        )
    run = Run.objects.active().get(visitor=visitor, article=article)
    times = {p: start + timedelta(minutes=m) for p, m in ticks.items()}
    for position, when in times.items():
        Check.objects.filter(run=run, step=steps[position]).update(checked_at=when)
    last = max(times.values(), default=start)
    said = last + timedelta(minutes=1)
    StuckReport.objects.filter(run=run).update(created_at=said)
    InboxItem.objects.filter(stuck_report__run=run).update(created_at=said)
    Run.objects.filter(pk=run.pk).update(
        started_at=start, updated_at=last, finished_at=last if len(times) == len(steps) else None
    )
    # The times were rewritten behind the tick services' back: count the
    # funnel's rollup again from them.
    services.funnel_recount(article_id=article.pk)
    if outcome:
        services.run_outcome_set(
            article=article, visitor=visitor.ref, worked=outcome == "worked", language=language
        )
        InboxItem.objects.filter(run=run).update(created_at=said)
    if reset:
        services.run_reset(article=article, visitor=visitor.ref)
    return run


def png(width: int, height: int, *, colour: str = "white", noise: bool = False) -> bytes:
    """A PNG that looks like a screenshot: a title bar and a field; `noise` makes it big."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, max(2, height // 12)), fill="#dde3ea")
    draw.rectangle((width // 5, height // 3, width * 4 // 5, height // 2), outline="#0078d7")
    if noise:
        pixels = random.Random(width * height).randbytes(width * height * 3)
        image = Image.frombytes("RGB", (width, height), pixels)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG whose header claims these dimensions (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload(content: bytes, name: str = "screenshot.png") -> SimpleUploadedFile:
    """An uploaded file as a form receives it."""
    return SimpleUploadedFile(name, content, content_type="image/png")
