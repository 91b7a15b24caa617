"""Account pages and emails speak in the hub's own voice, and links in emails go to the
site's configured address, never to whatever host a request claimed."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client

from tests.auth import signup_answers
from tests.factories import PASSWORD, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

# allauth's own wording, which the hub replaces everywhere: "Log in", "Join", "Log out",
# "Email address", "two-step log-in", sentence case.
DEFAULT_WORDING = [
    r"\bsign[ -]?in\b",
    r"\bsign[ -]?up\b",
    r"\bsign[ -]?out\b",
    r"\be-mail\b",
    r"forgot password",
    r"remember me",
    r"re-send",
    r"two-factor",
    r"\(again\)",
]
# allauth's title-case headings and buttons.
DEFAULT_TITLES = [
    "Verify Your Email Address",
    "Confirm Email Address",
    "Email Address",
    "Change Password",
    "Set Password",
    "Password Reset",
    "Reset My Password",
    "Account Inactive",
    "Confirm Access",
    "Recovery Codes",
    "Authenticator App",
]
# A host the site answers to that is not its configured address (in production, any
# name in ALLOWED_HOSTS, or a forged Host header behind a lenient proxy).
OTHER_HOST = "localhost"
# Words people see that are not in text nodes.
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def default_wording_in(text: str) -> list[str]:
    return [p for p in DEFAULT_WORDING if re.search(p, text, flags=re.IGNORECASE)] + [
        title for title in DEFAULT_TITLES if title in text
    ]


def assert_in_the_hubs_voice(response):
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    text = visible_text(html)
    assert default_wording_in(text) == [], text
    assert html.count("<h1") == 1
    return text


def log_in_for_real(client: Client, user) -> None:
    """Logged in, and has just typed the password again, as allauth asks before the
    two-step log-in settings open."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def with_two_step(participant):
    TOTP.activate(participant, generate_totp_secret())
    RecoveryCodes.activate(participant)
    return participant


@pytest.fixture
def base_url(settings):
    settings.SITE_BASE_URL = "https://hub.example.org"
    return "https://hub.example.org"


def test_the_default_wording_check_catches_allauths_words():
    for words in ("Sign In", "Sign Up", "Sign Out", "E-mail", "Remember Me", "Change Password"):
        assert default_wording_in(visible_text(f"<button>{words}</button>")), words
    assert default_wording_in(visible_text('<input placeholder="Sign in">'))
    assert not default_wording_in(visible_text('<a href="/accounts/signup/">Join</a>'))
    assert not default_wording_in(visible_text("<p>Please verify your email address first</p>"))


# --- Every page someone can reach ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/done/",
        "/accounts/password/reset/key/1-not-a-real-key/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-real-key/",
        "/accounts/inactive/",
    ],
)
def test_pages_for_visitors_are_in_the_hubs_voice(visitor, site, url):
    assert_in_the_hubs_voice(visitor.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/logout/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/password/reset/",
        "/accounts/reauthenticate/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/confirm-email/",
    ],
)
def test_pages_for_a_participant_are_in_the_hubs_voice(client, participant, url):
    log_in_for_real(client, participant)
    assert_in_the_hubs_voice(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/reauthenticate/",
    ],
)
def test_two_step_log_in_pages_are_in_the_hubs_voice(client, with_two_step, url):
    log_in_for_real(client, with_two_step)
    assert_in_the_hubs_voice(client.get(url))


@pytest.mark.parametrize(
    "url", ["/accounts/email/", "/accounts/confirm-email/", "/accounts/2fa/", "/accounts/logout/"]
)
def test_pages_for_an_unverified_user_are_in_the_hubs_voice(client_for, unverified, url):
    assert_in_the_hubs_voice(client_for(unverified).get(url, follow=True))


def test_choosing_a_first_password_is_in_the_hubs_voice(client_for, participant):
    participant.set_unusable_password()
    participant.save()
    assert_in_the_hubs_voice(client_for(participant).get("/accounts/password/set/"))


def test_the_two_step_code_page_at_log_in_is_in_the_hubs_voice(client, with_two_step):
    response = client.post(
        "/accounts/login/", {"login": with_two_step.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    text = assert_in_the_hubs_voice(response)
    assert "backup codes" in text


def test_the_confirmation_page_from_an_emailed_link_is_in_the_hubs_voice(client, unverified):
    address = EmailAddress.objects.get(user=unverified)
    key = EmailConfirmationHMAC(address).key
    text = assert_in_the_hubs_voice(client.get(f"/accounts/confirm-email/{key}/"))
    assert "Verify my email address" in text


def test_the_new_password_page_from_an_emailed_link_is_in_the_hubs_voice(visitor, participant):
    visitor.post("/accounts/password/reset/", {"email": participant.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    text = assert_in_the_hubs_voice(visitor.get(link.group(1), follow=True))
    assert "Choose a new password" in text


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "/accounts/login/",
            {"login": "participant@example.org", "password": "nope"},
            "not correct",
        ),
        ("/accounts/password/reset/", {"email": "not-an-email"}, "valid email address"),
    ],
)
def test_a_mistake_is_explained_next_to_the_field_and_at_the_top(
    visitor, participant, action, data, message
):
    response = visitor.post(action, data)
    html = response.content.decode()
    text = assert_in_the_hubs_voice(response)
    assert message in text
    assert 'id="error-summary"' in html
    assert 'role="alert"' in html


def test_every_field_on_the_log_in_page_has_a_plain_label(visitor):
    html = visitor.get("/accounts/login/").content.decode()
    for field, label in [
        ("login", "Email address"),
        ("password", "Password"),
        ("remember", "Keep me logged in on this device"),
    ]:
        assert re.search(rf'<label[^>]*for="id_{field}"[^>]*>\s*{label}', html), field
    assert "placeholder=" not in html


def test_the_join_page_asks_for_an_email_address_in_plain_words(visitor, site):
    text = visible_text(visitor.get("/accounts/signup/").content.decode())
    assert "Email address" in text
    assert "Type the same password again" in text


# --- Verifying an email address -----------------------------------------------------


def test_the_verify_sent_page_says_what_to_do_if_the_email_has_not_arrived(visitor, site):
    response = visitor.get("/accounts/confirm-email/")
    html = response.content.decode()
    text = assert_in_the_hubs_voice(response)
    for advice in (
        "Email not arrived?",
        "few minutes",
        "spam or junk folder",
        "Send the link again",
    ):
        assert advice in text
    # The button sends the link again by logging in, which allauth answers with a new link.
    assert 'action="/accounts/login/"' in html


def test_the_verify_sent_page_after_joining_names_the_address(client, site):
    response = client.post("/accounts/signup/", signup_answers(), follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    text = assert_in_the_hubs_voice(response)
    assert "We've sent a link to newcomer@example.org" in text


def test_logging_in_unverified_sends_a_new_link_and_says_so(visitor, unverified):
    response = visitor.post(
        "/accounts/login/", {"login": unverified.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert f"We've sent a link to {unverified.email}" in assert_in_the_hubs_voice(response)
    assert [message.to for message in mail.outbox] == [[unverified.email]]


def test_an_unverified_user_on_a_participant_page_is_told_to_verify_not_to_log_in(
    client_for, unverified
):
    response = client_for(unverified).get("/me/participation/", follow=True)
    assert response.redirect_chain == [("/accounts/email/", 302)]
    text = assert_in_the_hubs_voice(response)
    assert "Please verify your email address first" in text
    assert "Send the link again" in text
    assert 'name="login"' not in response.content.decode()  # no log-in form


def test_my_account_page_tells_an_unverified_user_to_verify(client_for, unverified, participant):
    unverified_page = client_for(unverified).get("/me/").content.decode()
    participant_page = client_for(participant).get("/me/").content.decode()
    # A notice with a button to the email page, as well as the usual "change email" link.
    assert unverified_page.count('href="/accounts/email/"') == 2
    assert participant_page.count('href="/accounts/email/"') == 1


def test_my_account_page_tells_someone_without_a_profile_to_finish_it(client_for):
    html = client_for(UserFactory()).get("/me/").content.decode()
    assert 'href="/me/complete/"' in html


def test_the_email_page_sends_the_link_again_to_an_unverified_user(client_for, unverified):
    client = client_for(unverified)
    response = client.post(
        "/accounts/email/", {"action_send": "", "email": unverified.email}, follow=True
    )
    assert [message.to for message in mail.outbox] == [[unverified.email]]
    assert f"We've sent a link to {unverified.email}" in assert_in_the_hubs_voice(response)


def test_a_pending_change_of_address_can_be_sent_again_or_cancelled(client_for, participant):
    client = client_for(participant)
    client.post("/accounts/email/", {"action_add": "", "email": "new.address@example.org"})
    text = assert_in_the_hubs_voice(client.get("/accounts/email/"))
    assert "You log in with participant@example.org" in text
    assert "change your email address to new.address@example.org" in text
    assert "Send the link again" in text
    assert "Cancel the change" in text


# --- Emails -------------------------------------------------------------------------


def _links(message) -> list[str]:
    bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
    return [link for body in bodies for link in re.findall(r"https?://[^\s\"'<>]+", body)]


def test_the_confirmation_email_names_the_site_and_links_to_its_address(client, site, base_url):
    client.post("/accounts/signup/", signup_answers(), HTTP_HOST=OTHER_HOST)
    [message] = mail.outbox
    assert message.subject == "[Listening Hub] Please verify your email address to finish joining"
    assert message.body.startswith("Hello,\n\nThanks for joining the Listening Hub!")
    assert not re.search(r"^ ", message.body, flags=re.MULTILINE)  # plain text, not indented
    assert "The Listening Hub team" in message.body
    assert OTHER_HOST not in message.body
    assert "testserver" not in message.body
    links = _links(message)
    assert links
    assert all(link.startswith(f"{base_url}/") for link in links), links
    assert f"{base_url}/accounts/confirm-email/" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert f'href="{base_url}/accounts/confirm-email/' in html


def test_the_password_reset_email_names_the_site_and_links_to_its_address(
    client, participant, site, base_url
):
    client.post("/accounts/password/reset/", {"email": participant.email}, HTTP_HOST=OTHER_HOST)
    [message] = mail.outbox
    assert message.subject == "[Listening Hub] Reset your password"
    assert "your Listening Hub account" in message.body
    assert OTHER_HOST not in message.body + message.alternatives[0][0]
    links = _links(message)
    assert all(link.startswith(f"{base_url}/") for link in links), links
    reset = re.search(rf"{re.escape(base_url)}(/accounts/password/reset/key/\S+/)", message.body)
    # The link works: it opens the page to choose a new password.
    page = client.get(reset.group(1), follow=True)
    assert "Choose a new password" in visible_text(page.content.decode())


def test_emails_use_the_name_editors_gave_the_site(client, participant, site, base_url):
    site.site_name = "Youth Voice Hub"
    site.save()
    client.post("/accounts/password/reset/", {"email": participant.email})
    [message] = mail.outbox
    assert message.subject == "[Youth Voice Hub] Reset your password"
    assert "The Youth Voice Hub team" in message.body


def test_an_unknown_address_gets_a_kind_email_with_links_to_the_site(client, site, base_url):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=OTHER_HOST)
    [message] = mail.outbox
    assert message.subject == "[Listening Hub] We couldn't find your account"
    assert f"{base_url}/accounts/signup/" in message.body
    assert all(link.startswith(f"{base_url}/") for link in _links(message)), _links(message)


def test_joining_again_with_a_known_address_gets_links_to_the_site(
    client, participant, site, base_url
):
    client.post(
        "/accounts/signup/",
        signup_answers(email=participant.email, display_name="SecondGo"),
        HTTP_HOST=OTHER_HOST,
    )
    [message] = mail.outbox
    assert message.subject == "[Listening Hub] You already have an account"
    assert f"{base_url}/accounts/login/" in message.body
    assert f"{base_url}/accounts/password/reset/" in message.body
    assert all(link.startswith(f"{base_url}/") for link in _links(message)), _links(message)


def test_no_email_says_sign_in_or_names_the_host(client, participant, site):
    ParticipantFactory(email="second@example.org", verified=False)
    client.post("/accounts/password/reset/", {"email": participant.email})
    client.post("/accounts/login/", {"login": "second@example.org", "password": PASSWORD})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for text in (message.subject, message.body, message.alternatives[0][0]):
            assert default_wording_in(visible_text(text)) == [], text
            assert "Hello from" not in text


def test_without_a_site_address_links_use_the_admin_address(client, participant, settings):
    settings.SITE_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"  # what `make run` serves
    client.post("/accounts/password/reset/", {"email": participant.email}, HTTP_HOST=OTHER_HOST)
    assert "http://127.0.0.1:8000/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_authenticator_app_shows_the_sites_name_not_its_host(client, participant):
    log_in_for_real(client, participant)
    response = client.get("/accounts/2fa/totp/activate/")
    assert "issuer=Listening%20Hub" in response.context["totp_url"]


def test_my_account_page_speaks_the_same_way(client_for, participant):
    page = client_for(participant).get("/me/").content.decode()
    assert "Two-step log-in" in page and "sign-in" not in page.lower()
