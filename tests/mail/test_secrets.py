"""Personal links (password reset, manage, resume, unsubscribe) do not stay readable in the outbox."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.template.loaders.app_directories import get_app_template_dirs

from returnportal.mail.delivery import OutboxDeliveryError, email_deliver
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import OutboxResendError, email_resend
from surveys.services import draft_email_resume_link, draft_start
from tests.factories import StaffUserFactory, SuperuserFactory
from tests.surveys.factories import SurveyFactory
from tests.workshops.factories import WorkshopFactory
from workshops.services import registration_confirm, registration_create

pytestmark = pytest.mark.django_db


def stored(email: OutgoingEmail) -> str:
    """Everything the row holds that admin or a query could show."""
    email.refresh_from_db()
    return " ".join(
        [
            email.to,
            email.subject,
            email.body_text,
            email.body_html,
            str(email.attachments),
            str(email.headers),
            email.last_error,
        ]
    )


def resume_link_queued(address: str = "anna@example.org") -> tuple[OutgoingEmail, str]:
    """A survey resume e-mail to `address`, still pending; returns the row and the draft token."""
    draft = draft_start(survey=SurveyFactory())
    draft_email_resume_link(draft=draft, email=address, language="pl")
    return OutgoingEmail.objects.filter(kind="resume_link").latest("pk"), draft.token


# What a template renders a personal link from.
LINK_VARIABLES = re.compile(r"token|manage_url|unsubscribe_url|resume_path")


def email_templates() -> list[Path]:
    """Every e-mail's text template, site-wide and in every app."""
    roots = [*settings.TEMPLATES[0]["DIRS"], *get_app_template_dirs("templates")]
    return sorted(
        path
        for root in roots
        for path in Path(root).glob("**/email/*.txt")
        if not path.name.startswith("_") and not path.stem.endswith("_subject")
    )


def test_every_template_with_a_personal_link_is_a_secret_kind():
    """A new e-mail carrying a token link cannot slip past the redaction by its kind's name."""
    with_links = {p.stem for p in email_templates() if LINK_VARIABLES.search(p.read_text())}
    assert "password_reset" in with_links  # the scan sees the site-wide templates too
    assert with_links <= set(settings.OUTBOX_SECRET_KINDS)


def test_delivered_password_reset_keeps_no_reset_link(client, django_capture_on_commit_callbacks):
    """The reset link goes out, and the row that sent it keeps its subject but not the link."""
    StaffUserFactory(username="clerk", email="clerk@re-turn.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password-reset/", {"email": "clerk@re-turn.example"})
    uid, token = re.search(r"/en/accounts/reset/([^/]+)/([^/]+)/", mail.outbox[0].body).groups()
    email = OutgoingEmail.objects.get()
    content = stored(email)
    assert token not in content
    assert f"/reset/{uid}/" not in content
    assert email.subject == mail.outbox[0].subject
    assert email.status == OutgoingEmail.Status.SENT
    assert email.redacted_at is not None


def test_delivered_registration_confirmation_keeps_no_manage_token(
    django_capture_on_commit_callbacks,
):
    """The confirm link and the confirmation reach the registrant; the rows keep no token."""
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            workshop_id=WorkshopFactory().pk,
            name="Ewa Kowalska",
            email="ewa@example.org",
            participant_type="migrant",
            language="en",
        )
        registration_confirm(registration=registration)
    assert [f"/registrations/{registration.token}/" in m.body for m in mail.outbox] == [True] * 2
    for kind in ("confirm", "confirmation"):
        email = OutgoingEmail.objects.get(kind=kind)
        assert registration.token not in stored(email)
        assert email.to == "ewa@example.org"
        assert email.attachments == []


def test_delivered_resume_link_keeps_neither_token_nor_address(
    django_capture_on_commit_callbacks,
):
    """After delivery the row no longer ties the anonymous draft to an address."""
    with django_capture_on_commit_callbacks(execute=True):
        email, token = resume_link_queued("anna@example.org")
    assert mail.outbox[0].to == ["anna@example.org"]
    assert token in mail.outbox[0].body
    content = stored(email)
    assert token not in content
    assert "anna@example.org" not in content
    assert email.status == OutgoingEmail.Status.SENT


def test_a_pending_row_keeps_its_link_until_it_is_sent():
    """Redaction waits for delivery, so the message that goes out still holds the link."""
    email, token = resume_link_queued("anna@example.org")
    assert token in stored(email)
    assert email.to == "anna@example.org"
    assert email_deliver(email_id=email.pk) is True
    assert token in mail.outbox[0].body
    assert token not in stored(email)


def test_a_row_that_failed_for_good_is_redacted(smtp_sink, settings):
    """A message given up on keeps neither its link nor, for a resume link, the address."""
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_sink.refuse_next = 5
    email, token = resume_link_queued("anna@example.org")
    with pytest.raises(OutboxDeliveryError):
        email_deliver(email_id=email.pk)
    assert token in stored(email)  # one failure: still pending, still to be sent
    with pytest.raises(OutboxDeliveryError):
        email_deliver(email_id=email.pk)
    content = stored(email)
    assert email.status == OutgoingEmail.Status.FAILED
    assert token not in content
    assert "anna@example.org" not in content
    assert email.redacted_at is not None


def test_resending_a_redacted_row_is_refused():
    """A redacted row has no link to send again; the service says so and leaves it alone."""
    email, _token = resume_link_queued()
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    with pytest.raises(OutboxResendError, match="ask for a new link"):
        email_resend(email=email)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)


def test_admin_resend_action_refuses_a_redacted_row(client, django_capture_on_commit_callbacks):
    """The admin's "Send again" explains why a redacted row was not sent again."""
    email, _token = resume_link_queued()
    email_deliver(email_id=email.pk)
    client.force_login(SuperuserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/mail/outgoingemail/",
            {"action": "resend", "_selected_action": [email.pk]},
            follow=True,
        )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_the_migration_redacts_rows_sent_before_it(django_capture_on_commit_callbacks):
    """Links sent before the redaction existed are removed too; pending rows keep theirs."""
    sent, sent_token = resume_link_queued("anna@example.org")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    pending, pending_token = resume_link_queued("ewa@example.org")
    migration = importlib.import_module("returnportal.mail.migrations.0003_redacted_at")
    migration.redact_done_rows(apps, None)
    assert sent_token not in stored(sent)
    assert "anna@example.org" not in stored(sent)
    assert sent.redacted_at is not None
    assert pending_token in stored(pending)
    assert pending.to == "ewa@example.org"


# Admin: who sees what a message said --------------------------------------------------------


def reply_row() -> OutgoingEmail:
    """A sent reply from a case (no secret kind), with a body, an attachment and headers."""
    return OutgoingEmail.objects.create(
        to="marek@example.org",
        language="pl",
        kind="reply",
        subject="[PPK-7] Odpowiedź w sprawie pracy",
        body_text="Body words: Zielony Parasol.",
        body_html="<p>Body words: Zielony Parasol.</p>",
        attachments=[{"filename": "a.txt", "mimetype": "text/plain", "content": "Zakładka"}],
        headers={"Message-ID": "<ppk-7.Mglisty@re-turn.example>"},
        status=OutgoingEmail.Status.SENT,
    )


def admin_staff_user():
    """Contact-point staff with admin access."""
    return StaffUserFactory(is_staff=True)


@pytest.mark.parametrize(
    ("make_user", "sees_bodies"),
    [(SuperuserFactory, True), (admin_staff_user, False)],
    ids=["superuser", "contact-point staff"],
)
def test_only_superusers_see_what_a_message_said(client, make_user, sees_bodies):
    """Staff see a row's recipient and status in admin; bodies, attachments and headers not."""
    email = reply_row()
    client.force_login(make_user())
    response = client.get(f"/admin/mail/outgoingemail/{email.pk}/change/")
    assert response.status_code == 200
    assert "[PPK-7] Odpowiedź w sprawie pracy" in response.text
    assert ("Zielony Parasol" in response.text) is sees_bodies
    assert ("Zakładka" in response.text) is sees_bodies
    assert ("Mglisty" in response.text) is sees_bodies


def test_nobody_reads_a_pending_link_in_admin(client):
    """A secret kind's body is hidden in admin even from superusers while it waits to be sent."""
    email, token = resume_link_queued()
    client.force_login(SuperuserFactory())
    response = client.get(f"/admin/mail/outgoingemail/{email.pk}/change/")
    assert response.status_code == 200
    assert token not in response.text


@pytest.mark.parametrize(
    ("make_user", "query", "status", "finds_it"),
    [
        (admin_staff_user, {"q": "Zielony Parasol"}, 200, False),
        (admin_staff_user, {"q": "[PPK-7]"}, 200, True),
        (admin_staff_user, {"body_text__contains": "Zielony"}, 400, False),
        (admin_staff_user, {"body_html__icontains": "zielony"}, 400, False),
        (admin_staff_user, {"headers__icontains": "Mglisty"}, 400, False),
        (SuperuserFactory, {"q": "Zielony Parasol"}, 200, False),
        (SuperuserFactory, {"body_text__startswith": "Body"}, 400, False),
    ],
    ids=[
        "staff search a body",
        "staff search a subject",
        "staff filter text",
        "staff filter HTML",
        "staff filter headers",
        "superuser search a body",
        "superuser filter text",
    ],
)
def test_rows_cannot_be_found_by_their_bodies(client, make_user, query, status, finds_it):
    """Neither the search box nor a filter in the address finds a row by what it said."""
    reply_row()
    client.force_login(make_user())
    response = client.get("/admin/mail/outgoingemail/", query)
    assert response.status_code == status
    assert ("marek@example.org" in response.text) is finds_it
