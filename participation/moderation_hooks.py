"""How participation hears moderation's decisions about nominations and statements."""

from moderation import registry


class NominationHooks(registry.ModerationHooks):
    def describe(self, obj):
        return registry.ItemContext(
            title=obj.title,
            belongs_to=obj.campaign_vote.title,
            url=obj.campaign_vote.url
            + obj.campaign_vote.reverse_subpage("nomination-detail", args=[obj.pk]),
        )

    def on_redact(self, obj, item, public_text):
        # The original words stay only in the moderation item's snapshot.
        type(obj).objects.filter(pk=obj.pk).update(
            title=public_text.get("title", obj.title),
            description=public_text.get("description", obj.description),
        )


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


def register() -> None:
    from participation.models import Nomination, SupportingStatement

    registry.register(Nomination, hooks=NominationHooks(), label="nomination")
    registry.register(SupportingStatement, hooks=StatementHooks(), label="supporting statement")
