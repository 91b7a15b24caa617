"""Reset a staff member's two-step log-in after they lose their phone (administrators).

    manage.py two_step_reset volunteer@example.org --by admin@example.org

They set up a new authenticator app the next time they log in.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.models import User
from participation.services.two_step import staff_two_step_reset


class Command(BaseCommand):
    help = "Remove a staff member's authenticator app and backup codes (administrators only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account whose two-step log-in to reset.")
        parser.add_argument("--by", required=True, help="Your own (administrator's) email.")

    def handle(self, *args, email: str, by: str, **options):
        user = User.objects.filter(email__iexact=email).first()
        actor = User.objects.filter(email__iexact=by).first()
        if user is None:
            raise CommandError(f"There is no account with the email address {email}.")
        if actor is None:
            raise CommandError(f"There is no account with the email address {by}.")
        try:
            staff_two_step_reset(user=user, actor=actor)
        except (PermissionDenied, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise CommandError(message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Two-step log-in is reset for {email}. They'll set up a new app the next "
                "time they log in."
            )
        )
