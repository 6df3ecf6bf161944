from django.contrib.auth.forms import PasswordResetForm
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
