"""The public "ask us" form and the directory of institutions."""

from django.shortcuts import redirect
from django.utils import translation
from django.views.generic import FormView, ListView, TemplateView

from contacts import services
from contacts.forms import PublicQuestionForm
from contacts.models import Institution
from returnportal.pages.privacy import PRIVACY_URL
from returnportal.ratelimits import PostRateLimitMixin
from returnportal.views import InvalidFormIs400Mixin


# Public ----------------------------------------------------------------------------------------
class ContactFormView(InvalidFormIs400Mixin, PostRateLimitMixin, FormView):
    """Ask the contact point a question: opens a case and e-mails both sides."""

    ratelimit_setting = "CONTACTS_FORM_RATE"
    ratelimit_what = "contact_form"

    form_class = PublicQuestionForm
    template_name = "contacts/contact_form.html"

    def get_initial(self):
        return {"language": translation.get_language()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(privacy_url=PRIVACY_URL, **kwargs)

    def form_valid(self, form):
        if not form.is_spam:
            data = form.cleaned_data
            try:
                services.case_submit_public_question(
                    name=data["name"],
                    email=data["email"],
                    phone=str(data["phone"] or ""),
                    language=data["language"],
                    topic=data["topic"],
                    message=data["message"],
                    form_token=data["form_token"],
                )
            except services.ContactsError as exc:
                form.add_error(None, str(exc))
                return self.form_invalid(form)
        return redirect("contacts:contact_thanks")


class ContactThanksView(TemplateView):
    template_name = "contacts/contact_thanks.html"


class InstitutionListView(ListView):
    """Where to get help: the regional institutions, grouped by kind."""

    template_name = "contacts/institution_list.html"
    context_object_name = "institutions"

    def get_queryset(self):
        return Institution.objects.published().in_directory_order()
