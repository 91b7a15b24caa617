"""Allauth's account forms with the hub's own labels (ACCOUNT_FORMS and MFA_FORMS).

Allauth labels its fields in title case ("Password (again)", "Remember Me") and
repeats each label as a placeholder, which disappears as soon as someone starts
typing and is read out twice by some screen readers. These forms keep allauth's
behaviour and change only the words people see.
"""

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms


class PlainLabelsMixin:
    labels: dict[str, str] = {}
    help_texts: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]
            field.widget.attrs.pop("placeholder", None)


class LoginForm(PlainLabelsMixin, allauth_forms.LoginForm):
    labels = {
        "login": "Email address",
        "password": "Password",
        "remember": "Keep me logged in on this device",
    }
    help_texts = {"remember": "Leave this unticked on a shared or school computer."}


class SignupForm(PlainLabelsMixin, allauth_forms.SignupForm):
    labels = {
        "email": "Email address",
        "password1": "Choose a password",
        "password2": "Type the same password again",
    }
    help_texts = {
        "email": "We'll send a link here to check it's yours. We never show it to other people.",
    }


class AddEmailForm(PlainLabelsMixin, allauth_forms.AddEmailForm):
    labels = {"email": "New email address"}
    help_texts = {"email": "We'll send a link to this address to check it's yours."}


class ChangePasswordForm(PlainLabelsMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": "Your current password",
        "password1": "New password",
        "password2": "Type the new password again",
    }


class SetPasswordForm(PlainLabelsMixin, allauth_forms.SetPasswordForm):
    labels = {"password1": "Choose a password", "password2": "Type the same password again"}


class ResetPasswordForm(PlainLabelsMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": "Email address"}
    help_texts = {"email": "The address you use to log in."}


class ResetPasswordKeyForm(PlainLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "Type the new password again"}


class ReauthenticateForm(PlainLabelsMixin, allauth_forms.ReauthenticateForm):
    labels = {"password": "Your password"}


class AuthenticateForm(PlainLabelsMixin, mfa_forms.AuthenticateForm):
    labels = {"code": "Your code"}


class ActivateTOTPForm(PlainLabelsMixin, totp_forms.ActivateTOTPForm):
    labels = {"code": "The 6-digit code from your app"}
