"""What the author of an item is told about where it stands.

Plain states that never reveal other people's actions or how the team routes work:
never "reported", "escalated", "senior" or "flagged". An item taken down after
reports, or handed to a senior moderator, is simply something "we're looking at".
"""

from dataclasses import dataclass

from moderation.models import ModerationItem, Status


@dataclass(frozen=True)
class AuthorState:
    code: str  # waiting, published, not_published, looking, sent
    label: str
    explanation: str


WAITING = AuthorState(
    "waiting",
    "Waiting for a volunteer to read it",
    "A volunteer reads everything before it goes on the Listening Hub. Only you can see "
    "it until then.",
)
LOOKING = AuthorState(
    "looking",
    "We're looking at this",
    "Someone from our team is taking a closer look. Only you can see it for now, and "
    "we'll let you know what happens.",
)
PUBLISHED = AuthorState("published", "Published", "It's on the Listening Hub for everyone to see.")
PUBLISHED_REDACTED = AuthorState(
    "published",
    "Published",
    "It's on the Listening Hub. To keep you safe, we replaced a few personal details "
    "with “[removed]”.",
)
SENT = AuthorState("sent", "Sent", "We've got it.")


def author_state(item: ModerationItem | None) -> AuthorState:
    """Where `item` stands, in words for the young person who wrote it."""
    if item is None:
        return SENT
    if item.status == Status.PENDING:
        return WAITING
    if item.status == Status.ESCALATED:
        return LOOKING
    if item.status in (Status.APPROVED, Status.REPORTED):
        if item.is_hidden:
            return LOOKING
        return PUBLISHED_REDACTED if item.redactions else PUBLISHED
    # Not approved: the house rule in plain words, the moderator's note, and a way on.
    reason = item.rejection_reason.message_to_author if item.rejection_reason else ""
    explanation = "We couldn't put it on the Listening Hub this time"
    explanation += f", because {reason.rstrip('.')}." if reason else "."
    if item.note_to_author:
        explanation += f" A note from the moderator: “{item.note_to_author}”"
    explanation += " You can change it and send it again."
    return AuthorState("not_published", "Not published", explanation)
