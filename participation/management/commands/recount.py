"""Recount a closed round from its published ballots; the result must match the frozen one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.labels import record_labels
from participation.models import Round, User
from participation.services.recount import round_recount


class Command(BaseCommand):
    help = "Recount a closed round from its published ballots (or a downloaded file) and compare."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument(
            "--file", help="A downloaded ballots file (.csv or .blt) to count instead."
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="The policy team member asking for the recount, for the vote's history "
            "(without it, the recount is recorded as the system's).",
        )

    def handle(self, *args, round_id, file=None, by=None, **options):
        round_ = Round.objects.filter(pk=round_id).select_related("page").first()
        if round_ is None:
            raise CommandError(f"There is no round {round_id}.")
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"There is no account with the email {by}.")
        try:
            recount = round_recount(round=round_, actor=actor, file=file)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        if recount is None:
            reason = round_.result.count["reason"]
            self.stdout.write(f"{round_} needed no count ({reason}); nothing to recount.")
            return
        result = recount.result
        self.stdout.write(
            f"Frozen result: winners {result.winners}, checksum {result.ballot_checksum}"
        )
        self.stdout.write(f"Recount:       winners {recount.winners}, checksum {recount.checksum}")
        # The count record names each nomination (its label); say who the ids are.
        labels = record_labels(result.count)
        named = [f"{pk}: {labels.get(pk, 'not in the count record')}" for pk in recount.winners]
        self.stdout.write(f"Recounted winners, as the count record names them: {'; '.join(named)}")
        if not recount.matches:
            raise CommandError("The recount does not match the published result.")
        self.stdout.write(self.style.SUCCESS("The recount matches the published result."))
