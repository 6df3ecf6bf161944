"""A response given without consent cannot be joined to the respondent, in any table or log.

The respondent below does what can leave a trace: asks for the resume link by e-mail, types
a name, the same address and a phone number on the consent step without agreeing, and
submits from one IP address. Then the outbox is delivered and every row of every model is
read as text (sessions decoded) to look for a path from those details to the answers.
"""

import json
import logging
import re
import secrets
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.sessions.base_session import AbstractBaseSession
from django.test import Client
from django.urls import reverse

from returnportal.mail.delivery import email_deliver
from returnportal.mail.models import OutgoingEmail
from surveys.models import Answer, Response
from tests.surveys.answering import PAGES, start, step_url

# Long runs of URL-safe characters: tokens, keys and ids that one row could share with another.
KEY_LIKE = re.compile(r"[A-Za-z0-9_-]{16,}")


@dataclass
class Row:
    label: str
    pk: object
    text: str
    # References to the response: its own pk, or a foreign key to it (an answer's).
    refs: set = field(default_factory=set)

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}"


@dataclass
class Respondent:
    name: str
    address: str
    phone: str
    ip: str
    token: str
    resume_path: str
    response: Response

    @property
    def details(self) -> tuple[str, ...]:
        return (self.name, self.address, self.phone, self.ip)


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return ""


def every_row() -> list[Row]:
    """Every row of every model, its text and JSON fields joined, sessions decoded."""
    rows = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        to_response = [
            f for f in meta.concrete_fields if f.is_relation and f.related_model is Response
        ]
        for obj in model._base_manager.all():
            texts = [_as_text(f.value_from_object(obj)) for f in meta.concrete_fields]
            if isinstance(obj, AbstractBaseSession):
                texts.append(_as_text(obj.get_decoded()))
            refs = {f.value_from_object(obj) for f in to_response} - {None}
            if model is Response:
                refs.add(obj.pk)
            rows.append(Row(meta.label, obj.pk, "\n".join(texts).lower(), refs))
    return rows


def rows_joined_to(rows: list[Row], details: tuple[str, ...]) -> list[Row]:
    """The rows reachable from those holding `details`, through shared keys or references."""
    keys = {d.lower() for d in details}
    refs: set = set()
    reached: dict[tuple, Row] = {}
    while True:
        found = [
            row
            for row in rows
            if (row.label, row.pk) not in reached
            and (any(key in row.text for key in keys) or row.refs & refs)
        ]
        if not found:
            return list(reached.values())
        for row in found:
            reached[(row.label, row.pk)] = row
            keys |= set(KEY_LIKE.findall(row.text))
            refs |= row.refs


def deliver_outbox() -> None:
    for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
        email_deliver(email_id=email_id)


@pytest.fixture
def respondent(returnee_survey, caplog) -> Respondent:
    """One respondent who asked for the resume e-mail and then declined to be contacted."""
    caplog.set_level(logging.DEBUG)
    marker = secrets.token_hex(4)
    name = f"Anonim{marker}"
    address = f"anonymous-{marker}@example.org"
    phone = "601234567"
    ip = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    client = Client(REMOTE_ADDR=ip)
    draft = start(client, returnee_survey)
    for number, page in enumerate(PAGES[:3], start=1):
        client.post(step_url(returnee_survey, number), {**page, "next": "1"})
    sent = client.post(
        reverse("surveys:resume_email", kwargs={"slug": returnee_survey.slug}),
        {"email": address},
    )
    assert sent.status_code == 302
    for number, page in enumerate(PAGES[3:], start=4):
        client.post(step_url(returnee_survey, number), {**page, "next": "1"})
    done = client.post(
        step_url(returnee_survey, 7),
        {"name": name, "email": address, "phone": phone, "next": "1"},
    )
    assert done["Location"].endswith("/thanks/")
    assert OutgoingEmail.objects.filter(to=address).exists()
    return Respondent(
        name=name,
        address=address,
        phone=phone,
        ip=ip,
        token=draft.token,
        resume_path=draft.get_absolute_url(),
        response=Response.objects.get(),
    )


@pytest.mark.parametrize("delivered", [False, True], ids=["queued", "delivered"])
def test_no_row_joins_the_respondent_to_the_answers(respondent, delivered):
    """No chain of rows sharing a key leads from the address, name, phone or IP to the answers.

    Before delivery the outbox must hold the address and the link; they then lead nowhere.
    """
    if delivered:
        deliver_outbox()
    joined = rows_joined_to(every_row(), respondent.details)
    assert [str(row) for row in joined if respondent.response.pk in row.refs] == []


def test_the_response_keeps_nothing_of_the_draft_or_the_respondent(respondent):
    """The response and its answers hold no part of the draft token and no contact detail."""
    response = respondent.response
    stored = [
        row
        for row in every_row()
        if row.label in (Response._meta.label, Answer._meta.label) and response.pk in row.refs
    ]
    token = respondent.token.lower()
    fragments = {token[i : i + 8] for i in range(len(token) - 7)}
    assert len(stored) == 1 + response.answers.count()
    assert [str(row) for row in stored if any(f in row.text for f in fragments)] == []
    assert [
        str(row) for row in stored if any(d.lower() in row.text for d in respondent.details)
    ] == []


def test_no_row_keeps_the_resume_token_or_the_address_once_delivered(respondent):
    """After delivery no row holds the draft token or the address, the outbox's included."""
    deliver_outbox()
    secrets_ = (respondent.token.lower(), respondent.address.lower())
    assert [str(row) for row in every_row() if any(s in row.text for s in secrets_)] == []
    email = OutgoingEmail.objects.get(kind="resume_link")
    assert email.status == OutgoingEmail.Status.SENT
    assert respondent.address not in (email.to, email.reply_to)
    assert respondent.token not in email.subject + email.body_text + email.body_html


def test_no_log_line_names_the_respondent_or_the_token(respondent, caplog):
    """Nothing logged while answering and delivering holds the token, the address, phone or IP."""
    deliver_outbox()
    log = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    ).lower()
    assert [s for s in (*respondent.details, respondent.token) if s.lower() in log] == []
