from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from returnportal.languages import Language
from returnportal.news.markup import render_markdown

# Raster formats only: an SVG upload could carry script.
IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Paths under /news/ that are not articles.
RESERVED_SLUGS = {"feed", "preview"}


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Articles a visitor may read: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_language(self, language: str | None = None) -> "ArticleQuerySet":
        """Articles written in the given language (the active one by default)."""
        language = (language or translation.get_language() or "pl")[:2]
        return self.filter(language=language)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=200,
        help_text=_("The article's address: /news/<address>/. Letters, digits and hyphens."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=400,
        help_text=_("One or two sentences shown in lists, the feed and search results."),
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italic*, ## heading, lists, links.")
    )
    image = models.FileField(
        _("image"),
        upload_to="news/%Y/",
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
        help_text=_("Optional. JPEG, PNG, WebP or GIF."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.POLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Set automatically on publishing when empty; a future time schedules it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_articles",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="news_article_unique_slug"),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="news_article_image_has_alt",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="news_article_published_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["language", "status", "-published_at"], name="news_article_listing_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # Before constraint validation, which insists that a published article has a time.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by the site itself; choose another.")},
                code="reserved",
            )
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")},
                code="alt_required",
            )

    def get_preview_url(self) -> str:
        return reverse("news:preview", kwargs={"pk": self.pk})

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
