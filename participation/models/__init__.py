from participation.models.account_signals import AccountSignal, LinkedAccountsDismissal, SignalKind
from participation.models.ballots import Ballot, RoundResult, RoundVoter, ShortlistEntry
from participation.models.nominations import (
    Nomination,
    NominationEvidence,
    NominationState,
    Support,
    SupportingStatement,
)
from participation.models.notifications import (
    EMAIL_SWITCHES,
    NotificationPreferences,
    RoundOpeningNotice,
)
from participation.models.users import ParticipantUserManager, User
from participation.models.votes import CampaignVotePage, Round, RoundState, VotePhase

__all__ = [
    "EMAIL_SWITCHES",
    "AccountSignal",
    "Ballot",
    "CampaignVotePage",
    "LinkedAccountsDismissal",
    "Nomination",
    "NominationEvidence",
    "NominationState",
    "NotificationPreferences",
    "ParticipantUserManager",
    "Round",
    "RoundOpeningNotice",
    "RoundResult",
    "RoundState",
    "RoundVoter",
    "ShortlistEntry",
    "SignalKind",
    "Support",
    "SupportingStatement",
    "User",
    "VotePhase",
]
