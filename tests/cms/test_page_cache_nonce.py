"""A page kept by the page cache and served again carries that visitor's own CSP nonce.

No public page has an inline script today; this keeps one that gets one safe: the nonce
named in each answer's Content-Security-Policy is the one on the page's script, and two
visitors never share one. The module is its own URLconf (`urlpatterns` below).
"""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path

from pagecache.middleware import HIT_HEADER

pytestmark = pytest.mark.django_db

PAGE = engines["django"].from_string(
    '<!DOCTYPE html><title>Nonce</title><script nonce="{{ request.csp_nonce }}">'
    'document.title = "ran";</script><p>Same for everyone.</p>'
)


def _page_with_an_inline_script(request):
    return HttpResponse(PAGE.render({}, request))


urlpatterns = [
    path("page-with-a-script/", _page_with_an_inline_script),
    path("", include("config.urls")),
]


def nonce_in_policy(response) -> str:
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        if name == "script-src":
            named = [s for s in sources if s.startswith("'nonce-")]
            assert len(named) == 1, sources
            return named[0].removeprefix("'nonce-").removesuffix("'")
    raise AssertionError("no script-src in the policy")


@pytest.mark.urls(__name__)
def test_a_stored_page_is_served_with_the_visitors_own_nonce(site, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 300
    first = Client().get("/page-with-a-script/")
    second = Client().get("/page-with-a-script/")
    assert first[HIT_HEADER] == "stored"
    assert second[HIT_HEADER] == "hit"
    nonces = []
    for response in (first, second):
        nonce = nonce_in_policy(response)
        html = response.content.decode()
        assert f'<script nonce="{nonce}">' in html
        assert "Same for everyone." in html
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
