import datetime as dt
import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from cms import scheduler
from cms.addresses import site_root_url

logger = logging.getLogger(__name__)

# Areas for people signed in, or about to be: nothing there is for a search engine.
ROBOTS_DISALLOW = ("/admin/", "/me/", "/moderation/", "/accounts/")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_answers() -> bool:
    """Whether a throwaway value round-trips through the shared cache."""
    # A key of its own per check: workers checking at once must not read each other's.
    key = f"healthz:probe:{uuid.uuid4().hex}"
    try:
        cache.set(key, key, timeout=60)
        answered = cache.get(key) == key
        cache.delete(key)
    except Exception as error:
        logger.warning("Health check: the cache did not answer: %r", error)
        return False
    return answered


@never_cache
@require_GET
def healthz(request):
    """This app server's health as JSON, for load balancers and monitoring.

        {"status": "ok" | "degraded" | "unavailable",
         "database": "ok" | "unreachable",    a query answers
         "cache": "ok" | "unavailable",       a throwaway key round-trips
         "scheduler": "ok" | "stale" | "unknown"}

    503 ("unavailable") when the database or the cache fails: pages cannot be served.
    The scheduler is judged by the heartbeat of its minute job, close_rounds: "ok"
    when fresher than five minutes (scheduler.HEARTBEAT_FRESH_FOR), "stale" when
    older, "unknown" when none is recorded. Either of those answers 200 with "status": "degraded":
    the scheduler is one separate process, and a load balancer must not take healthy
    app servers out of service because it stopped; alert on "degraded" instead.
    Meanwhile voting still ends on time (casting a ballot checks the clock) and
    counting catches up when the scheduler is back. Never a 500: a check that
    raises reports its component as failed.
    """
    database = "ok" if database_answers() else "unreachable"
    cache_state = "ok" if cache_answers() else "unavailable"
    scheduler_state = "unknown"
    if cache_state == "ok":
        try:
            scheduler_state = scheduler.heartbeat_state("close_rounds")
        except Exception as error:
            logger.warning("Health check: the scheduler's heartbeat is unreadable: %r", error)
    if database != "ok" or cache_state != "ok":
        status, code = "unavailable", 503
    else:
        status, code = ("ok" if scheduler_state == "ok" else "degraded"), 200
    return JsonResponse(
        {
            "status": status,
            "database": database,
            "cache": cache_state,
            "scheduler": scheduler_state,
        },
        status=code,
    )


@never_cache
@require_GET
def status(request):
    """The service status in plain words, for people (machines read `healthz`).

    When the database does not answer, the page is drawn from a layout that needs no
    database (no menus, settings or account links), with the helplines written in.
    """
    working = database_answers()
    context = {
        "working": working,
        "layout": "base.html" if working else "standalone.html",
        "checked_at": timezone.localtime(),
    }
    return TemplateResponse(request, "cms/status.html", context, status=200 if working else 503)


@require_GET
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {site_root_url(request)}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Fields whose words are shown back on the 429 page so nothing typed is lost; never a
# password, a code or a token.
KEPT_FIELDS = (
    ("title", "Title"),
    ("description", "Description"),
    ("text", "What you wrote"),
    ("comment", "Your comment"),
    ("reason", "Your reason"),
)
# allauth's own limits do not say how long is left; most of them count per minute.
DEFAULT_RETRY_AFTER = 60


def _wait_in_words(seconds: int) -> str:
    if seconds < 90:
        return "about a minute"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"about {minutes} minutes"
    hours = round(minutes / 60)
    return "about an hour" if hours == 1 else f"about {hours} hours"


def _back_url(request) -> str:
    """Where "Go back" leads: the page the form was on, when it is on this site."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


def rate_limited(request, exception=None):
    """The 429 page for every limit on the site (config/limits.py), and for allauth's.

    It says what happened, when to try again (also in Retry-After), that nothing sent
    before was lost, and shows back the words of the form that was refused, so they
    can be copied and sent later.
    """
    limit = getattr(exception, "limit", None)
    retry_after = getattr(exception, "retry_after", DEFAULT_RETRY_AFTER)
    kept = []
    if request.method == "POST":
        for name, label in KEPT_FIELDS:
            value = request.POST.get(name, "").strip()
            if value:
                kept.append((label, value))
    response = render(
        request,
        "429.html",
        {
            "limit": limit,
            "wait": _wait_in_words(retry_after),
            "try_again_at": timezone.localtime() + dt.timedelta(seconds=retry_after),
            "kept": kept,
            "back_url": _back_url(request),
            "was_sending": request.method == "POST",
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def not_found(request):
    """An address that exists in a library we use but not on this site."""
    raise Http404("Not here")
