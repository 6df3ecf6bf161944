"""The workshop list's cached fragment is keyed on validated filters and the page, nothing else.

Counted in a real Redis (REDIS_URL): `?utm=<random>` (or any stray parameter, a junk page
number, an invalid filter) must add no key, while a different valid filter gets its own.
"""

import secrets

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.workshops.factories import WorkshopFactory
from workshops.models import WorkshopTopic

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_keys(services):
    """A function counting the portal's keys in its Redis database."""
    if not hasattr(cache, "ping"):
        pytest.skip("the cache is not Redis")
    client = cache._cache.get_client(write=False)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")

    def count() -> int:
        return sum(1 for _key in client.scan_iter(match=f"{prefix}*", count=1000))

    return count


def test_stray_query_parameters_add_no_cache_keys(client, redis_keys):
    """50 random ?utm= values, junk page numbers and invalid filters: the key count stays."""
    WorkshopFactory(topic=WorkshopTopic.FUNDING)
    assert client.get("/workshops/").status_code == 200
    assert client.get("/workshops/?page=99999").status_code == 200  # the last page's own key
    before = redis_keys()

    for _n in range(50):
        assert client.get(f"/workshops/?utm={secrets.token_hex(8)}").status_code == 200
    for junk in ("page=abc", "page=1&utm=x", "page=12345", "page=-3", "page=0", "page=1.5"):
        assert client.get(f"/workshops/?{junk}").status_code == 200
    for _n in range(5):
        response = client.get(f"/workshops/?topic={secrets.token_hex(4)}")
        assert response.status_code == 200
    after = redis_keys()
    assert after == before, (before, after)

    response = client.get(f"/workshops/?topic={WorkshopTopic.FUNDING}&utm=campaign")
    assert response.status_code == 200
    assert redis_keys() == after + 1  # a real filter is a page of its own
    print(f"\n[cache keys] {before} keys before 60 stray queries, {after} after; +1 for a filter")


def test_page_links_carry_the_valid_filters_only(client):
    """The links to other pages keep the chosen filters and drop anything else."""
    WorkshopFactory.create_batch(21, topic=WorkshopTopic.FUNDING)
    response = client.get(f"/workshops/?topic={WorkshopTopic.FUNDING}&utm=x&page=1")
    body = response.content.decode()
    pagination = body[body.index('<ul class="pagination">') :].split("</ul>", 1)[0]
    assert f'href="?topic={WorkshopTopic.FUNDING}&amp;page=2"' in pagination
    assert "utm" not in pagination
