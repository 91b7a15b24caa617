"""How participation hears moderation's decisions about nominations and statements."""

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.search import index

from moderation import registry
from moderation import selectors as moderation_selectors


class NominationHooks(registry.ModerationHooks):
    def describe(self, obj):
        return registry.ItemContext(
            title=obj.title,
            belongs_to=obj.campaign_vote.title,
            url=obj.campaign_vote.url
            + obj.campaign_vote.reverse_subpage("nomination-detail", args=[obj.pk]),
        )

    def approval_warning(self, obj, *, now):
        """A nomination approved after its window closed still shows on the vote's
        page; it reaches a ballot only if no round has opened yet (an open round's
        ballot paper is frozen), so the moderator is asked first."""
        vote = obj.campaign_vote
        if now < vote.nominations_close_at:
            return ""
        closed = date_format(timezone.localtime(vote.nominations_close_at), "j F Y")
        message = (
            f"Nominations for “{vote.title}” closed on {closed}. If you approve this one, "
            "it will appear on the vote's page"
        )
        if vote.rounds.filter(opens_at__lte=now).exists():
            message += ", but it can't be added to a round that has already opened."
        else:
            message += " and on the ballot when voting opens, unless the policy team leaves it off."
        return message + " Should it still appear?"

    def on_approve(self, obj, item):
        """A nomination approved after the first round opened never joins that ballot.

        The first round's ballot paper is frozen the first time someone votes; if
        nobody has yet, freeze it now with what was public when it opened, so the
        late nomination is not on it (the moderator was warned, see above).
        """
        from participation.selectors.nominations import public_nominations
        from participation.services.rounds import round_shortlist_freeze

        first = obj.campaign_vote.ordered_rounds()[:1]
        if not first or not first[0].has_opened():
            return
        round_ = first[0]
        if moderation_selectors.approved_before(obj, round_.opens_at):
            return  # approved in time (and perhaps approved again after a report)
        paper = [n for n in public_nominations(obj.campaign_vote) if n.pk != obj.pk]
        round_shortlist_freeze(round=round_, default=paper)

    def on_redact(self, obj, item, public_text):
        # The original words stay only in the moderation item's snapshot.
        type(obj).objects.filter(pk=obj.pk).update(
            title=public_text.get("title", obj.title),
            description=public_text.get("description", obj.description),
        )
        # An update() sends no signal, so the search index would keep the removed words
        # and site search could find a nomination by a personal detail it no longer shows.
        obj.refresh_from_db(fields=["title", "description"])
        index.insert_or_update_object(obj)
        for link in obj.evidence_links.all():
            key = f"evidence_note_{link.sort_order + 1}"  # as numbered when sent
            if key in public_text and link.note:
                type(link).objects.filter(pk=link.pk).update(note=public_text[key])


class StatementHooks(registry.ModerationHooks):
    def describe(self, obj):
        nomination = obj.nomination
        return registry.ItemContext(
            title=f"Statement on “{nomination.title}”",
            belongs_to=nomination.campaign_vote.title,
            url=nomination.campaign_vote.url
            + nomination.campaign_vote.reverse_subpage("nomination-detail", args=[nomination.pk]),
        )

    def on_redact(self, obj, item, public_text):
        type(obj).objects.filter(pk=obj.pk).update(text=public_text.get("text", obj.text))


def reporter_check(user) -> str | None:
    """Only a participant in good standing may report: not a visitor, nor an account
    still on its way in, nor anyone whose taking part is suspended."""
    from participation.selectors.participants import ParticipantStatus, participant_status

    status = participant_status(user)
    if status is ParticipantStatus.PARTICIPANT:
        return None
    if status is ParticipantStatus.SUSPENDED:
        from participation.services.suspension import SUSPENDED_MESSAGE

        return SUSPENDED_MESSAGE
    return (
        "Only people taking part in the Listening Hub can report things: please finish "
        "signing up first. If someone is in danger right now, call 999."
    )


def register() -> None:
    from participation.models import Nomination, SupportingStatement

    registry.register(Nomination, hooks=NominationHooks(), label="nomination")
    registry.register(SupportingStatement, hooks=StatementHooks(), label="supporting statement")
    registry.register_reporter_check(reporter_check)
