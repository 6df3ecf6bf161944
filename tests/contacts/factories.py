import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from contacts.models import (
    Case,
    CaseTopic,
    Contact,
    ContactAttachment,
    Institution,
    Person,
    Referral,
    ReplyTemplate,
)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Jan Kowalski {n}")
    email = factory.Sequence(lambda n: f"jan{n}@example.com")
    phone = factory.Sequence(lambda n: f"+48600{n:06d}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            for code in extracted or ["work"]:
                CaseTopic.objects.create(case=self, topic=code)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    channel = "phone"
    direction = "in"
    occurred_at = factory.LazyFunction(timezone.now)
    summary = "Pyta o pracę."


class EmailContactFactory(ContactFactory):
    """An incoming e-mail filed on a case."""

    channel = "email"
    email_address = factory.LazyAttribute(lambda o: o.case.person.email if o.case.person else "")
    subject = "Pytanie o pracę"
    message_id = factory.Sequence(lambda n: f"<question{n}@mail.example.com>")


class ContactAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttachment

    contact = factory.SubFactory(EmailContactFactory)
    filename = factory.Sequence(lambda n: f"świadectwo-{n}.pdf")
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(b"%PDF-1.4 test", name=o.filename))
    size = 13


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    name = factory.Sequence(lambda n: f"Odpowiedź {n}")
    topic = "work"
    language = "pl"
    subject = "Oferty pracy w regionie"
    body = "Dzień dobry {name},\n\nprzesyłamy oferty pracy."


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Powiatowy Urząd Pracy {n}")
    kind = Institution.Kind.COUNTY_LABOUR_OFFICE
    helps_with_pl = "Oferty pracy i dotacje."


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    institution = factory.SubFactory(InstitutionFactory)
