"""How allauth speaks for the Listening Hub: the site's own name, address and words.

`django.contrib.sites` is not installed, so allauth on its own names the site after
the host of the request ("Hello from 127.0.0.1:8000!") and builds every link in an
email from that host. The Host header is whatever the sender of a request puts in
it: someone could ask for a password reset for another person's address with a host
of their own and have the victim's reset link point at it. Links in emails therefore
start with the configured SITE_BASE_URL (falling back to WAGTAILADMIN_BASE_URL, as
moderation notices do), and the name is the Wagtail default site's.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_str
from wagtail.models import Site

from participation.staff_mfa import is_staff_member


def site_name() -> str:
    """The name editors gave the default site in Wagtail, or WAGTAIL_SITE_NAME."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def site_base_url() -> str:
    """Scheme and host (and port) of the public site, with no trailing slash."""
    configured = getattr(settings, "SITE_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return configured.rstrip("/")


def site_url(location: str) -> str:
    """`location` (a path, or an address on any host) as an address on the public site."""
    base = urlsplit(site_base_url())
    parts = urlsplit(location)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class EmailSite:
    """What allauth's email templates expect of `current_site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account has been switched off, so you can't log in with it.",
        "cannot_remove_primary_email": "You can't remove the email address you log in with.",
        "duplicate_email": "This email address is already on your account.",
        "email_password_mismatch": (
            "The email address or password is not correct. Check them and try again."
        ),
        "email_taken": "Someone already has an account with this email address.",
        "enter_current_password": "Please type your current password.",
        "incorrect_password": "That password is not correct. Please try again.",
        "invalid_or_expired_key": "This link doesn't work any more. Please ask for a new one.",
        "invalid_password_reset": (
            "This link to reset your password doesn't work any more. Please ask for a new one."
        ),
        "rate_limited": (
            "You've tried that a lot in a short time. Please wait a few minutes and try again."
        ),
        "same_as_current": "That's the same as the one you have now.",
        "too_many_login_attempts": (
            "That's too many tries for now. Please wait a few minutes and try again, "
            "or reset your password."
        ),
        "unknown_email": "We can't find an account with that email address.",
        "unverified_primary_email": "Please verify your email address first.",
    }

    def clean_email(self, email: str) -> str:
        """Every address chosen here (sign-up, adding or changing one) passes through:
        throwaway addresses are refused (participation/email_domains.py). One already
        on an account is let through, so nobody is locked out of resetting a password."""
        from allauth.account.utils import filter_users_by_email
        from django import forms

        from participation.email_domains import THROWAWAY_EMAIL_MESSAGE, is_throwaway

        email = super().clean_email(email)
        if is_throwaway(email) and not filter_users_by_email(email):
            raise forms.ValidationError(THROWAWAY_EMAIL_MESSAGE, code="throwaway_email")
        return email

    def format_email_subject(self, subject: str) -> str:
        prefix = account_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{site_name()}] "
        return prefix + force_str(subject)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # The same path allauth builds: one opaque key in place of "<uidb36>-<key>".
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        name = site_name()
        base_url = site_base_url()
        context = {
            # allauth builds some links itself from the request (the sign-up and
            # password-reset pages in "account already exists" and "unknown account"
            # emails): every link in an email goes to the configured address instead.
            **{
                key: site_url(value)
                if key.endswith("_url") and isinstance(value, str) and value
                else value
                for key, value in context.items()
            },
            "site_name": name,
            "site_url": base_url,
            "current_site": EmailSite(name=name, domain=urlsplit(base_url).netloc),
            "login_url": site_url(reverse("account_login")),
            # How long links last, so an email can say so rather than "soon".
            "confirmation_days": account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "password_reset_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": (
            "To change your email address, turn off two-step log-in first, then turn it "
            "back on afterwards."
        ),
        "cannot_delete_authenticator": (
            "Two-step log-in stays on for staff accounts, because they can open the admin. "
            "If you've lost your phone, log in with a backup code, or ask an administrator "
            "to reset two-step log-in for you."
        ),
        "cannot_generate_recovery_codes": (
            "Turn on two-step log-in first, then you can make backup codes."
        ),
        "incorrect_code": "That code is not right. Check it and try again.",
        "unverified_email": (
            "Please verify your email address first, then you can turn on two-step log-in."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep two-step log-in (participation/staff_mfa.py); an administrator
        # resets a lost one. Participants choose for themselves.
        return not is_staff_member(authenticator.user)

    def get_totp_issuer(self) -> str:
        # The name people see in their authenticator app, instead of the request's host.
        return mfa_settings.TOTP_ISSUER or site_name()
