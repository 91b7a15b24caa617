"""participation.services.staff: adding staff, as the demo's staff accounts are added."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from cms import roles
from cms.management.commands.demo_data import DEMO_USERS
from participation.models import User
from participation.services.staff import ADMINISTRATOR, staff_member_create

pytestmark = pytest.mark.django_db


def test_it_adds_a_volunteer_with_a_verified_address_and_a_history_entry(admin):
    user = staff_member_create(
        email="New.Reader@example.org",
        password="a-long-password",
        role=roles.VOLUNTEER_MODERATOR,
        actor=admin,
    )
    assert user.email == "new.reader@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [roles.VOLUNTEER_MODERATOR]
    assert not user.is_superuser
    assert user.check_password("a-long-password")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    entry = ModelLogEntry.objects.for_instance(user).get()
    assert (entry.action, entry.user_id, entry.data) == (
        "wagtail.create",
        admin.pk,
        {"role": roles.VOLUNTEER_MODERATOR},
    )


def test_an_administrator_is_a_superuser_in_no_group():
    user = staff_member_create(email="keeper@example.org", password=None, role=ADMINISTRATOR)
    assert user.is_superuser and user.is_staff
    assert not user.groups.exists()
    assert not user.has_usable_password()


def test_it_refuses_someone_who_is_not_an_administrator(volunteer):
    with pytest.raises(PermissionDenied):
        staff_member_create(
            email="x@example.org", password=None, role=roles.POLICY_TEAM, actor=volunteer
        )
    assert not User.objects.filter(email="x@example.org").exists()


def test_it_refuses_an_address_in_use_and_an_unknown_role(volunteer):
    with pytest.raises(ValidationError) as taken:
        staff_member_create(email="VOLUNTEER@example.org", password=None, role=roles.POLICY_TEAM)
    assert "email" in taken.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        staff_member_create(email="y@example.org", password=None, role="Wizards")
    assert "role" in unknown.value.message_dict
    assert not User.objects.filter(email="y@example.org").exists()


@pytest.mark.parametrize(("email", "role"), [(e, r) for e, _, r, _ in DEMO_USERS if r])
def test_each_demo_staff_account_was_added_with_its_role(site, email, role):
    user = User.objects.get(email=email)
    entry = ModelLogEntry.objects.for_instance(user).get(action="wagtail.create")
    assert entry.data == {"role": ADMINISTRATOR if role == "superuser" else role}
