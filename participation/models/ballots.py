"""Shortlists, ballots, who voted, and frozen results."""

from django.conf import settings
from django.db import models


class ShortlistEntry(models.Model):
    """A nomination on a round's ballot paper, fixed when the round opens."""

    round = models.ForeignKey(
        "participation.Round", on_delete=models.CASCADE, related_name="shortlist"
    )
    nomination = models.ForeignKey(
        "participation.Nomination", on_delete=models.CASCADE, related_name="shortlist_entries"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "nomination"], name="participation_shortlist_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination} on {self.round}"


class Ballot(models.Model):
    """One participant's vote in one round; the latest version is the one counted.

    `choices` holds nomination ids: the ranking in order, or the approved set sorted.
    `voter` is cleared when the round closes, so an account can be erased without
    changing a result; the receipt lets the voter find their ballot in the published set.
    """

    round = models.ForeignKey(
        "participation.Round", on_delete=models.CASCADE, related_name="ballots"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    choices = models.JSONField()
    receipt = models.CharField(max_length=24, unique=True)
    cast_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter"],
                condition=models.Q(voter__isnull=False),
                name="participation_one_ballot_per_voter",
            )
        ]

    def __str__(self) -> str:
        return f"Ballot {self.receipt}"


class RoundVoter(models.Model):
    """That a participant voted in a round (never how): turnout and "my participation"."""

    round = models.ForeignKey(
        "participation.Round", on_delete=models.CASCADE, related_name="voters"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rounds_voted"
    )
    voted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="participation_round_voter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} voted in {self.round}"


class RoundResult(models.Model):
    """The frozen outcome of a closed round. Written once by `round_close`, never changed."""

    round = models.OneToOneField(
        "participation.Round", on_delete=models.PROTECT, related_name="result"
    )
    method = models.CharField(max_length=20)
    method_version = models.CharField(max_length=40)
    winners = models.JSONField(help_text="Nomination ids, in the order they won.")
    count = models.JSONField(help_text="The counting engine's full result, round by round.")
    ballot_checksum = models.CharField(max_length=64)
    seed = models.CharField(max_length=128)
    ballot_count = models.PositiveIntegerField()
    turnout = models.JSONField(help_text="Voters by age band and region, frozen at closing.")
    eligible_count = models.PositiveIntegerField(help_text="Participants who could vote.")
    counted_at = models.DateTimeField()
    # The published files, written once when the round closes (participation/ballot_files.py).
    # Blank for rounds closed before they were stored: those are made when asked for.
    ballots_csv = models.FileField(upload_to="results/", max_length=200, blank=True)
    ballots_blt = models.FileField(upload_to="results/", max_length=200, blank=True)
    receipts_csv = models.FileField(upload_to="results/", max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Result of {self.round}"
