"""Moderated models for tests: a comment on a topic, and a stand-alone suggestion."""

from django.conf import settings
from django.db import models

from moderation import registry
from moderation.selectors import ModeratedQuerySet


class Topic(models.Model):
    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    is_live = models.BooleanField(default=False)

    objects = ModeratedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.body[:40]


class Suggestion(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    is_live = models.BooleanField(default=False)

    objects = ModeratedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title


class RecordingHooks(registry.ModerationHooks):
    """Records every call, and does what a real owning app would."""

    def __init__(self):
        self.calls: list[tuple[str, int]] = []

    def describe(self, obj):
        if isinstance(obj, Comment):
            return registry.ItemContext(
                title=obj.body[:60],
                belongs_to=f"Topic: {obj.topic.title}",
                url=f"/topics/{obj.topic_id}/",
            )
        return registry.ItemContext(title=obj.title, url=f"/suggestions/{obj.pk}/")

    def on_approve(self, obj, item):
        self.calls.append(("approve", obj.pk))
        type(obj).objects.filter(pk=obj.pk).update(is_live=True)

    def on_reject(self, obj, item):
        self.calls.append(("reject", obj.pk))
        type(obj).objects.filter(pk=obj.pk).update(is_live=False)

    def on_escalate(self, obj, item):
        self.calls.append(("escalate", obj.pk))

    def on_hide(self, obj, item):
        self.calls.append(("hide", obj.pk))
        type(obj).objects.filter(pk=obj.pk).update(is_live=False)

    def on_back_to_pending(self, obj, item):
        self.calls.append(("back_to_pending", obj.pk))
        type(obj).objects.filter(pk=obj.pk).update(is_live=False)

    def on_redact(self, obj, item, public_text):
        self.calls.append(("redact", obj.pk))
        type(obj).objects.filter(pk=obj.pk).update(**public_text)


hooks = RecordingHooks()
