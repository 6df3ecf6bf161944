"""Interest lists: people who want to hear about the next workshop on a topic."""

from django.db import transaction
from django.utils import timezone

from returnportal.concurrency import created_or_winner
from returnportal.email_address import normalise_email
from returnportal.mail.models import OutgoingEmail
from returnportal.mail.services import email_queue, list_unsubscribe_headers
from returnportal.pages.privacy import current_notice_version
from workshops.models import InterestSubscription, Invitation, Workshop
from workshops.services.emails import RESEND_LINK_INTERVAL, Mail, absolute_url


def _subscription_unsubscribe_headers(
    subscription: InterestSubscription, *, language: str
) -> dict[str, str]:
    one_click_url = absolute_url(
        "workshops:unsubscribe_one_click", language=language, token=subscription.token
    )
    return list_unsubscribe_headers(one_click_url=one_click_url)


def _subscription_email(subscription: InterestSubscription, *, language: str) -> None:
    email_queue(
        to=subscription.email,
        template=f"workshops/email/{Mail.SUBSCRIBED}",
        context={
            "subscription": subscription,
            "unsubscribe_url": absolute_url(
                "workshops:unsubscribe", language=language, token=subscription.token
            ),
        },
        language=language,
        headers=_subscription_unsubscribe_headers(subscription, language=language),
    )


def interest_subscribe(
    *, email: str, topic: str, audience: str, language: str
) -> InterestSubscription:
    """Put an e-mail on the list for a topic and audience; subscribing twice changes nothing.

    Either way the address gets the e-mail saying it is on the list (again at most once per
    RESEND_LINK_INTERVAL), so that the page never tells whether it was subscribed already.
    """
    email = normalise_email(email)
    with transaction.atomic():
        existing = (
            InterestSubscription.objects.active()
            .filter(email=email, topic=topic, audience=audience)
            .first()
        )
        if existing is not None:
            recently = OutgoingEmail.objects.filter(
                to=email,
                kind=Mail.SUBSCRIBED,
                created_at__gte=timezone.now() - RESEND_LINK_INTERVAL,
            )
            if not recently.exists():
                _subscription_email(existing, language=language)
            return existing
        subscription, created = created_or_winner(
            lambda: InterestSubscription.objects.create(
                email=email,
                topic=topic,
                audience=audience,
                language=language,
                consent_notice_version=current_notice_version(),
            ),
            InterestSubscription.objects.active()
            .filter(email=email, topic=topic, audience=audience)
            .first,
        )
        if not created:  # the same form sent twice at once
            return subscription
        _subscription_email(subscription, language=language)
    return subscription


def interest_unsubscribe(*, subscription: InterestSubscription) -> None:
    """Take an e-mail off an interest list (idempotent)."""
    InterestSubscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def interest_invite(*, workshop: Workshop) -> int:
    """Tell the matching interest-list subscribers about a workshop, each only once.

    The caller holds the workshop's lock; returns how many invitations were sent.
    """
    subscriptions = list(
        InterestSubscription.objects.matching(workshop).exclude(invitations__workshop=workshop)
    )
    Invitation.objects.bulk_create(
        [Invitation(subscription=s, workshop=workshop) for s in subscriptions]
    )
    for subscription in subscriptions:
        language = subscription.language
        email_queue(
            to=subscription.email,
            template=f"workshops/email/{Mail.INVITATION}",
            context={
                "workshop": workshop,
                "subscription": subscription,
                "workshop_url": absolute_url(
                    "workshops:detail", language=language, slug=workshop.slug
                ),
                "unsubscribe_url": absolute_url(
                    "workshops:unsubscribe", language=language, token=subscription.token
                ),
            },
            language=language,
            headers=_subscription_unsubscribe_headers(subscription, language=language),
        )
    return len(subscriptions)
