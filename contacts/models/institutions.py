"""Institutions the office refers people to, and the referrals with their outcome."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from contacts.models.cases import Case
from contacts.models.choices import County
from returnportal.languages import in_language_property


class InstitutionQuerySet(models.QuerySet):
    def published(self) -> "InstitutionQuerySet":
        return self.filter(is_published=True)

    def in_directory_order(self) -> "InstitutionQuerySet":
        """Grouped by kind in the order of `Institution.Kind`, then by name."""
        order = models.Case(
            *[models.When(kind=code, then=i) for i, code in enumerate(Institution.Kind.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name")


class Institution(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_LABOUR_OFFICE = "regional_labour_office", _("Regional labour office")
        COUNTY_LABOUR_OFFICE = "county_labour_office", _("County labour office")
        MARSHAL_OFFICE = "marshal_office", _("Marshal's office (regional government)")
        REGIONAL_DEVELOPMENT = "regional_development", _("Regional development office")
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of industry and commerce")
        UNIVERSITY = "university", _("University")
        VOLUNTARY_LABOUR_CORPS = "voluntary_labour_corps", _("Voluntary labour corps (OHP)")
        VOCATIONAL_TRAINING = "vocational_training", _("Vocational training centre")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance office (ZUS)")
        TAX_OFFICE = "tax_office", _("Tax office")
        QUALIFICATION_RECOGNITION = (
            "qualification_recognition",
            _("Recognition of foreign qualifications"),
        )
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    helps_with_pl = models.TextField(_("helps with (Polish)"))
    helps_with_en = models.TextField(_("helps with (English)"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="PL")
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    county = models.CharField(_("county"), max_length=20, choices=County.choices, blank=True)
    is_published = models.BooleanField(_("shown in the public directory"), default=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="contacts_institution_kind_idx")]

    def __str__(self) -> str:
        return self.name

    helps_with = in_language_property("helps_with")


class Referral(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELPED = "helped", _("Helped")
        NOT_HELPED = "not_helped", _("Did not help")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    note = models.TextField(_("note"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now, editable=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="contacts_referral_created_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.institution}"
