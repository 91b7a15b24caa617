"""Staff log in through allauth, with two-step log-in, before any admin page opens."""

from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.test.utils import override_settings

from cms import roles
from config.settings import base as base_settings
from participation.adapters import MFAAdapter
from tests import auth
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/staff/two-step/"
CODE_PAGE = "/accounts/2fa/authenticate/"
ADMIN_PAGES = {
    "volunteer": ["/admin/", "/admin/moderation/"],
    "senior": ["/admin/", "/admin/snippets/moderation/houserulereason/"],
    "policy": ["/admin/", "/admin/snippets/evidence/evidencesnippet/", "/admin/pages/"],
}


def password_log_in(client: Client, user):
    """The first step of allauth's log-in form."""
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def set_up_url(destination: str) -> str:
    """The set-up page, remembering where the staff member was going."""
    return f"{SET_UP}?{urlencode({'next': destination})}"


@pytest.fixture
def new_volunteer(db):
    """A volunteer who has not turned on two-step log-in yet."""
    return UserFactory(
        email="new.volunteer@example.org",
        display_name="NewReader",
        groups=[roles.VOLUNTEER_MODERATOR],
        two_step=False,
    )


# --- Wagtail's own log-in page -------------------------------------------------------


def test_the_admin_log_in_page_sends_people_to_the_sites_log_in(visitor):
    response = visitor.get("/admin/login/", {"next": "/admin/moderation/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fmoderation%2F"


def test_the_admin_log_in_page_keeps_only_a_next_on_this_site(visitor):
    response = visitor.get("/admin/login/", {"next": "https://elsewhere.example/admin/"})
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_opening_the_admin_logged_out_ends_at_the_sites_log_in(visitor):
    response = visitor.get("/admin/moderation/", follow=True)
    assert response.request["PATH_INFO"] == "/accounts/login/"
    assert response.context["redirect_field_value"] == "/admin/moderation/"


def test_a_password_posted_to_the_admin_log_in_page_opens_nothing(visitor, volunteer):
    response = visitor.post(
        "/admin/login/", {"username": volunteer.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not logged_in(visitor)
    assert visitor.get("/admin/").status_code == 302


def test_wagtails_password_reset_is_switched_off(visitor):
    assert visitor.get("/admin/password_reset/").status_code == 404


def test_staff_change_their_password_and_email_on_the_sites_pages_not_wagtails(
    client_for, volunteer
):
    html = client_for(volunteer).get("/admin/account/").content.decode()
    assert 'name="password-old_password"' not in html
    assert 'name="name_email-email"' not in html


def test_wagtails_log_out_still_logs_out(client_for, volunteer):
    client = client_for(volunteer)
    response = client.post("/admin/logout/", follow=True)
    assert response.request["PATH_INFO"] == "/accounts/login/"
    assert not logged_in(client)


# --- Repeated wrong passwords --------------------------------------------------------


def refused_kindly(response) -> bool:
    """allauth's per-account lockout message on the form, or the site's 429 page."""
    html = response.content.decode()
    if response.status_code == 200:
        return "too many tries" in html
    return response.status_code == 429 and "Please wait a moment" in html


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, volunteer):
    with override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS):
        for _ in range(50):
            client.post("/accounts/login/", {"login": volunteer.email, "password": "guess"})
        response = password_log_in(client, volunteer)
    assert refused_kindly(response)
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_from_many_addresses_still_lock_the_account(volunteer):
    with override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS):
        for n in range(50):
            Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
                "/accounts/login/", {"login": volunteer.email, "password": "guess"}
            )
        client = Client(REMOTE_ADDR="203.0.113.7")
        response = password_log_in(client, volunteer)
    assert response.status_code == 200
    assert "too many tries" in response.content.decode()
    assert not logged_in(client)


# --- A staff member who has not turned on two-step log-in ----------------------------


@pytest.mark.parametrize(
    ("who", "url"), [(who, url) for who, urls in ADMIN_PAGES.items() for url in urls]
)
def test_staff_without_two_step_are_sent_to_set_it_up_from_every_admin_page(client, who, url):
    group = {
        "volunteer": roles.VOLUNTEER_MODERATOR,
        "senior": roles.SENIOR_MODERATOR,
        "policy": roles.POLICY_TEAM,
    }[who]
    staff = UserFactory(display_name="NotYetSafe", groups=[group], two_step=False)
    password_log_in(client, staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == set_up_url(url)
    # Two-step log-in was all that stood in the way.
    auth.turn_on_two_step(staff)
    assert auth.log_in(Client(), staff).get(url).status_code == 200


def test_an_administrator_without_two_step_is_sent_to_set_it_up(client):
    keeper = UserFactory(display_name="NewKeeper", is_superuser=True, is_staff=True, two_step=False)
    password_log_in(client, keeper)
    assert client.get("/admin/users/")["Location"] == set_up_url("/admin/users/")


def test_staff_without_two_step_see_unchecked_words_nowhere_else_either(client, new_volunteer):
    password_log_in(client, new_volunteer)
    response = client.get("/")
    assert response["Location"] == set_up_url("/")


def test_a_form_posted_without_two_step_is_not_acted_on(client, new_volunteer):
    password_log_in(client, new_volunteer)
    response = client.post("/admin/moderation/", {"anything": "1"})
    assert response.status_code == 302
    assert response["Location"] == set_up_url("/admin/")


def test_the_set_up_page_says_why_and_links_to_turning_it_on(client, new_volunteer):
    password_log_in(client, new_volunteer)
    response = client.get(SET_UP, {"next": "/admin/moderation/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "before anyone else has checked it" in html
    assert 'href="/accounts/2fa/totp/activate/"' in html
    assert "backup codes" in html


def test_setting_up_two_step_then_carries_on_to_the_admin(client, new_volunteer):
    password_log_in(client, new_volunteer)
    assert client.get("/admin/moderation/")["Location"] == set_up_url("/admin/moderation/")
    client.get(SET_UP, {"next": "/admin/moderation/"})
    # allauth asks for the password again before two-step log-in can be turned on.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret

    response = client.post("/accounts/2fa/totp/activate/", {"code": auth.code_for(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert f'href="{SET_UP}"' in codes_page

    response = client.get(SET_UP)
    assert response["Location"] == "/admin/moderation/"
    assert client.get("/admin/moderation/").status_code == 200
    assert Authenticator.objects.filter(user=new_volunteer).count() == 2  # app and codes


def test_a_wrong_code_does_not_turn_two_step_on(client, new_volunteer):
    password_log_in(client, new_volunteer)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/")["Location"] == set_up_url("/admin/")


# --- A staff member who has it on ----------------------------------------------------


def test_staff_are_asked_for_the_code_and_the_admin_waits_for_it(client, volunteer):
    response = password_log_in(client, volunteer)
    assert response["Location"] == CODE_PAGE
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302

    response = client.post(CODE_PAGE, {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post(CODE_PAGE, {"code": auth.current_code(volunteer)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client, senior_moderator):
    backup = auth.recovery_codes(senior_moderator)[0]
    password_log_in(client, senior_moderator)
    client.post(CODE_PAGE, {"code": backup})
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    password_log_in(client, senior_moderator)
    response = client.post(CODE_PAGE, {"code": backup})
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_session_that_skipped_the_code_is_asked_for_it(policy_editor):
    client = auth.log_in(Client(), policy_editor, second_step=False)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"
    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/admin/pages/",
        {"code": auth.current_code(policy_editor)},
    )
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_staff_cannot_turn_two_step_off(client, volunteer):
    client = auth.log_in(client, volunteer)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert "stays on for staff accounts" in response.content.decode()
    assert auth.authenticator_app(volunteer) is not None
    assert not MFAAdapter().can_delete_authenticator(auth.authenticator_app(volunteer))


# --- Participants --------------------------------------------------------------------


def test_participants_are_never_asked_for_a_code(client, participant):
    response = password_log_in(client, participant)
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(SET_UP)["Location"] == "/me/"


def test_a_participant_may_still_turn_two_step_off(participant):
    authenticator = auth.turn_on_two_step(participant)
    assert MFAAdapter().can_delete_authenticator(authenticator)
