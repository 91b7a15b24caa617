"""An administrator resets two-step log-in for a staff member who lost their phone."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from participation.services.two_step import staff_two_step_reset
from participation.staff_mfa import TWO_STEP_RESET
from tests import auth

pytestmark = pytest.mark.django_db


def test_an_administrator_resets_it_and_the_volunteer_sets_up_a_new_app(admin, volunteer):
    client = auth.client_for(volunteer)
    assert staff_two_step_reset(user=volunteer, actor=admin) == 2
    assert auth.authenticator_app(volunteer) is None
    entry = ModelLogEntry.objects.get(action=TWO_STEP_RESET)
    assert (entry.object_id, entry.user_id) == (str(volunteer.pk), admin.pk)
    assert entry.data == {"removed": ["recovery_codes", "totp"]}
    assert client.get("/admin/")["Location"].startswith("/accounts/staff/two-step/")


@pytest.mark.parametrize("who", ["senior_moderator", "policy_editor", "participant"])
def test_nobody_else_can_reset_it(request, volunteer, who):
    with pytest.raises(PermissionDenied):
        staff_two_step_reset(user=volunteer, actor=request.getfixturevalue(who))
    assert auth.authenticator_app(volunteer) is not None
    assert not ModelLogEntry.objects.filter(action=TWO_STEP_RESET).exists()


def test_an_administrator_cannot_reset_their_own(admin):
    with pytest.raises(ValidationError, match="your own"):
        staff_two_step_reset(user=admin, actor=admin)
    assert auth.authenticator_app(admin) is not None


def test_there_must_be_something_to_reset(admin, participant):
    with pytest.raises(ValidationError, match="nothing to reset"):
        staff_two_step_reset(user=participant, actor=admin)
    assert not ModelLogEntry.objects.filter(action=TWO_STEP_RESET).exists()


def test_the_command_resets_it_and_says_so(admin, volunteer):
    out = io.StringIO()
    call_command("two_step_reset", volunteer.email, "--by", admin.email, stdout=out)
    assert "set up a new app" in out.getvalue()
    assert auth.authenticator_app(volunteer) is None


def test_the_command_refuses_kindly(senior_moderator, volunteer):
    with pytest.raises(CommandError, match="Only an administrator"):
        call_command("two_step_reset", volunteer.email, "--by", senior_moderator.email)
    with pytest.raises(CommandError, match="no account"):
        call_command("two_step_reset", "nobody@example.org", "--by", senior_moderator.email)
    assert auth.authenticator_app(volunteer) is not None


def test_an_administrator_resets_it_from_the_users_list(client_for, admin, volunteer):
    client = client_for(admin)
    users = client.get("/admin/users/").content.decode()
    url = f"/admin/users/{volunteer.pk}/two-step-reset/"
    assert url in users
    assert "authenticator app and backup codes are removed" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/admin/users/"
    assert not volunteer.authenticator_set.exists()
    assert ModelLogEntry.objects.filter(action=TWO_STEP_RESET, object_id=str(volunteer.pk)).exists()


@pytest.mark.parametrize("who", ["senior_moderator", "policy_editor"])
def test_other_staff_have_no_reset_screen(request, client_for, volunteer, who):
    client = client_for(request.getfixturevalue(who))
    url = f"/admin/users/{volunteer.pk}/two-step-reset/"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert volunteer.authenticator_set.exists()
