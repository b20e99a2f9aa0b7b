"""Visitor rows: made on a first write, merged when an anonymous reader signs in."""

import uuid
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from faq.models import Article, Run, StuckReport, Visitor, VisitorRef, Vote
from faq.statements.visitors import VISITOR_ROW
from faq.transactions import in_transaction


def visitor_get_or_create(*, user_id: int | None = None, key: uuid.UUID | None = None) -> Visitor:
    """The visitor for a user or a cookie id, made if it does not exist yet.

    Not one transaction on purpose: the common case, a row that exists, is read
    outside any, since on SQLite each transaction here takes the write lock; only
    the insert is atomic, and a parallel insert of the same reader is caught."""
    if (user_id is None) == (key is None):
        raise ValueError("Give exactly one of user_id and key.")
    visitor = _existing_visitor(user_id=user_id, key=key)
    if visitor is not None:
        return visitor
    try:
        with transaction.atomic():
            if user_id is not None:
                return Visitor.objects.get_or_create(user_id=user_id)[0]
            return Visitor.objects.get_or_create(key=key)[0]
    except IntegrityError:
        # Another request made it between our read and our insert.
        if user_id is not None:
            return Visitor.objects.get(user_id=user_id)
        return Visitor.objects.get(key=key)


def _identity(visitor: VisitorRef) -> tuple[int | None, uuid.UUID | None]:
    """The one column a reader's row is found by: their account, else their cookie id."""
    if visitor.user_id is not None:
        return visitor.user_id, None
    if visitor.key is None:
        raise ValueError("A reader with neither an account nor a cookie id cannot write.")
    return None, visitor.key


@in_transaction
def visitor_row_make(visitor: VisitorRef) -> Visitor:
    """The reader's row, made on their first write, for a service about to write for them."""
    user_id, key = _identity(visitor)
    return visitor_get_or_create(user_id=user_id, key=key)


def visitor_row_find(visitor: VisitorRef) -> Visitor | None:
    """The reader's row, or None when they have none yet (nothing of theirs to change)."""
    user_id, key = _identity(visitor)
    return _existing_visitor(user_id=user_id, key=key)


def _existing_visitor(*, user_id: int | None, key: uuid.UUID | None) -> Visitor | None:
    """The visitor's row if it exists: read outside a transaction, since on SQLite every
    transaction here takes the write lock, and written out, since every tick and vote
    of a returning reader asks (the ORM took longer to compile it than to run it)."""
    column = "user_id" if user_id is not None else "key"
    value = user_id if user_id is not None else VisitorRef(key=key).stored_key
    with connection.cursor() as cursor:
        cursor.execute(VISITOR_ROW[column], [value])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, found_key, found_user = row
    found_key = Visitor._meta.get_field("key").to_python(found_key)
    # created_at stays deferred: nothing on this path reads it.
    return Visitor.from_db(connection.alias, ["id", "key", "user_id"], [pk, found_key, found_user])


@transaction.atomic
def visitor_merge(*, key: uuid.UUID, user_id: int) -> Visitor | None:
    """Give an anonymous visitor's votes and runs to the user's visitor; the newer wins a clash."""
    anonymous = Visitor.objects.select_for_update().filter(key=key, user__isnull=True).first()
    if anonymous is None:
        return None
    target = Visitor.objects.select_for_update().filter(user_id=user_id).first()
    if target is None:
        # The simple case: the anonymous history becomes the account's.
        anonymous.user_id, anonymous.key = user_id, None
        anonymous.save(update_fields=["user", "key"])
        return anonymous
    theirs = {
        (v.article_id, v.era): v for v in Vote.objects.select_for_update().filter(visitor=target)
    }
    for vote in Vote.objects.select_for_update().filter(visitor=anonymous):
        existing = theirs.get((vote.article_id, vote.era))
        if existing is None:
            vote.visitor = target
            vote.save(update_fields=["visitor"])
            continue
        loser, winner = (
            (existing, vote) if vote.updated_at > existing.updated_at else (vote, existing)
        )
        _count(loser.article_id, loser.era, loser.helpful, -1)
        loser.delete()
        if winner is vote:
            vote.visitor = target
            vote.save(update_fields=["visitor"])
    _runs_merge(anonymous=anonymous, target=target)
    anonymous.delete()
    return target


@in_transaction
def _runs_merge(*, anonymous: Visitor, target: Visitor) -> None:
    """Move runs and stuck reports to the account; where both are mid-run, the newer wins.
    Inside visitor_merge's transaction: the rows it locks stay locked until the merge ends."""
    StuckReport.objects.filter(visitor=anonymous).update(visitor=target)
    theirs = {
        r.article_id: r for r in Run.objects.select_for_update().active().filter(visitor=target)
    }
    for run in Run.objects.select_for_update().active().filter(visitor=anonymous):
        existing = theirs.get(run.article_id)
        if existing is None:
            continue
        older = run if _last_activity(run) <= _last_activity(existing) else existing
        Run.objects.filter(pk=older.pk).update(reset_at=timezone.now())
    Run.objects.filter(visitor=anonymous).update(visitor=target)


def _last_activity(run: Run) -> datetime:
    latest: datetime | None = run.checks.aggregate(latest=Max("checked_at"))["latest"]
    return max(filter(None, [latest, run.updated_at, run.started_at]))


def _count(article_id: int, era: int, helpful: bool, delta: int) -> None:
    field = "yes_count" if helpful else "no_count"
    # Votes of an era before "start helpfulness afresh" are no longer counted.
    Article.objects.filter(pk=article_id, vote_era=era).update(**{field: F(field) + delta})
