"""What a participant has done, for their own eyes only."""

from django.contrib.contenttypes.models import ContentType

from moderation.models import ModerationItem
from participation.models import Ballot, Nomination, RoundVoter, Support, SupportingStatement, User


def participant_history(user: User) -> dict:
    """Everything a participant has done, with moderation state, for their own eyes only."""
    nominations = list(
        Nomination.objects.filter(author=user)
        .select_related("campaign_vote", "topic")
        .order_by("-created_at")
    )
    statements = list(
        SupportingStatement.objects.filter(author=user)
        .select_related("nomination__campaign_vote")
        .order_by("-created_at")
    )
    items = ModerationItem.objects.filter(author=user).select_related("rejection_reason")
    by_object = {(item.content_type_id, item.object_id): item for item in items}
    nomination_type = ContentType.objects.get_for_model(Nomination).pk
    statement_type = ContentType.objects.get_for_model(SupportingStatement).pk
    return {
        "nominations": [(n, by_object.get((nomination_type, n.pk))) for n in nominations],
        "statements": [(s, by_object.get((statement_type, s.pk))) for s in statements],
        "supports": list(
            Support.objects.filter(participant=user)
            .select_related("nomination__campaign_vote")
            .order_by("-created_at")
        ),
        # A round names itself by its place among its vote's rounds: read those once.
        "open_ballots": list(
            Ballot.objects.filter(voter=user)
            .select_related("round__page")
            .prefetch_related("round__page__rounds")
            .order_by("-updated_at")
        ),
        "rounds_voted": list(
            RoundVoter.objects.filter(participant=user)
            .select_related("round__page")
            .prefetch_related("round__page__rounds")
            .order_by("-voted_at")
        ),
    }
