"""How the site shell hears moderation's decisions about page feedback comments.

A feedback comment is never public, whatever the decision: approval only lets staff
read it in the feedback report (cms/feedback_admin.py).
"""

from moderation import registry


class PageFeedbackHooks(registry.ModerationHooks):
    def describe(self, obj):
        page = obj.page
        return registry.ItemContext(
            title=f"Feedback on “{page.title}” ({'useful' if obj.useful else 'not useful'})",
            belongs_to="Was this page useful?",
            url=page.url or "",
        )

    def on_redact(self, obj, item, public_text):
        # The original words stay only in the moderation item's snapshot.
        type(obj).objects.filter(pk=obj.pk).update(comment=public_text.get("comment", obj.comment))


def register() -> None:
    from cms.models import PageFeedback

    registry.register(PageFeedback, hooks=PageFeedbackHooks(), label="page feedback")
