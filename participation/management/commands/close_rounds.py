"""Close every round whose voting has ended. Safe to run every minute, and twice at once."""

from django.core.management.base import BaseCommand

from participation.services.rounds import rounds_close_due


class Command(BaseCommand):
    help = "Count and close every round whose voting has ended (idempotent)."

    def handle(self, *args, **options):
        results = rounds_close_due()
        for result in results:
            self.stdout.write(
                f"Closed {result.round}: {result.ballot_count} ballots, winners {result.winners}."
            )
        if not results:
            self.stdout.write("No rounds to close.")
