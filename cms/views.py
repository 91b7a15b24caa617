from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from cms.addresses import site_root_url

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


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    if not database_answers():
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
