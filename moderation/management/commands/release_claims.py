"""End every claim whose lease has run out, so the items go back to the queue.

Claims that have run out already stop counting the moment they expire (every queue
query asks `claimed_until < now`), and the queue page ends them too; run this from
cron every few minutes to keep the audit log and the "claimed by" column exact:

    python manage.py release_claims
"""

from django.core.management.base import BaseCommand

from moderation import services


class Command(BaseCommand):
    help = "End moderation claims whose lease has run out."

    def handle(self, *args, **options):
        released = services.claims_release_expired()
        noun = "claim" if released == 1 else "claims"
        self.stdout.write(f"Released {released} expired {noun}.")
