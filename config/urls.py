from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import design_views, feedback_views
from cms import search as cms_search
from cms import views as cms_views
from config import api
from config import ids as _ids  # noqa: F401  (registers the "id" path converter)
from participation.views import staff_sign_in, votes

urlpatterns = [
    path("healthz", cms_views.healthz, name="healthz"),
    path("status/", cms_views.status, name="status"),
    path("search/", cms_search.search, name="search"),
    path("design/", design_views.components, name="design"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots-txt"),
    path("feedback/<id:page_id>/", feedback_views.page_feedback, name="page-feedback"),
    # The ballot form posts here, outside the page tree (see votes.ballot_post).
    path("rounds/<id:round_id>/ballot/", votes.ballot_post, name="ballot-post"),
    path("api/v1/", api.urls),
    # Staff log in through allauth, with two-step log-in (participation/staff_mfa.py).
    path("admin/login/", staff_sign_in.admin_login, name="staff-admin-login"),
    path("accounts/staff/two-step/", staff_sign_in.two_step_required, name="staff-two-step"),
    # Wagtail's log-in for private pages is Django's own, without allauth's lockout.
    path("_util/login/", staff_sign_in.admin_login, name="private-page-login"),
    # Wagtail's deliberate error page, for testing error reporting: not on this site.
    path("admin/failwhale/", cms_views.not_found, name="no-failwhale"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("me/", include("participation.urls")),
    path("moderation/", include("moderation.urls")),
    path("evidence/", include("evidence.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# Views that raise django-ratelimit's Ratelimited, and allauth's own limits, answer with
# the friendly 429 page and a Retry-After header.
handler429 = "cms.views.rate_limited"
