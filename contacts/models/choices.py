"""The codes the case log is counted by: counties, topics, channels and directions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.TextChoices):
    """The powiaty of Świętokrzyskie; Kielce is a city with county rights."""

    BUSKI = "buski", _("Busko (buski)")
    JEDRZEJOWSKI = "jedrzejowski", _("Jędrzejów (jędrzejowski)")
    KAZIMIERSKI = "kazimierski", _("Kazimierza Wielka (kazimierski)")
    KIELECKI = "kielecki", _("Kielce county (kielecki)")
    KONECKI = "konecki", _("Końskie (konecki)")
    OPATOWSKI = "opatowski", _("Opatów (opatowski)")
    OSTROWIECKI = "ostrowiecki", _("Ostrowiec Świętokrzyski (ostrowiecki)")
    PINCZOWSKI = "pinczowski", _("Pińczów (pińczowski)")
    SANDOMIERSKI = "sandomierski", _("Sandomierz (sandomierski)")
    SKARZYSKI = "skarzyski", _("Skarżysko-Kamienna (skarżyski)")
    STARACHOWICKI = "starachowicki", _("Starachowice (starachowicki)")
    STASZOWSKI = "staszowski", _("Staszów (staszowski)")
    WLOSZCZOWSKI = "wloszczowski", _("Włoszczowa (włoszczowski)")
    KIELCE = "kielce", _("City of Kielce")


class Topic(models.TextChoices):
    WORK = "work", _("Work and job offers")
    BUSINESS = "business", _("Own business")
    FUNDING = "funding", _("Funding: grants and loans")
    QUALIFICATIONS = "qualifications", _("Qualifications and their recognition")
    EDUCATION = "education", _("Education and children's schooling")
    HOUSING = "housing", _("Housing")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance and taxes")
    HEALTH = "health", _("Health care")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    WEB_FORM = "web_form", _("Web form")


class Direction(models.TextChoices):
    IN = "in", _("Incoming")
    OUT = "out", _("Outgoing")
