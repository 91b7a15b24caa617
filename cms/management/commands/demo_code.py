"""Print the code a demo staff account's authenticator app would show now.

The demo's staff accounts have two-step log-in on, with one published secret
(cms/demo_sign_in.py), so a newcomer can log in as volunteer@example.com without
setting up an app first. Runs with DEBUG on, or for an account that really is a demo
account (a demo email using the demo secret), so it never hands out codes elsewhere.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms import demo_sign_in
from participation.models import User


class Command(BaseCommand):
    help = "Print the current two-step log-in code for the demo staff accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "email",
            nargs="?",
            default="volunteer@example.com",
            help="The demo staff account to log in as (default: volunteer@example.com).",
        )

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email).first()
        is_demo_account = user is not None and demo_sign_in.uses_demo_secret(user)
        if not (settings.DEBUG or is_demo_account):
            raise CommandError(
                f"{email} is not a demo account, and DEBUG is off: demo_code only gives "
                "codes for the demo's staff accounts (run `manage.py demo_data` with the "
                "development settings first)."
            )
        code, seconds_left = demo_sign_in.demo_code()
        if options["verbosity"] == 0:
            self.stdout.write(code)
            return
        self.stdout.write(
            f"{code}  (the code for {email}'s two-step log-in; it changes in "
            f"{seconds_left} seconds)"
        )
        if user is not None and not is_demo_account:
            self.stderr.write(
                f"Note: {email} has its own authenticator app, so this code won't work for it."
            )
