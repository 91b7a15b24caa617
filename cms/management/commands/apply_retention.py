"""Remove the personal data whose time is up (cms/retention.py, docs/privacy.md).

manage.py apply_retention             remove it, and print how much went
manage.py apply_retention --dry-run   print how much would go, and change nothing

The scheduler runs the same function every day; this is for running it by hand.
"""

from django.core.management.base import BaseCommand

from cms.retention import retention_run


class Command(BaseCommand):
    help = (
        "Delete expired sessions, unverified accounts after 7 days, due erasures, "
        "safeguarding items past their period and old audit details."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be removed, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = retention_run(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. This is what would be removed.")
        for line in report.as_lines():
            self.stdout.write(line)
