"""The site's own URLs, with the two ceiling views in front."""

from django.urls import include, path

from .views import read_ceiling, write_ceiling

urlpatterns = [
    path("bench/ceiling/read/", read_ceiling),
    path("bench/ceiling/write/", write_ceiling),
    path("", include("config.urls")),
]
