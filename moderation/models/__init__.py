"""The moderation queue: items, reports, the audit log, notices and screening settings.

An item holds one user-written object of any registered type (see `registry.py`)
through a generic relation, with a snapshot of the words as submitted. Its state
changes only through `moderation.services`; the allowed moves are the table in
`moderation/services/transitions.py`.
"""

from moderation.models.audit import (
    DECISION_ACTIONS,
    AuditAction,
    AuditEntry,
    AuditEntryQuerySet,
    AuditLogIsImmutable,
)
from moderation.models.items import (
    PUBLIC_STATUSES,
    QUEUE_STATUSES,
    VOLUNTEER_STATUSES,
    HouseRuleReason,
    ModerationItem,
    ModerationItemQuerySet,
    Priority,
    Report,
    Status,
    priority_for,
)
from moderation.models.notices import Notice
from moderation.models.screening import ScreeningSettings

__all__ = [
    "DECISION_ACTIONS",
    "PUBLIC_STATUSES",
    "QUEUE_STATUSES",
    "VOLUNTEER_STATUSES",
    "AuditAction",
    "AuditEntry",
    "AuditEntryQuerySet",
    "AuditLogIsImmutable",
    "HouseRuleReason",
    "ModerationItem",
    "ModerationItemQuerySet",
    "Notice",
    "Priority",
    "Report",
    "ScreeningSettings",
    "Status",
    "priority_for",
]
