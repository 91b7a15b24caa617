"""Every change to moderation state, as functions named `<entity>_<verb>`.

Views, admin views, management commands, other apps and tests call these and
nothing else: each checks permission and the domain rules (raising
PermissionDenied or ValidationError with a plain message), makes the change inside
one transaction and writes the audit entry. The allowed moves between states are
the table in `transitions.py`.
"""

from moderation.services.claims import (
    claim_release,
    claims_release_expired,
    item_claim,
    item_claim_next,
)
from moderation.services.items import (
    item_approve,
    item_author_edited,
    item_escalate,
    item_redact,
    item_reject,
    item_submit,
    item_withdraw,
)
from moderation.services.notices import notice_mark_read, notice_send, notices_mark_all_read
from moderation.services.reports import item_report

__all__ = [
    "claim_release",
    "claims_release_expired",
    "item_approve",
    "item_author_edited",
    "item_claim",
    "item_claim_next",
    "item_escalate",
    "item_redact",
    "item_reject",
    "item_report",
    "item_submit",
    "item_withdraw",
    "notice_mark_read",
    "notice_send",
    "notices_mark_all_read",
]
