from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils import translation

from returnportal.mail.services import email_queue


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the outbox like every other message."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        context = {k: v for k, v in context.items() if k != "user"} | {
            "username": context["user"].get_username()
        }
        email_queue(
            to=to_email,
            template="registration/email/password_reset",
            context=context,
            language=translation.get_language() or "pl",
        )


class PortalAuthenticationForm(AuthenticationForm):
    """Sign-in that rejects an over-long user name before anything stores it.

    Django sets the field's max_length after the field is built, so no validator enforces
    it; django-axes would then try to record the failed attempt and the database refuse it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
