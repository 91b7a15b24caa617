"""The HTTP around every open-data endpoint: caching headers, HEAD, the rate limit and
errors as JSON.

`config.api` wraps every address under /api/v1/ with `conditional` and installs
`install_error_handlers` on the API, so a new router gets all of it by being mounted.
CORS headers come from django-cors-headers (settings: CORS_*), for GET and HEAD only.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, URLPattern, URLResolver, resolve, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path
from django.utils.http import parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle

from evidence.api.common import ApiError

logger = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD")
MAX_QUERY_STRING = 2000  # characters; every parameter the API takes fits in far fewer
CACHE_SECONDS = 60
RATE_LIMIT_GROUP = "api-v1"


def error_response(status: int, detail: str, errors: list | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status)


# --- The rate limit ---------------------------------------------------------------


class ClientRateLimit(BaseThrottle):
    """At most settings.API_RATE_LIMIT requests per client address (e.g. "120/m"; the
    default is the "api" limit in config/limits.py, with every other limit of the site).

    Counted with django-ratelimit in the shared cache (settings.RATELIMIT_USE_CACHE),
    so every worker sees the same count. The address is the one django-ratelimit's
    "ip" key reads (settings.RATELIMIT_IP_META_KEY, REMOTE_ADDR unless set), the same
    for every part of the site that limits by address.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            usage = self._usage(request, "ip")
        except (KeyError, ValueError, ImproperlyConfigured):
            # No address to read (a unix socket, a test client): such requests share one count.
            usage = self._usage(request, lambda group, request: "no-address")
        if usage is None or not usage["should_limit"]:
            return True
        # Throttle objects are shared by every request, so the wait travels with the
        # request, not on `self`.
        request.api_retry_after = max(1, usage["time_left"])
        return False

    @staticmethod
    def _usage(request: HttpRequest, key) -> dict | None:
        return get_usage(
            request, group=RATE_LIMIT_GROUP, key=key, rate=settings.API_RATE_LIMIT, increment=True
        )


def rate_limited(view):
    """The same limit for views outside the operations (the OpenAPI schema)."""

    limit = ClientRateLimit()

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not limit.allow_request(request):
            return throttled_response(request)
        return view(request, *args, **kwargs)

    return wrapped


def throttled_response(request: HttpRequest) -> JsonResponse:
    wait = getattr(request, "api_retry_after", 60)
    response = error_response(
        429,
        f"Too many requests from your address (the limit is {rate_in_words()}). "
        f"Please wait {wait} second{'s' * (wait != 1)} and try again.",
    )
    response["Retry-After"] = str(wait)
    return response


def rate_in_words() -> str:
    """settings.API_RATE_LIMIT for people: "120/m" is "120 requests a minute"."""
    count, _, period = settings.API_RATE_LIMIT.partition("/")
    unit = {"s": "second", "m": "minute", "h": "hour", "d": "day"}.get(period[-1:], period)
    times = period[:-1]
    per = f"a {unit}" if times in ("", "1") else f"every {times} {unit}s"
    return f"{count} requests {per}"


# --- Errors as JSON ---------------------------------------------------------------

KIND_MESSAGES = {
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "greater_than_equal": "should be at least {ge}",
    "less_than_equal": "should be at most {le}",
    "string_too_short": "should not be empty",
    "string_too_long": "should be at most {max_length} characters",
    "missing": "is required",
    "string_type": "should be text",
}
SLUG_MESSAGE = "may contain only letters, digits, hyphens and underscores"


def _kind_message(error: dict) -> str:
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return (
            SLUG_MESSAGE
            if "a-zA-Z0-9" in str(context.get("pattern", ""))
            else "isn't in the right form"
        )
    if kind in ("literal_error", "enum"):
        return f"should be one of {context.get('expected', 'the documented values')}"
    template = KIND_MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", "isn't valid")).rstrip(".").lower()
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return str(error.get("msg", "isn't valid")).rstrip(".").lower()


def validation_errors(errors: list[dict]) -> tuple[str, list[dict]]:
    """Ninja's validation errors as a sentence and one plain entry per parameter."""
    items = []
    for error in errors:
        location, *rest = [str(part) for part in error.get("loc", ("query",))] or ["query"]
        # A paginated operation's parameters sit under an internal name: drop it.
        names = [part for part in rest if not part.startswith("ninja_")]
        items.append(
            {
                "location": location,
                "parameter": ".".join(names) or location,
                "message": _kind_message(error),
            }
        )
    detail = "; ".join(f"{item['parameter']} {item['message']}" for item in items)
    return f"Please check the address: {detail}.", items


def install_error_handlers(api) -> None:
    """Every error as `{"detail": ..., "errors": [...]}`: never Ninja's 422, never HTML."""

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        detail, items = validation_errors(exc.errors)
        return error_response(400, detail, items)

    @api.exception_handler(Throttled)
    def _throttled(request, exc):
        return throttled_response(request)

    @api.exception_handler(ApiError)
    def _api_error(request, exc):
        return error_response(exc.status_code, exc.message, exc.errors)

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        return error_response(exc.status_code, exc.message)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error_response(404, "Nothing was found at this address.")

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request, exc):
        return error_response(400, "The request has too many parameters or isn't well formed.")

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("Open-data API failed on %s", request.path)
        return error_response(
            500, "Something went wrong on our side. Please try again later; we've been told."
        )


# --- Caching headers, HEAD, methods -------------------------------------------------


def conditional(view):
    """GET and HEAD only; an ETag on every answer, Last-Modified when the view set it,
    and 304 Not Modified for a matching If-None-Match or If-Modified-Since.

    The ETag is a hash of the body, so it changes exactly when the answer does. HEAD
    runs the GET and sends its headers without the body.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            response = error_response(
                405, f"This API only reads: use GET or HEAD, not {request.method}."
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return error_response(
                400,
                f"The query string is too long: at most {MAX_QUERY_STRING} characters, "
                "far more than any search here needs.",
            )
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response = get_conditional_response(
                request, etag=response["ETag"], last_modified=last_modified, response=response
            )
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return csrf_exempt(wrapped)


def wrap_patterns(patterns: list) -> list:
    """`conditional` around every view of `patterns` (URL patterns, resolvers inside)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrap_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = conditional(pattern.callback)
    return patterns


@csrf_exempt
def unknown_address(request: HttpRequest) -> HttpResponse:
    """Any other address under the API: a JSON 404, or the address with (or without)
    its trailing slash when that one exists."""
    path = request.path
    other = path[:-1] if path.endswith("/") else f"{path}/"
    try:
        match = resolve(other)
    except Resolver404:
        match = None
    if match is not None and match.func is not unknown_address:
        query = request.META.get("QUERY_STRING", "")
        location = escape_uri_path(other)  # a path is text: never a header's line break
        response = HttpResponse(status=301)
        response["Location"] = f"{location}?{query}" if query else location
        return response
    docs = request.build_absolute_uri(reverse("api-v1:docs"))
    return error_response(
        404, f"There is nothing at this address. The endpoints are listed at {docs}"
    )


# --- The schema's word on all this ----------------------------------------------

ANSWERS = {
    "304": "Not modified: the answer is still the one whose ETag (or date) was sent in "
    "If-None-Match (or If-Modified-Since). No body.",
    "400": "Bad input: a parameter is out of range or malformed. `detail` says what to "
    "fix and `errors` lists each parameter.",
    "404": "There is nothing public at this address.",
    "429": "Too many requests from this address: wait `Retry-After` seconds.",
}
HEADERS_200 = {
    "ETag": {
        "description": "Changes exactly when the answer does: send it back as If-None-Match.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When what the answer is about last changed, where it has a date.",
        "schema": {"type": "string"},
    },
}
HEADERS_429 = {
    "Retry-After": {
        "description": "How many seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}


def describe_http(schema: dict) -> dict:
    """Add what `conditional` and the rate limit do to every operation of `schema`."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                # Ninja copies a field's list of examples onto the parameter, where
                # OpenAPI wants a map of Example objects; the list stays in its schema.
                if isinstance(parameter.get("examples"), list):
                    del parameter["examples"]
            responses = operation.setdefault("responses", {})
            for status in list(responses):
                code = str(status)
                if code == "200" and responses[status].get("description") == "OK":
                    responses[status]["description"] = "The data asked for."
                if code in ANSWERS:
                    responses[status]["description"] = ANSWERS[code]
                if code == "200":
                    responses[status].setdefault("headers", {}).update(HEADERS_200)
                if code == "429":
                    responses[status].setdefault("headers", {}).update(HEADERS_429)
            responses["304"] = {"description": ANSWERS["304"]}
    return schema
