"""Cases and what is logged on them: contacts, the answer clock, referrals, the public form."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import (
    Case,
    CaseTopic,
    Channel,
    Contact,
    Direction,
    Language,
    Person,
    Referral,
    Topic,
)
from contacts.services.checks import ContactsError, check_choice, check_topics
from contacts.services.people import (
    person_from_public_claim,
    person_match_or_create,
    person_record_consent,
    person_touch,
)
from returnportal.email_address import normalise_email
from returnportal.form_tokens import once
from returnportal.mail.services import email_queue

# Written questions: the public form, e-mail. A phone call is answered while it happens.
WRITTEN_CHANNELS = (Channel.WEB_FORM, Channel.EMAIL)


def working_days_after(start: datetime, days: int) -> datetime:
    """The moment `days` working days (Monday to Friday) after `start`, in local time."""
    local = timezone.localtime(start)
    while local.weekday() >= 5:  # a question on a weekend starts the clock on Monday
        local = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    remaining = days
    while remaining:
        local += timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    return local


def _run_answer_clock(case: Case, contact: Contact) -> list[str]:
    """Start the answer clock on a written question, stop it on any answer; changed fields."""
    if contact.direction == Direction.OUT:
        changed = []
        if case.awaiting_answer_since is not None:
            case.awaiting_answer_since = case.answer_due_at = None
            changed += ["awaiting_answer_since", "answer_due_at"]
        if case.first_answered_at is None and case.first_answer_due_at is not None:
            case.first_answered_at = contact.occurred_at
            changed.append("first_answered_at")
        if case.flag == Case.Flag.NEW_QUESTION:  # answered: no longer new
            case.flag = ""
            changed.append("flag")
        return changed
    if contact.channel not in WRITTEN_CHANNELS or case.awaiting_answer_since is not None:
        return []
    case.awaiting_answer_since = contact.occurred_at
    case.answer_due_at = working_days_after(
        contact.occurred_at, settings.ANSWER_TARGET_WORKING_DAYS
    )
    changed = ["awaiting_answer_since", "answer_due_at"]
    if case.first_answer_due_at is None and case.first_answered_at is None:
        case.first_answer_due_at = case.answer_due_at
        changed.append("first_answer_due_at")
    return changed


# Cases and contacts ----------------------------------------------------------------------------
def case_open(
    *,
    person: Person | None,
    topics: list[str],
    channel: str,
    summary: str,
    staff=None,
    direction: str = Direction.IN,
    occurred_at: datetime | None = None,
    duration_minutes: int | None = None,
    follow_up_on: date | None = None,
    form_token: str = "",
    flag: str = "",
    email_fields: dict | None = None,
) -> Case:
    """Open a case with its first contact, in one transaction.

    No topics means "other". `form_token` makes a repeated public-form submit a no-op at the
    database (a unique constraint); the caller checks for an existing case first.
    `email_fields` (address, subject, Message-ID, quoted text) describe an e-mail contact.
    """
    codes = check_topics(topics)
    check_choice(channel, Channel, _("Unknown channel."))
    check_choice(direction, Direction, _("Unknown direction."))
    occurred_at = occurred_at or timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            person=person,
            assignee=staff,
            follow_up_on=follow_up_on,
            form_token=form_token or "",
            flag=flag,
        )
        CaseTopic.objects.bulk_create(CaseTopic(case=case, topic=code) for code in codes)
        contact = Contact.objects.create(
            case=case,
            channel=channel,
            direction=direction,
            occurred_at=occurred_at,
            duration_minutes=duration_minutes,
            summary=summary.strip(),
            staff=staff,
            **(email_fields or {}),
        )
        changed = _run_answer_clock(case, contact)
        if changed:
            case.save(update_fields=changed)
        person_touch(person, at=occurred_at)
    return case


def case_log_contact(
    *,
    case: Case | None = None,
    person: Person | None = None,
    topics: list[str] = (),
    channel: str,
    summary: str,
    staff=None,
    direction: str = Direction.IN,
    occurred_at: datetime | None = None,
    duration_minutes: int | None = None,
    follow_up_on: date | None = None,
    status: str = "",
    new_person: dict | None = None,
    consent: bool = False,
    form_token: str = "",
    email_fields: dict | None = None,
) -> Contact:
    """Log one call, e-mail or visit: on `case` when given, otherwise on a new case.

    The quick log's whole write in one transaction: `new_person` (keyword arguments of
    `person_match_or_create`) finds or creates the person when none is picked, `consent`
    records their consent through this channel. On an existing case the topics are added,
    the follow-up date replaced when given, and the status set when given. A repeated
    `form_token` returns the contact logged with it before and writes nothing.
    """
    if status:
        check_choice(status, Case.Status, _("Unknown status."))
    if form_token:

        def log_once() -> Contact:
            contact = case_log_contact(
                case=case,
                person=person,
                topics=topics,
                channel=channel,
                summary=summary,
                staff=staff,
                direction=direction,
                occurred_at=occurred_at,
                duration_minutes=duration_minutes,
                follow_up_on=follow_up_on,
                status=status,
                new_person=new_person,
                consent=consent,
                email_fields=email_fields,
            )
            contact.form_token = form_token
            contact.save(update_fields=["form_token"])
            return contact

        return once(Contact, form_token, log_once)[0]
    with transaction.atomic():
        if person is None and new_person:
            person = person_match_or_create(**new_person)
        if person is not None and consent:
            person_record_consent(person=person, channel=channel)
        if case is None:
            case = case_open(
                person=person,
                topics=list(topics),
                channel=channel,
                summary=summary,
                staff=staff,
                direction=direction,
                occurred_at=occurred_at,
                duration_minutes=duration_minutes,
                follow_up_on=follow_up_on,
                email_fields=email_fields,
            )
            if status and status != case.status:
                case.status = status
                case.save(update_fields=["status", "updated_at"])
            return case.contacts.get()

        check_choice(channel, Channel, _("Unknown channel."))
        check_choice(direction, Direction, _("Unknown direction."))
        case = Case.objects.select_for_update().get(pk=case.pk)
        if person is not None and case.person_id not in (None, person.pk):
            raise ContactsError(_("This case belongs to somebody else."))
        if topics:
            codes = check_topics(topics)
            CaseTopic.objects.bulk_create(
                (CaseTopic(case=case, topic=code) for code in codes), ignore_conflicts=True
            )
        if follow_up_on is not None:
            case.follow_up_on = follow_up_on
        if status:
            case.status = status
        elif case.is_closed:
            case.status = Case.Status.OPEN  # a new contact reopens the matter
        if case.person_id is None and person is not None:
            case.person = person
        if case.assignee_id is None and staff is not None:
            case.assignee = staff
        contact = Contact(
            case=case,
            channel=channel,
            direction=direction,
            occurred_at=occurred_at or timezone.now(),
            duration_minutes=duration_minutes,
            summary=summary.strip(),
            staff=staff,
            **(email_fields or {}),
        )
        _run_answer_clock(case, contact)
        case.save()
        contact.save()
        person_touch(case.person, at=contact.occurred_at)
    return contact


def case_update(
    *,
    case: Case,
    status: str,
    assignee=None,
    follow_up_on: date | None = None,
    topics: list[str] | None = None,
) -> Case:
    """Change a case's status, assignee, follow-up date and (when given) its topics."""
    check_choice(status, Case.Status, _("Unknown status."))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.status = status
        case.assignee = assignee
        case.follow_up_on = follow_up_on
        case.save()
        if topics is not None:
            codes = check_topics(topics)
            case.topic_links.exclude(topic__in=codes).delete()
            CaseTopic.objects.bulk_create(
                (CaseTopic(case=case, topic=code) for code in codes), ignore_conflicts=True
            )
    return case


def referral_create(*, case: Case, institution, note: str = "", staff=None) -> Referral:
    """Refer the case to an institution (the outcome comes later).

    The same referral again within a minute is a double click: the first one is returned.
    """
    note = note.strip()
    with transaction.atomic():
        # Lock the case so that two simultaneous clicks see each other.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        twin = Referral.objects.filter(
            case=case,
            institution=institution,
            note=note,
            created_at__gte=timezone.now() - timedelta(minutes=1),
        ).first()
        if twin is not None:
            return twin
        referral = Referral.objects.create(
            case=case, institution=institution, note=note, staff=staff
        )
        person_touch(case.person)
    return referral


def referral_set_outcome(*, referral: Referral, outcome: str) -> Referral:
    check_choice(outcome, Referral.Outcome, _("Unknown outcome."))
    referral.outcome = outcome
    referral.save(update_fields=["outcome"])
    return referral


# The public form -------------------------------------------------------------------------------
def case_submit_public_question(
    *,
    name: str,
    email: str,
    phone: str,
    language: str,
    topic: str,
    message: str,
    form_token: str,
) -> tuple[Case, bool]:
    """Open a case from the public "ask us" form and queue both e-mails; (case, created).

    What was typed is a claim (see `person_from_public_claim`): it changes no stored person.
    The acknowledgement goes to the typed address, greets the typed name and is written in
    the language chosen on the form; it does not quote the message, so that the office's
    address never carries a stranger's text to somebody else. A second submit with the same
    one-time token returns the first case and sends nothing.
    """
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    typed_name = " ".join((name or "").split())[:200]
    typed_email = normalise_email(email)

    def open_and_notify() -> Case:
        person = person_from_public_claim(
            name=name,
            email=email,
            phone=phone,
            language=language,
            consent_channel=Channel.WEB_FORM,
        )
        case = case_open(
            person=person,
            topics=[topic],
            channel=Channel.WEB_FORM,
            summary=message,
            form_token=form_token,
        )
        if typed_email:
            email_queue(
                to=typed_email,
                template="contacts/email/acknowledgement",
                context={
                    "name": typed_name,
                    "case": case,
                    "topic": Topic(topic).label,
                    "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
                },
                language=language,
                # Answers go to the office mailbox, which files them on this case.
                reply_to=settings.REPLY_TO_EMAIL,
                # RFC 3834: an autoresponder must not answer this one back.
                headers={"Auto-Submitted": "auto-generated"},
            )
        # A reply from the office's mail client goes to the address the sender typed.
        email_queue(
            to=settings.CONTACT_POINT_EMAIL,
            template="contacts/email/new_question",
            context={
                "person": person,
                "case": case,
                "topic": Topic(topic).label,
                "message": message,
                "answer_language": Language(language).label,
            },
            language=settings.LANGUAGE_CODE,
            reply_to=typed_email,
            headers={"Auto-Submitted": "auto-generated"},
        )
        return case

    return once(Case, form_token, open_and_notify)
