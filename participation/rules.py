"""Permission predicates about participants (django-rules)."""

import rules

from participation.selectors.participants import ParticipantStatus, participant_status


@rules.predicate
def is_participant(user) -> bool:
    return participant_status(user) is ParticipantStatus.PARTICIPANT
