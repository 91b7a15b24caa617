"""In-app notices: short messages to one person."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notice(models.Model):
    """A short in-app message to one person, e.g. the decision on what they wrote."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices"
    )
    message = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="moderation_notice_unread")]

    def __str__(self) -> str:
        return self.message[:60]
