import factory
from django.utils import timezone

from surveys.models import Option, Question, Response, Section, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title_pl = factory.Sequence(lambda n: f"Ankieta {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    status = Survey.Status.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_pl = factory.Sequence(lambda n: f"Część {n}")
    title_en = factory.Sequence(lambda n: f"Part {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"q{n}")
    type = Question.Type.SHORT_TEXT
    text_pl = factory.Sequence(lambda n: f"Pytanie {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory, type=Question.Type.SINGLE)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"o{n}")
    text_pl = factory.Sequence(lambda n: f"Odpowiedź {n}")
    text_en = factory.Sequence(lambda n: f"Answer {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    language = "pl"
    submission_token = factory.Sequence(lambda n: f"token-{n}")
