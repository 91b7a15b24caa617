"""Throwaway email addresses are refused: one person, one vote.

A participant's vote counts once because their account is tied to an email address
they keep. Disposable addresses (from the disposable-email-domains list) would let
one person make as many accounts as they liked, so they are refused at sign-up and
when an address is added or changed, subdomains included. The settings add to the
list (HUB_BLOCKED_EMAIL_DOMAINS) and let through a domain it has wrongly
(HUB_ALLOWED_EMAIL_DOMAINS).
"""

from __future__ import annotations

from disposable_email_domains import blocklist
from django.conf import settings

THROWAWAY_EMAIL_MESSAGE = (
    "Please use an email address you'll keep; throwaway addresses can't be used here "
    "because each person gets one vote, and we need to reach you if you forget your "
    "password. A school, college, work or personal address is fine."
)


def _domains(setting: str) -> set[str]:
    return {domain.strip().lower().strip(".") for domain in getattr(settings, setting, ())}


def domain_and_parents(domain: str) -> list[str]:
    """ "mail.tempmail.example" → ["mail.tempmail.example", "tempmail.example", "example"]."""
    parts = [part for part in domain.lower().strip(".").split(".") if part]
    return [".".join(parts[start:]) for start in range(len(parts))]


def is_throwaway(email: str) -> bool:
    """Whether `email` is at a blocked domain (or a subdomain of one) and not allowed."""
    domain = email.rpartition("@")[2]
    candidates = domain_and_parents(domain)
    if _domains("HUB_ALLOWED_EMAIL_DOMAINS").intersection(candidates):
        return False
    blocked = _domains("HUB_BLOCKED_EMAIL_DOMAINS")
    return any(candidate in blocklist or candidate in blocked for candidate in candidates)
