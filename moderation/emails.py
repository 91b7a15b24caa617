"""Notice emails: a plain-text and an HTML version from templates, with the site's name.

Links are made absolute with the configured base address (`conf.site_url()`), never
the host of whatever request happens to be running.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from moderation import conf, registry
from moderation.models import KIND_REASONS, Notice


def site_name() -> str:
    """The name of the site as its editors set it in Wagtail."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")


def absolute(link: str) -> str:
    """A link for an email: our own paths made absolute; anything but a web address dropped."""
    if link.startswith("/") and not link.startswith("//"):
        return conf.site_url() + link
    if link.startswith(("https://", "http://")):
        return link
    return ""


def _messages_url() -> str:
    try:
        return absolute(reverse("moderation:notice-list"))
    except NoReverseMatch:
        return ""


def notice_email(notice: Notice, *, delivery: registry.NoticeDelivery) -> EmailMultiAlternatives:
    """The email for one notice. With an unsubscribe address it carries the RFC 8058
    one-click headers, so mail apps can offer "unsubscribe" without opening the site."""
    name = site_name()
    context = {
        "site_name": name,
        # The name they chose to be seen by, if the user model has one; never an email.
        "recipient_name": getattr(notice.recipient, "display_name", "") or "",
        "subject": notice.subject,
        "message": notice.message,
        "link": absolute(notice.link),
        "messages_url": _messages_url(),
        "reason": KIND_REASONS.get(notice.kind, ""),
        "unsubscribe_url": delivery.unsubscribe_url,
        "preferences_url": delivery.preferences_url,
    }
    headers = {}
    if delivery.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"[{name}] {notice.subject}" if name else notice.subject,
        body=render_to_string("moderation/emails/notice.txt", context),
        to=[notice.recipient.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("moderation/emails/notice.html", context), "text/html"
    )
    return message
