"""manage.py generate_statistics --months N --output FILE: synthetic data, marked so."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evidence.models import Channel, Topic
from evidence.synthetic import DEFAULT_SOURCE, synthetic_rows, write_csv


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic statistics CSV (seasonal, topics of different sizes, "
        "small cells) for demos and benchmarks, for the topics and channels in the "
        "database. It says it is synthetic in a header comment and in its source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--output", required=True, help="The CSV file to write.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--source", default=DEFAULT_SOURCE)
        parser.add_argument("--daily", action="store_true", help="One row per day, not month.")
        parser.add_argument("--contacts", type=int, default=60_000, help="Contacts a month.")

    def handle(self, *args, months, output, seed, source, daily, contacts, **options):
        if not 1 <= months <= 600:
            raise CommandError("--months must be between 1 and 600.")
        if not source.startswith("synthetic"):
            source = f"synthetic-{source}"  # synthetic data never passes for real data
        topics = list(Topic.objects.order_by("pk").values_list("slug", flat=True))
        channels = list(Channel.objects.filter(is_active=True).values_list("slug", flat=True))
        if not topics or not channels:
            raise CommandError("Add topics and channels first (manage.py demo_data does).")
        rows = synthetic_rows(
            topics=topics,
            channels=channels,
            months=months,
            today=timezone.localdate(),
            seed=seed,
            source=source,
            daily=daily,
            monthly_contacts=contacts,
        )
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                count = write_csv(handle, rows)
        except OSError as error:
            raise CommandError(f"Can't write {output}: {error.strerror}.") from None
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count:,} synthetic rows ({months} months) to {output}.")
        )
