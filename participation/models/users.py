from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from participation.regions import Region


class ParticipantUserManager(UserManager):
    """Users are known by their email address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who signs in: young participants, volunteers and staff.

    A *participant* is a user whose email is verified and whose profile (display
    name, date of birth, region, house rules) was completed at an eligible age; see
    `participation.selectors.participants.participant_status`. The email and date of birth are
    never shown to volunteers or the public; the display name is what others see.
    """

    username = None
    email = models.EmailField("email address", unique=True)
    # NULL, not "", for "not chosen yet": the case-insensitive unique constraint must
    # allow many accounts (staff created by hand) without a name.
    display_name = models.CharField(  # noqa: DJ001
        max_length=30,
        null=True,
        blank=True,
        help_text="The name others see. Never your real name or email.",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    region = models.CharField(max_length=9, choices=Region.choices, blank=True)
    house_rules_accepted_at = models.DateTimeField(null=True, blank=True)
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    # Erasure (participation/services/privacy.py): asked for, then carried out by
    # `apply_retention` once the cooling-off period has passed.
    erasure_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    # A senior moderator may pause someone's taking part (services/suspension.py): while
    # suspended_at is set they can't vote, nominate, support, write or report.
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_reason = models.TextField(
        blank=True, help_text="Why, for senior moderators; the participant is told kindly."
    )
    suspended_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = ParticipantUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="participation_user_display_name_unique_ci",
                violation_error_message="That display name is already taken.",
            ),
        ]

    def __str__(self) -> str:
        # Shown in admin lists and logs: the pseudonym, never the email, when there is one.
        if self.erased_at:
            return "Former member"
        return self.display_name or f"User {self.pk}"

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name() or str(self)

    def get_short_name(self) -> str:
        return self.display_name or super().get_short_name() or str(self)
