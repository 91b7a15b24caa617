"""The demo's staff accounts have two-step log-in on, with a published secret."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.test.utils import override_settings

from cms import demo_sign_in
from cms.management.commands.demo_data import DEMO_PASSWORD
from participation.models import User
from tests import auth
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_code(*args) -> str:
    out = io.StringIO()
    call_command("demo_code", *args, verbosity=0, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize("email", demo_sign_in.DEMO_STAFF_EMAILS)
def test_every_demo_staff_account_uses_the_published_secret(email):
    user = User.objects.get(email=email)
    assert auth.secret_of(user) == demo_sign_in.DEMO_TOTP_SECRET
    assert len(auth.recovery_codes(user)) == 10


def test_demo_participants_have_no_authenticator_app():
    assert auth.authenticator_app(User.objects.get(email="participant@example.com")) is None


def test_a_newcomer_logs_in_as_the_volunteer_with_the_printed_code():
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "volunteer@example.com", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": demo_code()})
    assert client.get("/admin/moderation/").status_code == 200


def test_the_printed_code_is_the_demo_secrets_code_now():
    assert demo_code("policy@example.com") == auth.code_for(demo_sign_in.DEMO_TOTP_SECRET)


def test_demo_code_refuses_an_account_that_is_not_a_demo_one_with_debug_off():
    UserFactory(email="real.volunteer@example.org")
    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("real.volunteer@example.org")


def test_demo_code_runs_for_anyone_with_debug_on():
    with override_settings(DEBUG=True):
        assert demo_code("nobody@example.org") == auth.code_for(demo_sign_in.DEMO_TOTP_SECRET)


def test_running_demo_data_again_keeps_an_app_someone_set_up_themselves():
    volunteer = User.objects.get(email="volunteer@example.com")
    auth.authenticator_app(volunteer).delete()
    auth.turn_on_two_step(volunteer, secret="JBSWY3DPEHPK3PXP")
    with override_settings(DEBUG=True):
        call_command("demo_data", "--site-only", stdout=io.StringIO())
    assert auth.secret_of(volunteer) == "JBSWY3DPEHPK3PXP"
