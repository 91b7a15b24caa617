"""Every allowed and every forbidden move between states, through the real services.

The table in moderation/services/transitions.py is the single statement of what is
allowed in production. EXPECTED below writes the same rules out again by hand, every
state x action, so that a change to the production table shows up here as a failing
test that someone has to read: each action is tried from each state through the real
service, and the listed moves must land in the listed state with an audit entry,
and every other move must be refused with a message and change nothing.
"""

import pytest
from django.core.exceptions import ValidationError

from moderation import services
from moderation.models import AuditAction, AuditEntry, ModerationItem, Status
from moderation.redaction import Span
from moderation.services.transitions import TRANSITIONS, target_of
from tests.factories import ParticipantFactory
from tests.moderation.conftest import refreshed

pytestmark = pytest.mark.django_db

STATES = list(Status)
A, S = AuditAction, Status
REFUSED = None

# What each action does from each state, written out by hand (not read from
# TRANSITIONS): the resulting state, or REFUSED. "No item yet" is the row for None.
EXPECTED = {
    None: {A.SUBMIT: S.PENDING},
    S.PENDING: {
        A.APPROVE: S.APPROVED,
        A.REJECT: S.REJECTED,
        A.ESCALATE: S.ESCALATED,
        A.REDACT: S.PENDING,
        A.CLAIM: S.PENDING,
        A.EDIT: S.PENDING,
    },
    S.APPROVED: {
        A.REPORT: S.REPORTED,
        # A change after approval goes back to the queue to be checked again.
        A.EDIT: S.PENDING,
    },
    S.REJECTED: {A.EDIT: S.PENDING},
    S.ESCALATED: {
        A.APPROVE: S.APPROVED,
        A.REJECT: S.REJECTED,
        A.REDACT: S.ESCALATED,
        A.CLAIM: S.ESCALATED,
        # An escalation stays with senior moderators even when the author edits.
        A.EDIT: S.ESCALATED,
    },
    S.REPORTED: {
        A.APPROVE: S.APPROVED,
        A.REJECT: S.REJECTED,
        A.ESCALATE: S.ESCALATED,
        A.REDACT: S.REPORTED,
        A.CLAIM: S.REPORTED,
        A.REPORT: S.REPORTED,
        A.HIDE: S.REPORTED,
        A.EDIT: S.PENDING,
    },
}
# The actions the table governs; every (state, action) pair not listed above is refused.
TABLE_ACTIONS = [A.SUBMIT, A.APPROVE, A.REJECT, A.ESCALATE, A.REDACT, A.CLAIM, A.REPORT]
TABLE_ACTIONS += [A.HIDE, A.EDIT]


def expected(action, state):
    return EXPECTED[state].get(action, REFUSED)


ACTIONS = [
    AuditAction.SUBMIT,
    AuditAction.APPROVE,
    AuditAction.REJECT,
    AuditAction.ESCALATE,
    AuditAction.REDACT,
    AuditAction.CLAIM,
    AuditAction.REPORT,
    AuditAction.EDIT,
]


def put_in_state(item: ModerationItem, state: Status, *, senior) -> ModerationItem:
    """Bring a fresh (pending) item to `state` the way it happens for real."""
    if state == Status.APPROVED:
        services.item_approve(item=item, moderator=senior)
    elif state == Status.REJECTED:
        services.item_reject(item=item, moderator=senior, reason="unkind")
    elif state == Status.ESCALATED:
        services.item_escalate(
            item=item, moderator=senior, kind="safeguarding", reason="Worried about them"
        )
    elif state == Status.REPORTED:
        services.item_approve(item=item, moderator=senior)
        services.item_report(item=item, reporter=ParticipantFactory(), reason="Unkind")
    return refreshed(item)


def act(action: AuditAction, item: ModerationItem, *, comment, author, senior, reporter):
    if action == AuditAction.SUBMIT:
        services.item_submit(obj=comment, author=author, text_fields={"body": comment.body})
    elif action == AuditAction.APPROVE:
        services.item_approve(item=item, moderator=senior)
    elif action == AuditAction.REJECT:
        services.item_reject(item=item, moderator=senior, reason="language")
    elif action == AuditAction.ESCALATE:
        services.item_escalate(
            item=item, moderator=senior, kind="safeguarding", reason="Needs a second look"
        )
    elif action == AuditAction.REDACT:
        services.item_redact(item=item, moderator=senior, spans=[Span("body", 0, 5)])
    elif action == AuditAction.CLAIM:
        services.item_claim(item=item, moderator=senior)
    elif action == AuditAction.REPORT:
        services.item_report(item=item, reporter=reporter, reason="It is unkind")
    elif action == AuditAction.EDIT:
        services.item_author_edited(
            obj=comment, author=author, text_fields={"body": "Changed words"}
        )


@pytest.mark.parametrize("state", STATES, ids=str)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_each_action_from_each_state_does_what_the_table_says(
    action, state, comment, participant, senior_moderator, other_participant
):
    item = put_in_state(
        ModerationItem.objects.get(object_id=comment.pk), state, senior=senior_moderator
    )
    entries_before = AuditEntry.objects.count()
    run = lambda: act(  # noqa: E731
        action,
        item,
        comment=comment,
        author=participant,
        senior=senior_moderator,
        reporter=other_participant,
    )

    # An existing item is never "submitted" again: that move starts from no item.
    if expected(action, state) is not REFUSED:
        run()
        after = refreshed(item)
        assert after.status == expected(action, state)
        entry = AuditEntry.objects.filter(item_id=item.pk, action=action).latest("id")
        assert (entry.status_before, entry.status_after) == (state, after.status)
    else:
        with pytest.raises(ValidationError) as refusal:
            run()
        assert refusal.value.messages[0].endswith(".")
        after = refreshed(item)
        assert after.status == state
        assert after.version == item.version
        assert AuditEntry.objects.count() == entries_before


@pytest.mark.parametrize("state", [None, *STATES], ids=str)
@pytest.mark.parametrize("action", TABLE_ACTIONS, ids=str)
def test_the_transition_function_agrees_with_the_table_written_here(action, state):
    if expected(action, state) is REFUSED:
        with pytest.raises(ValidationError) as refusal:
            target_of(action, state)
        assert refusal.value.messages[0].endswith(".")
    else:
        assert target_of(action, state) == expected(action, state)


def test_the_production_table_lists_exactly_the_moves_written_here():
    written = {
        (action, state, target)
        for state, moves in EXPECTED.items()
        for action, target in moves.items()
    }
    assert {(action, source, target) for action, source, target, _who in TRANSITIONS} == written


def test_submitting_starts_in_pending_with_an_audit_entry(comment):
    item = ModerationItem.objects.get(object_id=comment.pk)
    assert item.status == Status.PENDING
    entry = AuditEntry.objects.get(item_id=item.pk)
    assert (entry.action, entry.status_before, entry.status_after) == ("submit", "", "pending")


def test_a_decision_on_a_decided_item_says_so_plainly(item, senior_moderator, volunteer):
    services.item_approve(item=item, moderator=senior_moderator)
    with pytest.raises(ValidationError, match="already been decided \\(approved\\)"):
        services.item_reject(item=item, moderator=volunteer, reason="unkind")


def test_the_table_has_no_duplicate_moves():
    keys = [(action, source) for action, source, _target, _who in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_no_move_leaves_the_known_states():
    for _action, source, target, _who in TRANSITIONS:
        assert source is None or source in Status.values
        assert target in Status.values
