"""State changes in participation, one module per entity. Views, admin, commands and
tests call these; nothing else changes participation state."""

from participation.services.accounts import (
    NOT_A_REAL_DATE_MESSAGE,
    TOO_OLD_MESSAGE,
    TOO_YOUNG_MESSAGE,
    date_of_birth_problems,
    display_name_problems,
    participant_profile_complete,
    participant_profile_update,
    user_display_name_set,
)

__all__ = [
    "NOT_A_REAL_DATE_MESSAGE",
    "TOO_OLD_MESSAGE",
    "TOO_YOUNG_MESSAGE",
    "date_of_birth_problems",
    "display_name_problems",
    "participant_profile_complete",
    "participant_profile_update",
    "user_display_name_set",
]
