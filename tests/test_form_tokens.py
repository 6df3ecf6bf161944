"""One-time form tokens: a repeated token writes nothing twice, a malformed one is refused."""

import threading

import pytest
from django import forms
from django.db import connection

from contacts.models import Case
from returnportal.form_tokens import FormTokenField, new_form_token, once
from tests.conftest import skip_or_fail
from tests.contacts.factories import CaseFactory

pytestmark = pytest.mark.django_db


class TokenForm(forms.Form):
    form_token = FormTokenField()


def test_each_form_drawn_gets_a_fresh_valid_token():
    first, second = TokenForm()["form_token"].initial, TokenForm()["form_token"].initial
    assert first != second
    assert TokenForm({"form_token": first}).is_valid()


@pytest.mark.parametrize("token", ["short", "bad token with spaces!!", "<script>" * 4])
def test_a_malformed_token_is_an_expired_form(token):
    form = TokenForm({"form_token": token})
    assert not form.is_valid()
    assert form.errors["form_token"] == ["The form has expired. Please send it again."]


def test_a_token_seen_before_returns_the_first_row_and_writes_nothing():
    token = new_form_token()
    calls = []

    def write() -> Case:
        calls.append(1)
        return CaseFactory(form_token=token)

    first, created = once(Case, token, write)
    again, created_again = once(Case, token, write)
    assert (created, created_again) == (True, False)
    assert again == first
    assert len(calls) == 1
    assert Case.objects.filter(form_token=token).count() == 1


def test_without_a_token_every_call_writes():
    once(Case, "", CaseFactory)
    once(Case, "", CaseFactory)
    assert Case.objects.count() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_submits_with_one_token_at_the_same_moment_store_one_case():
    """Both pass the first look (no row yet); the constraint lets one write, the other gets it."""
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent writes need PostgreSQL (DATABASE_URL)")
    token = new_form_token()
    barrier = threading.Barrier(2)
    results = []

    def submit(name: str) -> None:
        def write() -> Case:
            barrier.wait(timeout=10)  # both are past the first look before either writes
            return CaseFactory(form_token=token, person=None)

        try:
            results.append(once(Case, token, write))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created for _case, created in results) == [False, True]
    assert len({case.pk for case, _created in results}) == 1
    assert Case.objects.filter(form_token=token).count() == 1
