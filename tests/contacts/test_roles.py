import pytest
from django.urls import URLPattern, reverse

from contacts import urls as contacts_urls
from tests.contacts.factories import CaseFactory, ContactAttachmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def staff_url_names() -> list[str]:
    """Every /staff/ route of the contacts app, found from its urls.py."""
    return [
        p.name
        for p in contacts_urls.urlpatterns
        if isinstance(p, URLPattern) and str(p.pattern).startswith("staff/")
    ]


STAFF_URLS = staff_url_names()
NEEDS_PK = {p.name for p in contacts_urls.urlpatterns if "<int:pk>" in str(p.pattern)}
EXPECTED = {"anonymous": 302, "editor": 403, "staff": 200, "superuser": 200}
# What staff get where a GET is not the page: the case page's forms post to these.
STAFF_GET = dict.fromkeys(["case_update", "case_refer", "case_outcome", "case_reply"], 405)


@pytest.fixture
def url_for(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory()
    case = CaseFactory(person=person)
    objects = {"case": case, "attachment": ContactAttachmentFactory(contact__case=case)}

    def build(name: str) -> str:
        if name == "person_merge":
            return reverse("contacts:person_merge", args=[person.pk, PersonFactory().pk])
        if name in NEEDS_PK:
            obj = objects.get(name.split("_")[0], person)
            return reverse(f"contacts:{name}", args=[obj.pk])
        return reverse(f"contacts:{name}")

    return build


def test_the_table_covers_every_staff_url():
    """The role table below walks all staff routes, none forgotten."""
    assert len(STAFF_URLS) >= 12


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("role", EXPECTED)
def test_staff_urls_by_role(role, name, client, url_for, request):
    """Strangers are sent to log in, editors get 403, staff and superusers get the page."""
    if role != "anonymous":
        client = request.getfixturevalue(f"{role}_client")
    response = client.get(url_for(name))
    expected = EXPECTED[role]
    if expected == 200:
        expected = STAFF_GET.get(name, 200)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
