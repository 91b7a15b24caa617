from django.apps import AppConfig


class ModerationTestAppConfig(AppConfig):
    name = "tests.moderation.testapp"
    label = "moderation_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from moderation import registry
        from tests.moderation.testapp.models import Comment, Suggestion, Topic, hooks

        registry.register(Comment, hooks=hooks, label="comment")
        registry.register(Suggestion, hooks=hooks, label="suggestion")
        # Topics are written by staff and never moderated: unregistered on purpose.
        assert not registry.is_registered(Topic)
