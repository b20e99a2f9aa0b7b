"""The task worker's schedule: periodic tasks, which django-tasks does not have. Each is
queued once a period (periods counted from the Unix epoch, so an hourly task's periods
start on the hour, UTC) by whichever worker looks first: the period it was last queued for
is a row (ScheduledTask), moved on in the transaction that queues the task, so several
workers, or a worker started again, never queue it twice for one period. A task that
finds nothing to do is cheap; one must be safe to run again (a period may be missed
while no worker runs: the next one catches up)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from faq.models import ScheduledTask
from faq.services.events import reviews_overdue_notify
from faq.services.workflow import articles_schedule_due


@dataclass(frozen=True)
class Periodic:
    """A task of no arguments, queued once every `every`."""

    task: Task[[], Any]
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


# How long the worker's finished tasks stay listed: long enough to look into a failure.
RESULTS_KEPT = timedelta(days=7)
FAILED_RESULTS_KEPT = timedelta(days=30)


@task()
def task_results_prune() -> int:
    """The schedule's daily task: forget finished tasks past RESULTS_KEPT (failed ones past
    FAILED_RESULTS_KEPT); the periodic ones alone add thousands a day. Returns how many."""
    return task_results_forget(now=timezone.now())


def task_results_forget(*, now: datetime) -> int:
    """Delete the records of tasks that finished long enough before `now`; return how many."""
    old = DBTaskResult.objects.successful().filter(finished_at__lt=now - RESULTS_KEPT)
    failed = DBTaskResult.objects.failed().filter(finished_at__lt=now - FAILED_RESULTS_KEPT)
    return old.delete()[0] + failed.delete()[0]


# What runs by itself, and how often. A feature with a periodic task adds it here.
SCHEDULE: tuple[Periodic, ...] = (
    # article.review_overdue within the hour a review date passes.
    Periodic(reviews_overdue_notify, timedelta(hours=1)),
    # Publishing and unpublishing on a date: a period of 30 s, looked at every 15 s by the
    # worker (task_worker), gets an article out within a minute of its time.
    Periodic(articles_schedule_due, timedelta(seconds=30)),
    Periodic(task_results_prune, timedelta(days=1)),
)


def period_start(now: datetime, every: timedelta) -> datetime:
    """The start of the period `now` falls in."""
    seconds = max(int(every.total_seconds()), 1)
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=UTC)


@transaction.atomic
def _queue_if_due(periodic: Periodic, now: datetime) -> bool:
    period = period_start(now, periodic.every)
    _, created = ScheduledTask.objects.get_or_create(
        name=periodic.name, defaults={"period": period, "queued_at": now}
    )
    # Only one of several workers moves the period on: the others find it moved.
    due = created or ScheduledTask.objects.filter(name=periodic.name, period__lt=period).update(
        period=period, queued_at=now
    )
    if due:
        periodic.task.enqueue()
    return bool(due)


def schedule_run(
    *, now: datetime | None = None, schedule: tuple[Periodic, ...] = SCHEDULE
) -> list[str]:
    """Queue each periodic task whose period began since it was last queued, each in a
    transaction of its own; return the names of those queued."""
    now = now or timezone.now()
    return [periodic.name for periodic in schedule if _queue_if_due(periodic, now)]
