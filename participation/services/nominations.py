"""Nominations, supports and supporting statements: what participants write and back.

Nothing here is public until moderation approves it (moderation.selectors.visible_to).
Nomination states move only as this table allows; moderation's own states are apart:

    active --withdraw (author)-------> withdrawn
    active --merge (policy team)-----> merged
    active --mark ineligible (team)--> ineligible
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from evidence.models import EvidenceSnippet, Topic
from moderation import services as moderation
from moderation.models import ModerationItem, Status
from moderation.selectors import item_for, public
from participation.models import (
    CampaignVotePage,
    Nomination,
    NominationEvidence,
    NominationState,
    Support,
    SupportingStatement,
    User,
)
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services import audit
from participation.services.notifications import NotificationKind, notify
from participation.services.suspension import SUSPENDED_MESSAGE
from participation.text import plain

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
STATEMENT_MAX = 500

TRANSITIONS = {
    "withdraw": ({NominationState.ACTIVE}, NominationState.WITHDRAWN),
    "merge": ({NominationState.ACTIVE}, NominationState.MERGED),
    "mark_ineligible": ({NominationState.ACTIVE}, NominationState.INELIGIBLE),
}


def _require_participant(user: User, doing: str) -> None:
    status = participant_status(user)
    if status is ParticipantStatus.SUSPENDED:
        raise PermissionDenied(SUSPENDED_MESSAGE)
    if status is not ParticipantStatus.PARTICIPANT:
        raise PermissionDenied(f"Only participants can {doing}.")


def _require_policy_team(actor: User, doing: str) -> None:
    if actor is None:  # a person always does these; None is not the system here
        raise PermissionDenied(f"Only the policy team can {doing}.")
    audit.require_policy_team(actor, "participation.change_nomination", doing)


ON_OPEN_BALLOT = "is on a ballot that has opened"


def _on_opened_ballot(nomination: Nomination) -> bool:
    """Once a round opens its ballot paper is fixed and people may have voted for what
    is on it, so nothing on it may be withdrawn, merged away or ruled out."""
    return nomination.shortlist_entries.filter(round__opens_at__lte=timezone.now()).exists()


def _move(nomination: Nomination, action: str) -> None:
    sources, target = TRANSITIONS[action]
    if nomination.state not in sources:
        raise ValidationError(
            f"This nomination is {nomination.get_state_display().lower()}, so that can't be done."
        )
    nomination.state = target


def _clean_nomination(title: str, description: str) -> tuple[str, str]:
    title, description = plain(title), plain(description)
    errors = {}
    if not title:
        errors["title"] = "Give your nomination a short title."
    elif len(title) > TITLE_MAX:
        errors["title"] = (
            f"Keep the title to {TITLE_MAX} characters or fewer (it has {len(title)})."
        )
    if not description:
        errors["description"] = "Tell us a little about the issue and why it matters."
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = (
            f"Keep this to {DESCRIPTION_MAX} characters or fewer (it has {len(description)})."
        )
    if errors:
        raise ValidationError(errors)
    return title, description


MAX_EVIDENCE = 3
NOTE_MAX = 200


def _clean_evidence(evidence) -> list[tuple[EvidenceSnippet, str]]:
    """Up to three different published snippets, each with an optional short note."""
    evidence = list(evidence or ())
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError(f"You can add up to {MAX_EVIDENCE} pieces of evidence.")
    cleaned = []
    seen = set()
    for snippet, note in evidence:
        pk = snippet.pk if isinstance(snippet, EvidenceSnippet) else snippet
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValidationError("Choose evidence from the list.")
        found = EvidenceSnippet.objects.filter(pk=pk, live=True).first() if 0 < pk < 2**63 else None
        if found is None:
            raise ValidationError("That evidence isn't published (any more). Please choose again.")
        if pk in seen:
            raise ValidationError("You've added the same evidence twice.")
        seen.add(pk)
        note = plain(note or "")
        if len(note) > NOTE_MAX:
            raise ValidationError(
                f"Keep each note to {NOTE_MAX} characters or fewer (one has {len(note)})."
            )
        cleaned.append((found, note))
    return cleaned


def _attach(nomination: Nomination, attached) -> None:
    NominationEvidence.objects.bulk_create(
        NominationEvidence(nomination=nomination, snippet=snippet, note=note, sort_order=n)
        for n, (snippet, note) in enumerate(attached)
    )


def _text_fields(title: str, description: str, attached) -> dict[str, str]:
    """What moderators read: the words, and each evidence note (user-written too)."""
    fields = {"title": title, "description": description}
    for n, (_snippet, note) in enumerate(attached, start=1):
        if note:
            fields[f"evidence_note_{n}"] = note
    return fields


def _check_topic(campaign_vote: CampaignVotePage, topic: Topic) -> None:
    allowed = campaign_vote.topics.all()
    if allowed.exists() and not allowed.filter(pk=topic.pk).exists():
        raise ValidationError({"topic": "Choose one of the topics of this vote."})


def nomination_submit(
    *,
    participant: User,
    campaign_vote: CampaignVotePage,
    title: str,
    description: str,
    topic: Topic,
    evidence: Sequence[tuple[EvidenceSnippet | int, str]] = (),
    now: dt.datetime | None = None,
) -> tuple[Nomination, ModerationItem]:
    """Propose an issue, with up to three published evidence snippets and a note on
    each. It goes to moderation (notes included) and is public only once approved."""
    _require_participant(participant, "nominate")
    if not campaign_vote.nominations_are_open(now):
        raise ValidationError("Nominations for this vote are closed.")
    title, description = _clean_nomination(title, description)
    _check_topic(campaign_vote, topic)
    attached = _clean_evidence(evidence)
    with transaction.atomic():
        nomination = Nomination.objects.create(
            campaign_vote=campaign_vote,
            author=participant,
            title=title,
            description=description,
            topic=topic,
        )
        _attach(nomination, attached)
        item = moderation.item_submit(
            obj=nomination,
            author=participant,
            text_fields=_text_fields(title, description, attached),
            now=now,
        )
    return nomination, item


def nomination_edit(
    *,
    nomination: Nomination,
    author: User,
    title: str,
    description: str,
    topic: Topic,
    evidence: Sequence[tuple[EvidenceSnippet | int, str]] | None = None,
) -> ModerationItem:
    """The author changes their nomination while it waits or after it was not approved.

    `evidence`, when given, replaces the attached snippets and notes; None keeps them.
    """
    if nomination.author_id != author.pk:
        raise PermissionDenied("You can only change your own nominations.")
    _require_participant(author, "change nominations")
    title, description = _clean_nomination(title, description)
    _check_topic(nomination.campaign_vote, topic)
    attached = _clean_evidence(evidence) if evidence is not None else None
    with transaction.atomic():
        # Lock: an edit racing a merge or a withdrawal must see the state they leave.
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.state != NominationState.ACTIVE:
            raise ValidationError("This nomination can't be changed any more.")
        if not nomination.campaign_vote.nominations_are_open():
            raise ValidationError("Nominations for this vote are closed, so it can't be changed.")
        current = item_for(nomination)
        if current is not None and current.status not in (Status.PENDING, Status.REJECTED):
            raise ValidationError(
                "This nomination has been approved, so it can't be changed. You can add a supporting statement instead."
            )
        nomination.title, nomination.description, nomination.topic = title, description, topic
        nomination.save(update_fields=["title", "description", "topic", "updated_at"])
        if attached is not None:
            nomination.evidence_links.all().delete()
            _attach(nomination, attached)
        else:
            attached = [(link.snippet, link.note) for link in nomination.evidence_links.all()]
        return moderation.item_author_edited(
            obj=nomination, author=author, text_fields=_text_fields(title, description, attached)
        )


def nomination_withdraw(*, nomination: Nomination, author: User) -> Nomination:
    """The author takes their nomination back. It leaves every list; supports stay recorded."""
    if nomination.author_id != author.pk:
        raise PermissionDenied("You can only withdraw your own nominations.")
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if _on_opened_ballot(nomination):
            raise ValidationError(
                f"This nomination {ON_OPEN_BALLOT}, so it can't be withdrawn now."
            )
        _move(nomination, "withdraw")
        nomination.save(update_fields=["state", "updated_at"])
        moderation.item_withdraw(obj=nomination, author=author)
    return nomination


def _public_active(nomination: Nomination) -> bool:
    return public(
        Nomination.objects.filter(pk=nomination.pk, state=NominationState.ACTIVE)
    ).exists()


def support_add(*, participant: User, nomination: Nomination) -> Support:
    """ "Me too": at most once per participant per nomination (a unique constraint)."""
    _require_participant(participant, "support nominations")
    if not _public_active(nomination):
        raise ValidationError("You can only support nominations that are on the site.")
    try:
        with transaction.atomic():
            return Support.objects.create(nomination=nomination, participant=participant)
    except IntegrityError:
        raise ValidationError("You already support this. Thank you!") from None


def statement_submit(
    *, participant: User, nomination: Nomination, text: str
) -> tuple[SupportingStatement, ModerationItem]:
    """Add "why this matters to me" to a nomination; moderated like everything written."""
    _require_participant(participant, "add statements")
    if not _public_active(nomination):
        raise ValidationError("You can only add a statement to nominations that are on the site.")
    text = plain(text)
    if not text:
        raise ValidationError({"text": "Write a sentence or two about why this matters to you."})
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            {"text": f"Keep this to {STATEMENT_MAX} characters or fewer (it has {len(text)})."}
        )
    try:
        with transaction.atomic():
            statement = SupportingStatement.objects.create(
                nomination=nomination, author=participant, text=text
            )
            item = moderation.item_submit(
                obj=statement, author=participant, text_fields={"text": text}
            )
    except IntegrityError:
        raise ValidationError("You've already added a statement to this nomination.") from None
    return statement, item


def nomination_merge(*, source: Nomination, target: Nomination, actor: User) -> Nomination:
    """Fold a duplicate into another nomination: its supporters and statements move across.

    A supporter of both counts once. Both authors are told, kindly. Refused while
    either is on the paper of a round that has opened. Policy team or administrators only;
    recorded in the vote's history.
    """
    _require_policy_team(actor, "merge nominations")
    if source.pk == target.pk or source.campaign_vote_id != target.campaign_vote_id:
        raise ValidationError("Choose two different nominations from the same vote.")
    with transaction.atomic():
        # Lock both, in id order, so two merges at once cannot deadlock or cross over.
        locked = {
            n.pk: n
            for n in Nomination.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        if target.state != NominationState.ACTIVE:
            raise ValidationError("The nomination to merge into must be active.")
        if opened := next((n for n in (source, target) if _on_opened_ballot(n)), None):
            raise ValidationError(f"“{opened.title}” {ON_OPEN_BALLOT}, so they can't be merged.")
        supporters_before = source.supports.count()
        _move(source, "merge")
        source.merged_into = target
        source.save(update_fields=["state", "merged_into", "updated_at"])
        already = Support.objects.filter(nomination=target, participant=OuterRef("participant"))
        Support.objects.filter(nomination=source).annotate(dup=Exists(already)).filter(
            dup=True
        ).delete()
        Support.objects.filter(nomination=source).update(nomination=target)
        has_statement = SupportingStatement.objects.filter(
            nomination=target, author=OuterRef("author")
        )
        SupportingStatement.objects.filter(nomination=source).exclude(Exists(has_statement)).update(
            nomination=target
        )
        link = target.campaign_vote.url + target.campaign_vote.reverse_subpage(
            "nomination-detail", args=[target.pk]
        )
        for author in {source.author, target.author} - {None}:
            notify(
                recipient=author,
                kind=NotificationKind.DECISION,
                message=(
                    f"Good news: other people raised the same issue as you. We've put “{source.title}” "
                    f"together with “{target.title}” so all the support counts in one place."
                ),
                link=link,
                subject="Your nomination has joined forces with another",
            )
        audit.record_taken_out(
            source,
            audit.NOMINATION_MERGE,
            actor,
            source=audit.nomination_named(source),
            target=audit.nomination_named(target),
            supports_moved=supporters_before,
        )
    return target


def nomination_mark_ineligible(*, nomination: Nomination, actor: User, reason: str) -> Nomination:
    """Take a nomination out of the vote with a reason its author is told.

    Refused while it is on the paper of a round that has opened. Policy team or administrators
    only; recorded in the vote's history.
    """
    _require_policy_team(actor, "mark nominations as not eligible")
    reason = plain(reason)
    if not reason:
        raise ValidationError({"reason": "Say why, so the author understands."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason to 300 characters or fewer."})
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if _on_opened_ballot(nomination):
            raise ValidationError(f"This nomination {ON_OPEN_BALLOT}, so it must stay in the vote.")
        _move(nomination, "mark_ineligible")
        nomination.ineligible_reason = reason
        nomination.save(update_fields=["state", "ineligible_reason", "updated_at"])
        if nomination.author:
            notify(
                recipient=nomination.author,
                kind=NotificationKind.DECISION,
                message=(
                    f"Thank you for nominating “{nomination.title}”. We can't include it in this vote: {reason}"
                ),
                subject="About your nomination",
            )
        audit.record_taken_out(
            nomination,
            audit.NOMINATION_INELIGIBLE,
            actor,
            nomination=audit.nomination_named(nomination),
            reason=reason,
        )
    return nomination
