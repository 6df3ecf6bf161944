"""Two-factor sign-in: set up an authenticator app once, then give its code at each sign-in."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code is not valid. Check the time on your phone and try the newest code."),
                code="invalid_token",
            )
        return token


class TwoFactorMixin(LoginRequiredMixin):
    form_class = TokenForm
    # The one signed-in step a password-only session may use (see accounts/staff_area.py).
    is_second_factor_step = True

    def success_url(self) -> str:
        next_url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {self.request.get_host()}):
            return next_url
        return "/staff/"

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.success_url(), **kwargs)

    def form_valid(self, form):
        form.device.confirmed = True
        form.device.save(update_fields=["confirmed"])
        otp_login(self.request, form.device)
        return HttpResponseRedirect(self.success_url())


class TwoFactorVerifyView(TwoFactorMixin, FormView):
    """Ask a signed-in user for the current code; send users without a device to set one up."""

    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self._device():
            return HttpResponseRedirect(f"/accounts/two-factor/setup/?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def _device(self) -> TOTPDevice | None:
        return TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self._device()}


class TwoFactorSetupView(TwoFactorMixin, FormView):
    """Show a QR code for a new authenticator and confirm it with its first code."""

    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        ):
            messages.info(request, _("Two-factor sign-in is already set up for your account."))
            return HttpResponseRedirect(f"/accounts/two-factor/?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def _device(self) -> TOTPDevice:
        device, _created = TOTPDevice.objects.get_or_create(
            user=self.request.user, confirmed=False, defaults={"name": "authenticator"}
        )
        return device

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self._device()}

    def get_context_data(self, **kwargs):
        device = self._device()
        qr = segno.make(device.config_url, error="m")
        return super().get_context_data(
            qr_data_uri=qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
            secret=b32encode(device.bin_key).decode(),
            **kwargs,
        )
