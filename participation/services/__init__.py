"""State changes in participation, one module per entity. Views, admin, commands and
tests call these; nothing else changes participation state."""

from participation.services import privacy  # noqa: F401
from participation.services.accounts import (
    participant_profile_complete,
    participant_profile_update,
    user_display_name_set,
)
from participation.services.signals import (
    account_signals_delete_expired,
    account_signals_record,
    linked_account_groups,
    linked_accounts_dismiss,
)
from participation.services.suspension import participant_suspend, participant_unsuspend

__all__ = [
    "account_signals_delete_expired",
    "account_signals_record",
    "linked_account_groups",
    "linked_accounts_dismiss",
    "participant_profile_complete",
    "participant_profile_update",
    "participant_suspend",
    "participant_unsuspend",
    "user_display_name_set",
]
