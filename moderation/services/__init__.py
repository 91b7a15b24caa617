"""Every change to moderation state, as functions named `<entity>_<verb>`.

Views, admin views, management commands, other apps and tests call these and
nothing else: each checks permission and the domain rules (raising
PermissionDenied or ValidationError with a plain message), makes the change inside
one transaction and writes the audit entry. The allowed moves between states are
the table in `transitions.py`.
"""

from moderation.services.bulk import BulkOutcome, items_escalate, items_reject
from moderation.services.cases import (
    case_message_young_person,
    case_open,
    case_record,
)
from moderation.services.claims import (
    claim_release,
    claims_release_expired,
    item_claim,
    item_claim_next,
)
from moderation.services.common import team_id_of
from moderation.services.decisions import (
    ApprovalNeedsConfirmation,
    item_approve,
    item_clear_risk_flag,
    item_escalate,
    item_redact,
    item_reject,
)
from moderation.services.items import item_author_edited, item_submit, item_withdraw
from moderation.services.notices import (
    notice_mark_read,
    notice_send,
    notices_mark_all_read,
    team_lead_of,
)
from moderation.services.reports import item_report
from moderation.services.teams import (
    current_shift,
    risk_items_left,
    shift_end,
    shift_start,
    shift_take_break,
    support_request,
)

__all__ = [
    "ApprovalNeedsConfirmation",
    "BulkOutcome",
    "case_message_young_person",
    "case_open",
    "case_record",
    "claim_release",
    "claims_release_expired",
    "current_shift",
    "item_approve",
    "item_author_edited",
    "item_claim",
    "item_claim_next",
    "item_clear_risk_flag",
    "item_escalate",
    "item_redact",
    "item_reject",
    "item_report",
    "item_submit",
    "item_withdraw",
    "items_escalate",
    "items_reject",
    "notice_mark_read",
    "notice_send",
    "notices_mark_all_read",
    "risk_items_left",
    "shift_end",
    "shift_start",
    "shift_take_break",
    "support_request",
    "team_id_of",
    "team_lead_of",
]
