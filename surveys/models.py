"""Questionnaires (surveys, sections, questions, options) and the anonymous answers to them."""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from returnportal.languages import Language, in_language_property


class SurveyQuerySet(models.QuerySet):
    def open(self) -> "SurveyQuerySet":
        """Surveys that take answers now."""
        now = timezone.now()
        return self.filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now),
            Q(closes_at__isnull=True) | Q(closes_at__gt=now),
            status=Survey.Status.OPEN,
        )

    def current(self) -> "Survey | None":
        """The open survey the site links to: the one opened most recently."""
        return self.open().order_by(models.F("opens_at").desc(nulls_last=True), "-pk").first()


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    intro_pl = models.TextField(_("introduction (Polish)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    opens_at = models.DateTimeField(_("open from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("open until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    screening_question = models.ForeignKey(
        "Question",
        verbose_name=_("screening question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A whole-number question in the first section; answers below the threshold end the survey."
        ),
    )
    screening_threshold = models.PositiveIntegerField(
        _("screening threshold"), null=True, blank=True
    )
    country_question = models.ForeignKey(
        "Question",
        verbose_name=_("country of stay question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A country question whose answer results can be filtered by."),
    )
    ask_contact_consent = models.BooleanField(
        _("ask for consent to be contacted"),
        default=False,
        help_text=_(
            "Adds a last, optional step where the respondent may leave an e-mail or phone."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title_pl

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", kwargs={"slug": self.slug})

    title = in_language_property("title")
    intro = in_language_property("intro")

    def clean(self) -> None:
        errors = {}
        screening = self.screening_question
        if screening and (
            screening.type != Question.Type.INTEGER or screening.section.survey_id != self.pk
        ):
            errors["screening_question"] = _("Pick a whole-number question of this survey.")
        if screening and self.screening_threshold is None:
            errors["screening_threshold"] = _("A screening question needs a threshold.")
        country = self.country_question
        if country and (
            country.type != Question.Type.COUNTRY or country.section.survey_id != self.pk
        ):
            errors["country_question"] = _("Pick a country question of this survey.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None) -> bool:
        """Whether it takes answers now: the same rule as `Survey.objects.open()`, no query."""
        now = now or timezone.now()
        return (
            self.status == Survey.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )

    def questions(self) -> models.QuerySet["Question"]:
        """Every question in order, with what rendering and checking them needs."""
        return (
            Question.objects.filter(section__survey=self)
            .select_related("section", "show_if_question", "show_if_option")
            .prefetch_related("options")
            .order_by("section__order", "order", "pk")
        )


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_pl = models.CharField(_("title (Polish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_pl = models.TextField(_("introduction (Polish)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="section_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title_pl}"

    title = in_language_property("title")
    intro = in_language_property("intro")


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        INTEGER = "integer", _("Whole number")
        MONTH_YEAR = "month_year", _("Month and year")
        COUNTRY = "country", _("Country")
        SCALE = "scale_1_5", _("Scale from 1 to 5")

    CHOICE_TYPES = (Type.SINGLE, Type.MULTIPLE)
    NUMBER_TYPES = (Type.INTEGER, Type.SCALE)
    TEXT_TYPES = (Type.SHORT_TEXT, Type.LONG_TEXT)

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "Short name used as the column in exports, e.g. months_away. Unique within the survey."
        ),
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    text_pl = models.CharField(_("question (Polish)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_pl = models.CharField(_("help text (Polish)"), max_length=500, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(
        _("allow “other, please say”"), default=False, help_text=_("Choice questions only.")
    )
    min_value = models.IntegerField(_("smallest number"), null=True, blank=True)
    max_value = models.IntegerField(_("largest number"), null=True, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("show only if question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        limit_choices_to={"type__in": ["single", "multiple"]},
    )
    show_if_option = models.ForeignKey(
        "Option",
        verbose_name=_("has the answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "code"], name="question_code_unique_in_section"
            ),
            models.CheckConstraint(
                condition=Q(show_if_question__isnull=True, show_if_option__isnull=True)
                | Q(show_if_question__isnull=False, show_if_option__isnull=False),
                name="question_condition_complete",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="question_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_pl}"

    text = in_language_property("text")
    help = in_language_property("help")

    @property
    def is_choice(self) -> bool:
        return self.type in self.CHOICE_TYPES

    def clean(self) -> None:
        errors = {}
        if self.section_id:
            clash = Question.objects.filter(
                section__survey_id=self.section.survey_id, code=self.code
            )
            if clash.exclude(pk=self.pk).exists():
                errors["code"] = _("Another question of this survey has this code.")
        if "__" in (self.code or ""):
            errors["code"] = _("A code may not contain two underscores in a row.")
        if self.allow_other and not self.is_choice:
            errors["allow_other"] = _("Only choice questions can have “other”.")
        if self.show_if_question_id:
            controller = self.show_if_question
            if controller.pk == self.pk or controller.show_if_question_id:
                errors["show_if_question"] = _(
                    "Pick another question that is itself always shown (one level of conditions)."
                )
            elif (controller.section.order, controller.order) > (self.section.order, self.order):
                errors["show_if_question"] = _("The condition must be an earlier question.")
            elif self.show_if_option_id and self.show_if_option.question_id != controller.pk:
                errors["show_if_option"] = _("Pick an answer of the question chosen above.")
        if errors:
            raise ValidationError(errors)

    def condition_met(self, data: dict) -> bool:
        """Whether this question is shown, given the answers so far (keyed by question code)."""
        if not self.show_if_question_id:
            return True
        value = data.get(self.show_if_question.code)
        wanted = self.show_if_option.code
        if isinstance(value, list):
            return wanted in value
        return value == wanted


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    text_pl = models.CharField(_("answer (Polish)"), max_length=300)
    text_en = models.CharField(_("answer (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_code_unique"),
        ]

    def __str__(self) -> str:
        return self.text_pl

    text = in_language_property("text")


def draft_token() -> str:
    return secrets.token_urlsafe(24)


def draft_expiry():
    return timezone.now() + timedelta(days=settings.SURVEY_DRAFT_DAYS)


def response_key() -> str:
    return secrets.token_urlsafe(24)


class DraftQuerySet(models.QuerySet):
    def active(self) -> "DraftQuerySet":
        return self.filter(expires_at__gt=timezone.now())

    def expired(self) -> "DraftQuerySet":
        return self.filter(expires_at__lte=timezone.now())


class Draft(models.Model):
    """Answers given so far, known only under a random token (the resume link)."""

    token = models.CharField(max_length=64, unique=True, default=draft_token, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField(default=dict, blank=True)
    step = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(default=draft_expiry, db_index=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("unfinished answers")
        verbose_name_plural = _("unfinished answers")

    def __str__(self) -> str:
        return f"{self.survey.slug} draft {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:resume", kwargs={"slug": self.survey.slug, "token": self.token})


class ResponseQuerySet(models.QuerySet):
    def filtered(
        self,
        *,
        date_from=None,
        date_to=None,
        language: str = "",
        country: str = "",
    ) -> "ResponseQuerySet":
        """Responses within the results page's filters (dates inclusive, local time)."""
        qs = self
        # Ranges on the column itself, so that the (survey, submitted_at) index serves them.
        zone = timezone.get_current_timezone()
        if date_from:
            qs = qs.filter(submitted_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
        if date_to:
            next_day = date_to + timedelta(days=1)
            qs = qs.filter(submitted_at__lt=datetime.combine(next_day, time.min, tzinfo=zone))
        if language:
            qs = qs.filter(language=language)
        if country:
            qs = qs.filter(country_of_stay=country)
        return qs


class Response(models.Model):
    """One submitted questionnaire. Anonymous unless the respondent agreed to be contacted."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    country_of_stay = CountryField(_("country of stay"), blank=True)
    # A random id of its own, never the draft's token: the resume e-mail took that token to an
    # address, so keeping it here would tie the anonymous answers to the address.
    submission_token = models.CharField(
        max_length=64, unique=True, default=response_key, editable=False
    )
    # Part of a burst: more submissions from one connection in a short window than a person
    # makes (SURVEY_BURST_RATE). Only this flag is kept, never the address or a digest of it.
    in_burst = models.BooleanField(_("in a burst"), default=False, editable=False)
    contact_consent = models.BooleanField(_("agreed to be contacted"), default=False)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_notice_version = models.CharField(
        _("privacy notice version"), max_length=40, blank=True
    )
    # With consent: the contact log's record of the respondent, and when their details went.
    person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("person in the contact log"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    contact_erased_at = models.DateTimeField(
        _("contact details erased"), null=True, blank=True, editable=False
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="response_survey_date_idx"),
            models.Index(fields=["survey", "language"], name="response_survey_lang_idx"),
            models.Index(fields=["survey", "country_of_stay"], name="response_survey_country_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_consent=True)
                | Q(contact_name="", contact_email="", contact_phone=""),
                name="response_contact_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(contact_consent=False)
                | ~Q(contact_email="", contact_phone="")
                | Q(contact_erased_at__isnull=False),
                name="response_consent_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.slug} #{self.pk}"


class Answer(models.Model):
    """One answer; a multiple-choice question has one row per chosen option."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    # Free text, the "other, please say" text, or an ISO country code.
    text = models.TextField(blank=True)
    number = models.IntegerField(null=True, blank=True)
    month_year = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            # Results: counts per (question, option), per (question, number), texts per question.
            models.Index(fields=["question", "option"], name="answer_question_option_idx"),
            models.Index(fields=["question", "number"], name="answer_question_number_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "option"],
                condition=Q(option__isnull=False),
                name="answer_option_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(option__isnull=True),
                name="answer_value_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}"
