from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from returnportal.languages import in_language
from returnportal.news.markup import render_markdown


class Page(models.Model):
    """A page content editors write in both languages (about, contact details)."""

    class Slug(models.TextChoices):
        ABOUT = "about", _("About the project")
        CONTACT = "contact", _("Contact details")

    slug = models.SlugField(_("page"), max_length=40, choices=Slug.choices)
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_pl = models.TextField(_("text (Polish)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="pages_page_unique_slug")]

    def __str__(self) -> str:
        return self.get_slug_display()

    def title(self, language: str | None = None) -> str:
        return in_language(self, "title", language)

    def body_html(self, language: str | None = None) -> SafeString:
        return render_markdown(in_language(self, "body", language))


class PrivacyNoticeQuerySet(models.QuerySet):
    def published(self) -> "PrivacyNoticeQuerySet":
        return self.filter(published_at__lte=timezone.now())

    def current(self) -> "PrivacyNotice | None":
        """The notice in force: the one published last."""
        return self.published().order_by("-published_at", "-pk").first()


class PrivacyNotice(models.Model):
    """A version of the GDPR Art. 13 notice; consent records point at its version."""

    version = models.CharField(
        _("version"),
        max_length=40,
        help_text=_("Stored with every consent; never reuse a version for different text."),
    )
    body_pl = models.TextField(_("text (Polish)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    published_at = models.DateTimeField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty while the text is a draft; the latest published version is in force."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version"], name="pages_privacynotice_unique_version")
        ]
        indexes = [models.Index(fields=["-published_at"], name="pages_privacy_current_idx")]

    def __str__(self) -> str:
        return self.version

    def body_html(self, language: str | None = None) -> SafeString:
        return render_markdown(in_language(self, "body", language))


class SingleRowModel(models.Model):
    """Settings of the one office, edited in admin: always row 1, which the constraint keeps so."""

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="%(app_label)s_%(class)s_single_row")
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)


class OfficeInfo(SingleRowModel):
    """Where and when the contact point's desk is open: one row, edited in admin."""

    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("hotline"), max_length=40)
    email = models.EmailField(_("e-mail"))
    hours_pl = models.TextField(
        _("opening hours (Polish)"), help_text=_("One line a day or range.")
    )
    hours_en = models.TextField(_("opening hours (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(SingleRowModel.Meta):
        verbose_name = _("office information")
        verbose_name_plural = _("office information")

    @classmethod
    def current(cls) -> "OfficeInfo":
        """The saved office information, or the deployment's settings until someone saves it."""
        return cls.objects.filter(pk=1).first() or cls(
            address=settings.OFFICE_ADDRESS,
            phone=settings.HOTLINE_NUMBER,
            email=settings.CONTACT_POINT_EMAIL,
            hours_pl="poniedziałek-piątek 8:00-16:00",
            hours_en="Monday to Friday 8:00-16:00",
        )

    def hours_lines(self, language: str | None = None) -> list[str]:
        return [
            line.strip()
            for line in in_language(self, "hours", language).splitlines()
            if line.strip()
        ]

    @property
    def phone_tel(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return digits if digits.startswith("+") else f"+48{digits}"


class AccessibilityStatement(SingleRowModel):
    """The parts of the accessibility statement that change; the structure is in the template."""

    class Status(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    public_body = models.CharField(
        _("public body"),
        max_length=200,
        help_text=_("The full name of the body that publishes the site, as in the statement."),
    )
    site_published_on = models.DateField(_("site published on"))
    site_updated_on = models.DateField(_("last major update of the site"))
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("statement last reviewed on"))
    status = models.CharField(
        _("compliance status"), max_length=10, choices=Status.choices, default=Status.PARTIAL
    )
    non_accessible_pl = models.TextField(
        _("what is not accessible and why (Polish)"), blank=True, help_text=_("Markdown.")
    )
    non_accessible_en = models.TextField(
        _("what is not accessible and why (English)"), blank=True, help_text=_("Markdown.")
    )
    assessment_pl = models.CharField(
        _("how it was assessed (Polish)"),
        max_length=300,
        default="Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny.",
    )
    assessment_en = models.CharField(
        _("how it was assessed (English)"),
        max_length=300,
        default="The statement was prepared on the basis of a self-assessment by the public body.",
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    architecture_pl = models.TextField(
        _("building accessibility (Polish)"), blank=True, help_text=_("Markdown.")
    )
    architecture_en = models.TextField(
        _("building accessibility (English)"), blank=True, help_text=_("Markdown.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(SingleRowModel.Meta):
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def non_accessible_html(self) -> SafeString:
        return render_markdown(in_language(self, "non_accessible"))

    def architecture_html(self) -> SafeString:
        return render_markdown(in_language(self, "architecture"))

    def assessment(self) -> str:
        return in_language(self, "assessment")


class DailyPageVisitQuerySet(models.QuerySet):
    def since(self, day) -> "DailyPageVisitQuerySet":
        return self.filter(date__gte=day)


class DailyPageVisit(models.Model):
    """How many times a page was shown on a day: no cookie, no address, no visitor kept."""

    date = models.DateField(_("date"))
    path = models.CharField(_("page"), max_length=255)
    count = models.PositiveIntegerField(_("views"), default=0)

    objects = DailyPageVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily page views")
        verbose_name_plural = _("daily page views")
        ordering = ["-date", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["date", "path"], name="pages_visit_unique_day_path")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.path}: {self.count}"
