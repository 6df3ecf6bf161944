import pytest
from django.db import connection

from contacts.models import Person
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def test_person_search_uses_trigram_indexes_on_postgresql():
    """On PostgreSQL the name, e-mail and phone search is served by trigram indexes."""
    if connection.vendor != "postgresql":
        skip_or_fail("trigram indexes exist only on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Person.objects.search("kowal 601").explain()
    assert "contacts_person_name_trgm" in plan
    assert "contacts_person_email_trgm" in plan
