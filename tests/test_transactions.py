"""Helpers that must run inside (or outside) a transaction say so when called wrongly."""

import pytest
from django.db import transaction

from faq.services.tracking import _active_run
from faq.services.visitors import _runs_merge
from faq.transactions import (
    TransactionStateError,
    assert_in_transaction,
    assert_no_transaction,
    in_transaction,
    outside_transaction,
)
from tests.factories import make_article, make_visitor


@in_transaction
def _inside() -> str:
    return "inside"


@outside_transaction
def _outside() -> str:
    return "outside"


@pytest.mark.django_db(transaction=True)
def test_a_helper_for_inside_a_transaction_refuses_to_run_without_one():
    with pytest.raises(TransactionStateError, match="_inside must run inside a transaction"):
        _inside()
    with pytest.raises(TransactionStateError):
        assert_in_transaction("Writing rows")
    with transaction.atomic():
        assert _inside() == "inside"


@pytest.mark.django_db(transaction=True)
def test_a_helper_for_outside_a_transaction_refuses_to_run_in_one():
    assert _outside() == "outside"
    assert_no_transaction("Storing files")
    with (
        transaction.atomic(),
        pytest.raises(TransactionStateError, match="_outside must run before"),
    ):
        _outside()


@pytest.mark.django_db(transaction=True)
def test_locking_and_merging_helpers_of_the_services_need_their_callers_transaction():
    article, anonymous, target = make_article(steps=2), make_visitor(), make_visitor()
    with pytest.raises(TransactionStateError):
        _active_run(article=article, visitor=anonymous, language="en")
    with pytest.raises(TransactionStateError):
        _runs_merge(anonymous=anonymous, target=target)
    with transaction.atomic():
        run = _active_run(article=article, visitor=anonymous, language="en")
    assert run.visitor == anonymous
