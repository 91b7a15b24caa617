"""Nominating, supporting and statements: services and the pages young people use."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from moderation.models import ModerationItem, Status
from participation.models import Nomination, NominationState, Support, SupportingStatement
from participation.services import nominations as services
from tests.factories import ParticipantFactory
from tests.participation.factories import approve, campaign_vote, submitted_nominations, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def nominate(page, participant, **overrides):
    data = {
        "title": "Free bus travel for under-18s",
        "description": "Getting to college costs too much.",
        "topic": topic(),
    }
    data.update(overrides)
    return services.nomination_submit(participant=participant, campaign_vote=page, **data)


def test_a_nomination_waits_for_moderation_and_only_its_author_sees_it(
    open_vote, participant, other_participant, visitor, client_for
):
    nomination, item = nominate(open_vote, participant)
    assert item.status == Status.PENDING
    detail = open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    assert client_for(participant).get(detail).status_code == 200
    assert client_for(other_participant).get(detail).status_code == 404
    assert visitor.get(detail).status_code == 404
    assert "Free bus travel" not in visitor.get(open_vote.url).content.decode()


def test_once_approved_everyone_sees_it(open_vote, participant, volunteer, visitor):
    nomination, _ = nominate(open_vote, participant)
    approve(nomination, volunteer)
    assert "Free bus travel for under-18s" in visitor.get(open_vote.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "short title"),
        ({"title": "x" * 121}, "120 characters"),
        ({"description": ""}, "why it matters"),
        ({"description": "y" * 2001}, "2000 characters"),
        ({"title": "<b></b>"}, "short title"),
    ],
)
def test_bad_nominations_are_refused_and_nothing_is_saved(
    open_vote, participant, overrides, message
):
    with pytest.raises(ValidationError, match=message):
        nominate(open_vote, participant, **overrides)
    assert not Nomination.objects.exists()
    assert not ModerationItem.objects.exists()


def test_html_is_removed_and_links_are_made_safe(open_vote, participant, volunteer, visitor):
    nomination, _ = nominate(
        open_vote,
        participant,
        description='<script>alert(1)</script>See https://example.org/report <a href="javascript:x">here</a>',
    )
    assert "<" not in nomination.description
    approve(nomination, volunteer)
    html = visitor.get(
        open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    ).content.decode()
    assert '<a href="https://example.org/report" rel="nofollow noopener ugc">' in html
    assert "<script>alert" not in html and "javascript:x" not in html


def test_nominating_outside_the_window_is_refused(participant):
    page = campaign_vote(open_round=0)
    with pytest.raises(ValidationError, match="closed"):
        nominate(page, participant)


def test_only_participants_nominate(open_vote, unverified, volunteer):
    for person in (unverified, volunteer):
        with pytest.raises(PermissionDenied):
            nominate(open_vote, person)


def test_the_author_can_edit_while_pending_but_not_after_approval(
    open_vote, participant, volunteer
):
    nomination, _ = nominate(open_vote, participant)
    item = services.nomination_edit(
        nomination=nomination,
        author=participant,
        title="Cheaper buses",
        description="Still too much.",
        topic=topic(),
    )
    assert item.text_snapshot["title"] == "Cheaper buses"
    approve(nomination, volunteer)
    with pytest.raises(ValidationError, match="approved"):
        services.nomination_edit(
            nomination=nomination, author=participant, title="Other", description="x", topic=topic()
        )


def test_nobody_else_can_edit_or_withdraw(open_vote, participant, other_participant):
    nomination, _ = nominate(open_vote, participant)
    with pytest.raises(PermissionDenied):
        services.nomination_edit(
            nomination=nomination,
            author=other_participant,
            title="Mine now",
            description="x",
            topic=topic(),
        )
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(nomination=nomination, author=other_participant)


def test_withdrawing_takes_it_out(open_vote, participant, volunteer, visitor):
    nomination, _ = nominate(open_vote, participant)
    approve(nomination, volunteer)
    services.nomination_withdraw(nomination=nomination, author=participant)
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.WITHDRAWN
    assert "Free bus travel" not in visitor.get(open_vote.url).content.decode()


def test_support_once_and_count_exactly(open_vote, participant, other_participant, volunteer):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    services.support_add(participant=other_participant, nomination=nomination)
    with pytest.raises(ValidationError, match="already support"):
        services.support_add(participant=other_participant, nomination=nomination)
    assert Nomination.objects.with_counts().get(pk=nomination.pk).supporter_count == 1


def test_unapproved_nominations_cannot_be_supported(open_vote, participant, other_participant):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant)
    with pytest.raises(ValidationError, match="on the site"):
        services.support_add(participant=other_participant, nomination=nomination)
    assert not Support.objects.exists()


def test_support_button_over_http(open_vote, participant, other_participant, volunteer, client_for):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    client = client_for(other_participant)
    url = open_vote.url + open_vote.reverse_subpage("nomination-support", args=[nomination.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already support this" in response.content.decode()
    assert Support.objects.filter(nomination=nomination).count() == 1


def test_statements_are_moderated_and_one_per_person(
    open_vote, participant, other_participant, volunteer, visitor
):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    statement, _item = services.statement_submit(
        participant=other_participant, nomination=nomination, text="My bus is £4 each way."
    )
    detail = open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    assert "£4 each way" not in visitor.get(detail).content.decode()
    approve(statement, volunteer)
    assert "£4 each way" in visitor.get(detail).content.decode()
    with pytest.raises(ValidationError, match="already added"):
        services.statement_submit(
            participant=other_participant, nomination=nomination, text="Again"
        )
    with pytest.raises(ValidationError, match="500 characters"):
        services.statement_submit(participant=participant, nomination=nomination, text="z" * 501)
    assert SupportingStatement.objects.count() == 1


def test_risk_language_shows_support_straight_away(open_vote, participant, client_for):
    response = client_for(participant).post(
        open_vote.url + open_vote.reverse_subpage("nominate"),
        {
            "title": "Exam stress",
            "description": "Sometimes I want to kill myself over exams.",
            "topic": topic().pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "you don't have to deal with that alone" in html.replace("&#x27;", "'")
    assert "Talk to someone now" in html
    assert "blocked" not in html.lower()


def test_similar_nominations_are_offered_before_sending(
    open_vote, participant, other_participant, volunteer, client_for
):
    submitted_nominations(
        open_vote,
        1,
        author=participant,
        moderator=volunteer,
        titles=["Cheaper bus fares for students"],
    )
    client = client_for(other_participant)
    url = open_vote.url + open_vote.reverse_subpage("nominate")
    data = {
        "title": "Bus fares for students",
        "description": "Bus fares are too expensive.",
        "topic": topic().pk,
    }
    first = client.post(url, data)
    assert "Someone may have suggested this already" in first.content.decode()
    assert Nomination.objects.filter(author=other_participant).count() == 0
    client.post(url, {**data, "confirm": "1"})
    assert Nomination.objects.filter(author=other_participant).count() == 1


def test_merging_moves_supporters_once_and_tells_authors(
    open_vote,
    participant,
    other_participant,
    volunteer,
    policy_editor,
    django_capture_on_commit_callbacks,
):
    source, target = submitted_nominations(open_vote, 2, author=participant, moderator=volunteer)
    third = ParticipantFactory()
    for supporter in (other_participant, third):
        services.support_add(participant=supporter, nomination=source)
    services.support_add(participant=other_participant, nomination=target)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_merge(source=source, target=target, actor=policy_editor)
    assert Nomination.objects.get(pk=source.pk).state == NominationState.MERGED
    assert Nomination.objects.with_counts().get(pk=target.pk).supporter_count == 2
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_only_the_policy_team_merges_or_marks_ineligible(open_vote, participant, volunteer):
    source, target = submitted_nominations(open_vote, 2, author=participant, moderator=volunteer)
    with pytest.raises(PermissionDenied):
        services.nomination_merge(source=source, target=target, actor=volunteer)
    with pytest.raises(PermissionDenied):
        services.nomination_mark_ineligible(
            nomination=source, actor=participant, reason="Off topic"
        )


def test_marking_ineligible_needs_a_reason_and_tells_the_author(
    open_vote, participant, volunteer, policy_editor, django_capture_on_commit_callbacks
):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    with pytest.raises(ValidationError, match="Say why"):
        services.nomination_mark_ineligible(nomination=nomination, actor=policy_editor, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_mark_ineligible(
            nomination=nomination, actor=policy_editor, reason="It is a local council matter."
        )
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.INELIGIBLE
    assert "local council matter" in mail.outbox[0].body


def test_the_author_changes_a_pending_nomination_from_its_page(open_vote, participant, client_for):
    nomination, _ = nominate(open_vote, participant)
    client = client_for(participant)
    detail = client.get(
        open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    )
    assert "Change my nomination" in detail.content.decode()
    response = client.post(
        open_vote.url + open_vote.reverse_subpage("nomination-edit", args=[nomination.pk]),
        {
            "title": "Cheaper buses for students",
            "description": "Fares are too high.",
            "topic": topic().pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Nomination.objects.get(pk=nomination.pk).title == "Cheaper buses for students"


def test_someone_else_cannot_open_the_edit_or_withdraw_pages(
    open_vote, participant, other_participant, client_for
):
    nomination, _ = nominate(open_vote, participant)
    client = client_for(other_participant)
    for name in ("nomination-edit", "nomination-withdraw"):
        assert (
            client.get(
                open_vote.url + open_vote.reverse_subpage(name, args=[nomination.pk])
            ).status_code
            == 404
        )
        assert (
            client.post(
                open_vote.url + open_vote.reverse_subpage(name, args=[nomination.pk])
            ).status_code
            == 404
        )
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.ACTIVE


def test_the_author_withdraws_after_confirming(open_vote, participant, client_for):
    nomination, _ = nominate(open_vote, participant)
    client = client_for(participant)
    url = open_vote.url + open_vote.reverse_subpage("nomination-withdraw", args=[nomination.pk])
    assert "Yes, withdraw it" in client.get(url).content.decode()
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.ACTIVE
    client.post(url)
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.WITHDRAWN


def test_the_home_page_lists_the_vote_and_where_it_stands(open_vote, visitor):
    html = visitor.get("/").content.decode()
    assert open_vote.title in html
    assert "Nominations open" in html
