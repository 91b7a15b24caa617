"""Open and close rounds on time. Safe to run every minute, and twice at once."""

from django.core.management.base import BaseCommand

from participation.services.rounds import rounds_announce_opened, rounds_close_due


class Command(BaseCommand):
    help = (
        "Tell earlier participants when a round opens (once each), then count and close "
        "every round whose voting has ended (idempotent)."
    )

    def handle(self, *args, **options):
        told = rounds_announce_opened()
        if told:
            self.stdout.write(f"Told {told} people that voting has opened.")
        results = rounds_close_due()
        for result in results:
            self.stdout.write(
                f"Closed {result.round}: {result.ballot_count} ballots, winners {result.winners}."
            )
        if not results:
            self.stdout.write("No rounds to close.")
