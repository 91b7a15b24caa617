"""Recount a closed round from its published ballots; the result must match the frozen one."""

from django.core.management.base import BaseCommand, CommandError

from participation import counting, selectors
from participation.counting.formats import read_election
from participation.models import Round


class Command(BaseCommand):
    help = "Recount a closed round from its published ballots (or a downloaded file) and compare."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument(
            "--file", help="A downloaded ballots file (.csv or .blt) to count instead."
        )

    def handle(self, *args, round_id, file=None, **options):
        round_ = Round.objects.filter(pk=round_id).select_related("page").first()
        if round_ is None:
            raise CommandError(f"There is no round {round_id}.")
        result = round_.result_or_none()
        if result is None:
            raise CommandError(f"{round_} has not closed yet, so there is nothing to recount.")
        if result.count.get("uncontested"):
            self.stdout.write(
                f"{round_} needed no count ({result.count['reason']}); nothing to recount."
            )
            return
        candidates = [
            str(pk) for pk in sorted(round_.shortlist.values_list("nomination_id", flat=True))
        ]
        try:
            if file:
                ballots = (
                    read_election(file, candidates=candidates).ballots
                    if file.endswith(".csv")
                    else read_election(file).ballots
                )
            else:
                rows = [
                    [str(c) for c in choices] for _, choices in selectors.published_ballots(round_)
                ]
                build = counting.Ballots.ranked if round_.is_ranked else counting.Ballots.approval
                ballots = build(candidates, rows)
            recount = counting.count(
                result.method, ballots=ballots, seats=result.count["seats"], seed=result.seed
            )
        except (counting.CountingError, OSError) as error:
            raise CommandError(f"Could not recount: {error}") from error
        winners = [int(w) for w in recount.winners]
        self.stdout.write(
            f"Frozen result: winners {result.winners}, checksum {result.ballot_checksum}"
        )
        self.stdout.write(f"Recount:       winners {winners}, checksum {recount.ballot_checksum}")
        if winners != result.winners or recount.ballot_checksum != result.ballot_checksum:
            raise CommandError("The recount does not match the published result.")
        self.stdout.write(self.style.SUCCESS("The recount matches the published result."))
