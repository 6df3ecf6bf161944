"""The audiences and topics that workshops and interest lists share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    MIGRANTS = "migrants", _("Returning migrants")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")
    BOTH = "both", _("Returning migrants and entrepreneurs")


class WorkshopTopic(models.TextChoices):
    """What a workshop (and an interest list) is about; the contact log has its own topics."""

    FUNDING = "funding", _("Grants and loans")
    BUSINESS = "business", _("Starting a business")
    QUALIFICATIONS = "qualifications", _("New vocational qualifications")
    RECOGNITION = "recognition", _("Recognition of qualifications earned abroad")
    SKILLS = "skills", _("Using returnees' skills in a company")
    SOCIAL_SECURITY = "social_security", _("Social insurance, pensions and taxes")
