"""The site's URLs plus moderation's public ones, as config/urls.py will include them."""

from django.urls import include, path

urlpatterns = [
    path("moderation/", include("moderation.urls")),
    path("", include("config.urls")),
]
