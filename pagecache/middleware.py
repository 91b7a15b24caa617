"""Serve and store whole pages for visitors who are not logged in (see the package doc).

Sits just after Django's CSRF middleware: the CSRF cookie has been read, so each
visitor can be given their own token in a stored page, and the CSRF middleware sets
their cookie on the way out. Everything after this middleware (authentication,
messages, clickjacking headers, allauth, redirects) ran when the page was stored, and
its headers are stored with the page.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

from config.db_router import replica_was_read
from pagecache.generation import (
    GENERATION_KEY,
    current_generation,
    generation_age,
    seconds_until_next_change,
)

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 300
REPLICA_SETTLE_SECONDS = 5
NEVER_CACHED = (
    "/admin/",
    "/accounts/",
    "/me/",
    "/moderation/",
    "/api/",
    "/documents/",
    "/search/",
    "/feedback/",
    "/rounds/",
    "/healthz",
    "/status/",
    "/bench/",
)
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_HOLE = b"\x00hub-csrf-token\x00"
# A Content-Security-Policy nonce is good for one answer only: a stored page keeps a
# hole where it was and each visitor's copy gets the nonce their answer's policy names
# (cms/security_headers.py sets the policy outside this middleware, on every answer).
NONCE_HOLE = b"\x00hub-csp-nonce\x00"
# Headers the stored page keeps: what the view and the inner middleware said about it.
DROPPED_HEADERS = {"set-cookie", "content-length", "date"}
ACCEPTED_VARY = {"cookie", "accept-encoding"}
HIT_HEADER = "X-Page-Cache"


def seconds() -> int:
    return int(getattr(settings, "HUB_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def _eligible(request) -> bool:
    if request.method != "GET" or seconds() <= 0:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return False
    return not request.path.startswith(NEVER_CACHED)


def _key(request) -> str:
    where = f"{request.get_host()}|{request.get_full_path()}".encode()
    return "hub:pagecache:page:" + hashlib.sha256(where).hexdigest()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    # Reading the (empty) session is fine: the visitor sent no session cookie, so the
    # page only learnt that nobody is logged in. Writing to it is not.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= ACCEPTED_VARY


def _maybe_behind(generation: str) -> bool:
    """A page drawn from the read replica just after a change may not show it yet (the
    replica is milliseconds to seconds behind): keep it only once the change is older
    than the lag we allow for."""
    return replica_was_read() and generation_age(generation) < REPLICA_SETTLE_SECONDS


def _nonce_used(request) -> str | None:
    """The answer's CSP nonce if the page asked for it (django-csp makes it lazily)."""
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else None


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        try:
            # One round trip for both: the generation now, and the page if stored.
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
            stored = found.get(key)
        except Exception:
            # Without the cache the page is simply drawn, as for anyone logged in.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None and stored["generation"] == generation:
            return self._served(request, stored)
        response = self.get_response(request)
        if _storable(request, response) and not _maybe_behind(generation):
            try:
                self._store(key, generation, response, nonce=_nonce_used(request))
            except Exception:
                logger.warning("Could not store a page in the cache", exc_info=True)
        return response

    def _served(self, request, stored) -> HttpResponse:
        content = stored["content"]
        if stored["csrf"]:
            content = content.replace(CSRF_HOLE, get_token(request).encode())
        if stored.get("nonce"):
            content = content.replace(NONCE_HOLE, str(request.csp_nonce).encode())
        response = HttpResponse(content, status=200)
        for name, value in stored["headers"]:
            response.headers[name] = value
        response.headers[HIT_HEADER] = "hit"
        return response

    def _store(self, key: str, generation: str, response, nonce: str | None = None) -> None:
        timeout = seconds()
        until_change = seconds_until_next_change(generation)
        if until_change is not None:
            timeout = min(timeout, int(until_change))
        if timeout <= 0:
            return
        content, holes = CSRF_INPUT.subn(rb"\1" + CSRF_HOLE + rb"\2", response.content)
        nonces = 0
        if nonce:
            used = f'nonce="{nonce}"'.encode()
            nonces = content.count(used)
            content = content.replace(used, b'nonce="' + NONCE_HOLE + b'"')
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in DROPPED_HEADERS
        ]
        cache.set(
            key,
            {
                "generation": generation,
                "content": content,
                "headers": headers,
                "csrf": bool(holes),
                "nonce": bool(nonces),
            },
            timeout,
        )
        response.headers[HIT_HEADER] = "stored"
