import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from participation.models import User
from participation.regions import Region
from participation.staff_mfa import is_staff_member
from tests.auth import turn_on_two_step

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user with a verified email and no profile yet."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )
            self.save()

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))

    @factory.post_generation
    def two_step(self, create, extracted, **kwargs):
        """Staff have turned on two-step log-in, as they must before the admin opens;
        `two_step=False` for one who has not yet."""
        if create and extracted is not False and is_staff_member(User.objects.get(pk=self.pk)):
            turn_on_two_step(self)


class ParticipantFactory(UserFactory):
    """A verified young person with a complete profile."""

    display_name = factory.Sequence(lambda n: f"Pseudonym{n}")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=17 * 365))
    region = Region.LONDON
    house_rules_accepted_at = factory.LazyFunction(timezone.now)
    profile_completed_at = factory.LazyFunction(timezone.now)
