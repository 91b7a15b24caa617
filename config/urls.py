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
from participation.views import votes

urlpatterns = [
    path("healthz", cms_views.healthz, name="healthz"),
    path("status/", cms_views.status, name="status"),
    path("search/", cms_search.search, name="search"),
    path("design/", design_views.components, name="design"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots-txt"),
    path("feedback/<int:page_id>/", feedback_views.page_feedback, name="page-feedback"),
    # The ballot form posts here, outside the page tree (see votes.ballot_post).
    path("rounds/<int:round_id>/ballot/", votes.ballot_post, name="ballot-post"),
    path("api/v1/", api.urls),
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
