"""visible_to: nothing user-written is public before approval, for every role and state."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from moderation import rules, selectors, services
from moderation.models import ReportKind, Status
from tests.factories import ParticipantFactory
from tests.moderation.testapp.models import Comment, Suggestion, Topic

pytestmark = pytest.mark.django_db


def in_state(make_comment, state, *, senior, author=None):
    comment = make_comment(f"A comment that is {state}", author=author)
    item = selectors.item_for(comment)
    if state == Status.APPROVED:
        services.item_approve(item=item, moderator=senior)
    elif state == Status.REJECTED:
        services.item_reject(item=item, moderator=senior, reason="unkind")
    elif state == Status.ESCALATED:
        services.item_escalate(item=item, moderator=senior, kind="safeguarding", reason="worried")
    elif state in ("reported", "hidden"):
        services.item_approve(item=item, moderator=senior)
        # Only reports that someone may be in danger take an approved item off the site.
        kind = ReportKind.HOUSE_RULES if state == "reported" else ReportKind.DANGER
        for _ in range(1 if state == "reported" else 2):
            services.item_report(
                item=item, reporter=ParticipantFactory(), reason="Worrying", kind=kind
            )
    return comment


STATES = ["pending", "approved", "rejected", "escalated", "reported", "hidden"]
PUBLIC = {"approved", "reported"}

# who → states they see on someone else's writing; the author sees all their own.
SEES_OTHERS = {
    "visitor": PUBLIC,
    "other_participant": PUBLIC,
    "unverified": PUBLIC,
    # Volunteers see what waits in their queue, never escalations (the admin refuses
    # them too): one rule for every surface.
    "volunteer": set(STATES) - {"escalated"},
    "senior_moderator": set(STATES),
    "policy_editor": set(STATES),
    "admin": set(STATES),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", sorted(SEES_OTHERS))
def test_who_sees_what(request, make_comment, senior_moderator, who, state):
    comment = in_state(make_comment, state, senior=senior_moderator)
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    visible = selectors.visible_to(Comment.objects.all(), user)
    assert visible.filter(pk=comment.pk).exists() is (state in SEES_OTHERS[who])
    assert Comment.objects.visible_to(user).filter(pk=comment.pk).exists() is (
        state in SEES_OTHERS[who]
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", sorted(SEES_OTHERS))
def test_the_predicate_and_the_queryset_agree(request, make_comment, senior_moderator, who, state):
    comment = in_state(make_comment, state, senior=senior_moderator)
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    item = selectors.item_for(comment)
    assert rules.can_view(user, item) is (state in SEES_OTHERS[who])
    assert user.has_perm("moderation.view_item", item) is (state in SEES_OTHERS[who])


@pytest.mark.parametrize("state", STATES)
def test_authors_always_see_their_own_writing(make_comment, participant, senior_moderator, state):
    comment = in_state(make_comment, state, senior=senior_moderator)
    assert selectors.is_visible_to(comment, participant)
    assert rules.can_view(participant, selectors.item_for(comment))


def test_an_object_never_sent_for_checking_is_not_public(participant, senior_moderator):
    comment = Comment.objects.create(
        topic=Topic.objects.create(title="t"), author=participant, body="not sent"
    )
    assert not selectors.public(Comment.objects.all()).exists()
    assert not selectors.is_visible_to(comment, participant)
    assert not selectors.is_visible_to(comment, senior_moderator)


def test_types_do_not_leak_into_each_other(make_comment, participant, senior_moderator):
    comment = make_comment()
    # The same id in another moderated type: only the content type tells them apart.
    suggestion = Suggestion.objects.create(pk=comment.pk, author=participant, title="Same id")
    services.item_submit(obj=suggestion, author=participant, text_fields={"title": "Same id"})
    services.item_approve(item=selectors.item_for(suggestion), moderator=senior_moderator)
    assert list(selectors.public(Suggestion.objects.all())) == [suggestion]
    assert not selectors.public(Comment.objects.all()).exists()


def test_it_is_one_query_however_many_objects(
    make_comment, senior_moderator, other_participant, django_assert_num_queries
):
    for number in range(30):
        comment = make_comment(f"comment {number}")
        if number % 2:
            services.item_approve(item=selectors.item_for(comment), moderator=senior_moderator)
    other_participant.has_perm("moderation.view_queue")  # load the permission cache first
    with django_assert_num_queries(1):
        assert len(list(Comment.objects.visible_to(other_participant))) == 15


def test_unregistered_models_are_refused():
    with pytest.raises(ImproperlyConfigured):
        selectors.visible_to(Topic.objects.all(), None)
