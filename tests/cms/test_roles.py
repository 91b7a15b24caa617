"""Roles as groups, and what each may reach in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group

from cms import roles
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def admin_status(client, url):
    response = client.get(url)
    return response.status_code, response.get("Location", "")


@pytest.mark.parametrize("who", ["volunteer", "senior_moderator", "policy_editor", "admin"])
def test_every_role_can_open_the_admin(client_for, request, who):
    assert client_for(request.getfixturevalue(who)).get("/admin/").status_code == 200


@pytest.mark.parametrize("who", ["participant", "unverified"])
def test_young_people_cannot_open_the_admin(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_visitors_are_sent_to_log_in(visitor):
    response = visitor.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("who", "url", "allowed"),
    [
        ("policy_editor", "/admin/pages/", True),
        ("policy_editor", "/admin/images/", True),
        ("policy_editor", "/admin/users/", False),
        ("policy_editor", "/admin/groups/", False),
        ("policy_editor", "/admin/settings/cms/safetysettings/", False),
        ("volunteer", "/admin/pages/", False),
        ("volunteer", "/admin/images/", False),
        ("volunteer", "/admin/users/", False),
        ("volunteer", "/admin/settings/cms/safetysettings/", False),
        ("senior_moderator", "/admin/users/", False),
        ("senior_moderator", "/admin/settings/cms/safetysettings/", False),
        ("admin", "/admin/users/", True),
        ("admin", "/admin/settings/cms/safetysettings/", True),
    ],
)
def test_each_role_reaches_only_what_its_job_needs(client_for, request, site, who, url, allowed):
    response = client_for(request.getfixturevalue(who)).get(url, follow=True)
    final_path = response.request["PATH_INFO"]
    reached = response.status_code == 200 and final_path.startswith(url)
    assert reached is allowed, (who, url, response.status_code, response.redirect_chain)


def test_the_policy_team_can_add_a_page_under_home(client_for, policy_editor, site):
    home = site.root_page
    response = client_for(policy_editor).get(f"/admin/pages/add/cms/standardpage/{home.pk}/")
    assert response.status_code == 200


def test_a_participant_is_never_a_staff_member():
    user = ParticipantFactory()
    assert not user.has_perm("wagtailadmin.access_admin")
