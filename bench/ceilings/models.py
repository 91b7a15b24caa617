from django.db import models


class CeilingRow(models.Model):
    """One row per write-ceiling request: the smallest honest INSERT."""

    written_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Ceiling row {self.pk}"
