"""manage.py import_statistics FILE.csv: check every row, then import all or nothing."""

import os

from django.core.management.base import BaseCommand, CommandError

from evidence import services
from evidence.importer import problems_as_text, read_statistics
from evidence.progress import progress_reporter


class Command(BaseCommand):
    help = (
        "Import channel statistics from a CSV file (format: docs/evidence.md). Every row "
        "is checked first; with any problem nothing is imported. Months already imported "
        "for a source are replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and show what would change."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            size = os.path.getsize(file)
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"Can't read {file}: {error.strerror}.") from None
        with (
            handle,
            progress_reporter(
                total=None, description="Checked", unit="lines", stream=self.stderr._out
            ) as report,
        ):
            result = read_statistics(handle, size=size, progress=report)
        if not result.ok:
            for line in problems_as_text(result):
                self.stderr.write(line)
            raise CommandError(
                f"{result.problem_count} problem{'s' if result.problem_count != 1 else ''} "
                "found; nothing was imported."
            )
        changes = services.statistics_preview(result=result)
        replacing = sum(change.rows_existing for change in changes)
        self.stdout.write(
            f"{len(result.rows):,} rows checked: {len(changes)} source-month"
            f"{'s' if len(changes) != 1 else ''}, replacing {replacing:,} existing rows."
        )
        if dry_run:
            for change in changes:
                self.stdout.write(
                    f"  {change.source} {change.month:%Y-%m}: {change.rows_new:,} new, "
                    f"{change.rows_existing:,} replaced"
                )
            self.stdout.write("Dry run: nothing was imported.")
            return
        with progress_reporter(
            total=len(result.rows), description="Imported", unit="rows", stream=self.stderr._out
        ) as report:
            outcome = services.statistics_import(
                result=result, file_name=os.path.basename(file), progress=report
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {outcome.added:,} rows; replaced {outcome.replaced:,} rows "
                "already there for the same months and sources."
            )
        )
