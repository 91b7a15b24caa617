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
from moderation.models.cases import (
    CASE_MOVES,
    CaseEntry,
    CaseEntryKind,
    CaseStatus,
    SafeguardingActionType,
    SafeguardingCase,
)
from moderation.models.items import (
    ESCALATION_PRIORITY,
    PUBLIC_STATUSES,
    QUEUE_ORDER,
    QUEUE_STATUSES,
    VOLUNTEER_STATUSES,
    EscalationKind,
    HouseRuleReason,
    ModerationItem,
    ModerationItemQuerySet,
    Priority,
    Report,
    ReportKind,
    Status,
    priority_for,
)
from moderation.models.notices import ALWAYS_DELIVERED, KIND_REASONS, Notice, NoticeKind
from moderation.models.screening import ScreeningSettings
from moderation.models.teams import Shift, Team, TeamMembership

__all__ = [
    "ALWAYS_DELIVERED",
    "CASE_MOVES",
    "DECISION_ACTIONS",
    "ESCALATION_PRIORITY",
    "KIND_REASONS",
    "PUBLIC_STATUSES",
    "QUEUE_ORDER",
    "QUEUE_STATUSES",
    "VOLUNTEER_STATUSES",
    "AuditAction",
    "AuditEntry",
    "AuditEntryQuerySet",
    "AuditLogIsImmutable",
    "CaseEntry",
    "CaseEntryKind",
    "CaseStatus",
    "EscalationKind",
    "HouseRuleReason",
    "ModerationItem",
    "ModerationItemQuerySet",
    "Notice",
    "NoticeKind",
    "Priority",
    "Report",
    "ReportKind",
    "SafeguardingActionType",
    "SafeguardingCase",
    "ScreeningSettings",
    "Shift",
    "Status",
    "Team",
    "TeamMembership",
    "priority_for",
]
