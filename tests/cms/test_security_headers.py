"""Security headers on every kind of answer: the public site, a logged-in page, the admin,
the API and an error page (cms/security_headers.py and "Security headers" in settings).

The module is also a small URLconf (`urlpatterns` below) for the two things no real
page does today: an inline script that needs the answer's nonce, and an answer a view
allowed to be framed by the site itself, as Wagtail's page preview is.
"""

import html5lib
import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_sameorigin

from tests.auth import client_for as staff_client
from tests.auth import log_in
from tests.factories import PASSWORD
from tests.participation.factories import campaign_vote

pytestmark = pytest.mark.django_db

INLINE_SCRIPT_PAGE = engines["django"].from_string(
    '<!DOCTYPE html><title>Nonce</title><script nonce="{{ request.csp_nonce }}">'
    'document.title = "ran";</script>'
)


def _inline_script(request):
    return HttpResponse(INLINE_SCRIPT_PAGE.render({}, request))


@xframe_options_sameorigin
def _framed_by_the_site(request):
    return HttpResponse("<!DOCTYPE html><title>Preview</title>")


urlpatterns = [
    path("inline-script/", _inline_script),
    path("framed/", _framed_by_the_site),
    path("", include("config.urls")),
]


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def answers(site, visitor, client_for, participant, admin):
    """One answer of each kind, as its usual reader gets it."""
    return {
        "a public page": visitor.get("/"),
        "a logged-in page": client_for(participant).get("/me/"),
        "an admin page": staff_client(admin).get("/admin/"),
        # Staff whose session has not passed two-step log-in are sent to type their
        # code first: the headers hold on that answer as on any other.
        "an admin redirect": log_in(Client(), admin, second_step=False).get("/admin/pages/"),
        "an API answer": visitor.get("/api/v1/"),
        "a page that is not there": visitor.get("/no-such-page/"),
    }


STATUS = {
    "a public page": 200,
    "a logged-in page": 200,
    "an admin page": 200,
    "an admin redirect": 302,
    "an API answer": 200,
    "a page that is not there": 404,
}
KINDS = list(STATUS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_answer_carries_every_security_header(answers, kind):
    response = answers[kind]
    assert response.status_code == STATUS[kind]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature
    assert features["clipboard-write"] == "(self)"  # the share pages' Copy buttons
    directives = policy(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives.get("script-src", [])
    assert "'unsafe-eval'" not in directives.get("script-src", [])


@pytest.mark.parametrize("kind", ["a public page", "a logged-in page", "a page that is not there"])
def test_the_site_loads_only_its_own_files_and_no_inline_style(answers, kind):
    directives = policy(answers[kind])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # a nonce only when a page uses one
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["font-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    # Production adds it (see test_production_settings.py); on plain HTTP it would break.
    assert "upgrade-insecure-requests" not in directives


def test_the_admin_alone_allows_inline_styles_and_never_inline_scripts(answers):
    directives = policy(answers["an admin page"])
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]


def test_the_admin_login_page_has_the_admin_policy_too(visitor):
    directives = policy(visitor.get("/admin/login/"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_the_api_json_may_load_nothing_at_all(answers):
    response = answers["an API answer"]
    assert response["Content-Type"].startswith("application/json")
    assert policy(response) == {
        "default-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_api_docs_page_keeps_the_site_policy_so_it_still_shows(visitor):
    response = visitor.get("/api/v1/docs/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]


def test_a_second_visit_to_the_api_docs_keeps_the_policy_its_page_was_stored_with(visitor):
    """A "not modified" answer sends no policy: browsers would put it in place of the
    stored page's, and the JSON's policy would blank the docs page's styles."""
    first = visitor.get("/api/v1/docs/")
    assert "style-src 'self'" in first["Content-Security-Policy"]
    again = visitor.get("/api/v1/docs/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again


def test_the_api_error_answers_get_the_api_policy(visitor):
    response = visitor.get("/api/v1/topics/no-such-topic")
    assert response.status_code in {400, 404}
    assert policy(response)["default-src"] == ["'none'"]


@pytest.mark.urls(__name__)
def test_an_inline_script_gets_this_answers_nonce_and_the_next_answer_another(client):
    first, second = client.get("/inline-script/"), client.get("/inline-script/")
    nonces = []
    for response in (first, second):
        sources = policy(response)["script-src"]
        named = [s.removeprefix("'nonce-").removesuffix("'") for s in sources if "nonce-" in s]
        assert len(named) == 1
        assert f'<script nonce="{named[0]}">' in response.content.decode()
        nonces.append(named[0])
        # A nonce for scripts, never 'unsafe-inline' beside it.
        assert "'unsafe-inline'" not in sources
    assert nonces[0] != nonces[1]


@pytest.mark.urls(__name__)
def test_an_answer_the_view_lets_the_site_frame_says_so_in_its_policy(client):
    response = client.get("/framed/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]


def _inline_code(html: str, *, styles: bool = True) -> list[str]:
    """Every inline script (and, with `styles`, every <style> or style attribute) in a
    page that carries no nonce, found as a browser parses the page."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        data_block = element.get("type") in {"application/json", "application/ld+json"}
        if tag == "script" and not (element.get("src") or element.get("nonce") or data_block):
            found.append(f"<script> {(element.text or '')[:60]!r}")
        if any(name.startswith("on") for name in element.attrib):
            found.append(f"<{tag}> attributes {dict(element.attrib)}")
        if not styles:
            continue
        if tag == "style" and not element.get("nonce"):
            found.append(f"<style> {(element.text or '')[:60]!r}")
        if "style" in element.attrib:
            found.append(f"<{tag}> attributes {dict(element.attrib)}")
    return found


@pytest.mark.parametrize(
    "url",
    ["/", "/search/?q=bus", "/accounts/login/", "/accounts/signup/", "/api/v1/docs/",
     "/status/", "/no-such-page/"],
)  # fmt: skip
def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(site, visitor, url):
    response = visitor.get(url)
    assert response.status_code in {200, 404}
    assert _inline_code(response.content.decode()) == []


def test_a_logged_in_page_has_no_inline_script_or_style(site, client_for, participant):
    response = client_for(participant).get("/me/")
    assert response.status_code == 200
    assert _inline_code(response.content.decode()) == []


def test_the_session_and_csrf_cookies_are_out_of_reach_of_scripts(site, visitor, participant):
    login_page = visitor.get("/accounts/login/")
    assert login_page.cookies["csrftoken"]["httponly"] is True
    logged_in = visitor.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert logged_in.status_code == 302
    session = logged_in.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_admin_pages_draw_no_inline_script_and_start_their_controls_from_markers(site, admin):
    """Wagtail's date pickers and inline panels wrote inline scripts, which the policy
    blocks: cms/templates/wagtailadmin/ writes markers that a script file starts."""
    staff = staff_client(admin)
    vote = campaign_vote(open_round=None)
    dashboard = staff.get("/admin/")
    editor = staff.get(f"/admin/pages/{vote.pk}/edit/")
    explorer = staff.get(f"/admin/pages/{vote.get_parent().pk}/")
    for response in (dashboard, editor, explorer):
        assert response.status_code == 200
        assert _inline_code(response.content.decode(), styles=False) == []
        assert "cms/admin-without-inline-scripts" in response.content.decode()
    editor_html = editor.content.decode()
    assert 'data-hub-chooser="datetime" data-hub-chooser-for="id_go_live_at"' in editor_html
    assert "data-hub-inline-panel=" in editor_html  # the vote's rounds
    assert 'data-hub-chooser="date"' in explorer.content.decode()  # the explorer's filters


def test_a_page_previewed_in_the_admin_gets_the_admins_policy(site, admin):
    """Wagtail draws a preview through the middleware with the page's public address;
    the admin's answer must still carry the admin's policy, not the public one."""
    home = site.root_page.specific
    revision = home.save_revision(user=admin)
    response = staff_client(admin).get(f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
