"""Evidence on nominations: up to three published snippets, notes moderated too."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evidence.models import EvidenceSnippet
from moderation.models import ModerationItem
from participation.models import Nomination, NominationEvidence
from participation.services import nominations as services
from tests.participation.factories import approve, campaign_vote, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def snippet(headline="Anxiety rises in exam season", *, live=True):
    made = EvidenceSnippet(headline=headline, sentence="It climbs each spring.", months=12)
    made.save()
    made.topics.set([topic()])
    if live:
        made.save_revision().publish()
    else:
        EvidenceSnippet.objects.filter(pk=made.pk).update(live=False)
    return EvidenceSnippet.objects.get(pk=made.pk)


def nominate(page, participant, evidence=()):
    return services.nomination_submit(
        participant=participant,
        campaign_vote=page,
        title="Calmer exams",
        description="Exam season makes so many of us anxious.",
        topic=topic(),
        evidence=evidence,
    )


def test_evidence_and_its_note_go_through_moderation(open_vote, participant):
    fact = snippet()
    nomination, item = nominate(open_vote, participant, [(fact, "This is what happens to us.")])
    assert list(nomination.evidence_links.values_list("snippet_id", "note")) == [
        (fact.pk, "This is what happens to us.")
    ]
    assert item.text_snapshot["evidence_note_1"] == "This is what happens to us."


@pytest.mark.parametrize(
    ("make_evidence", "message"),
    [
        (lambda: [(snippet(live=False), "")], "isn't published"),
        (lambda: [(99999999, "")], "isn't published"),
        (lambda: [(2**70, "")], "isn't published"),
        (lambda: [(snippet(f"Fact {letter}"), "") for letter in "ABCD"], "up to 3"),
        (lambda: [(s, ""), (s, "")] if (s := snippet()) else [], "same evidence twice"),
        (lambda: [(snippet(), "x" * 201)], "200 characters"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_saved(
    open_vote, participant, make_evidence, message
):
    evidence = make_evidence()
    with pytest.raises(ValidationError, match=message):
        nominate(open_vote, participant, evidence)
    assert not Nomination.objects.filter(title="Calmer exams").exists()
    assert not NominationEvidence.objects.exists()
    assert not ModerationItem.objects.filter(text_snapshot__title="Calmer exams").exists()


def test_only_the_author_changes_the_evidence(open_vote, participant, other_participant):
    nomination, _ = nominate(open_vote, participant)
    with pytest.raises(PermissionDenied):
        services.nomination_edit(
            nomination=nomination,
            author=other_participant,
            title="Mine now",
            description="Taken over.",
            topic=topic(),
            evidence=[(snippet(), "")],
        )
    assert not nomination.evidence_links.exists()


def test_the_evidence_shows_on_the_page_only_once_approved(
    open_vote, participant, volunteer, client
):
    fact = snippet()
    nomination, _ = nominate(open_vote, participant, [(fact, "It backs us up.")])
    url = open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    assert client.get(url).status_code == 404
    approve(nomination, volunteer)
    page = html.unescape(client.get(url).content.decode())
    assert "The evidence" in page and "Anxiety rises in exam season" in page
    assert "It backs us up." in page


def test_the_form_attaches_evidence_and_refuses_a_withdrawn_one_kindly(
    open_vote, participant, client_for
):
    fact = snippet()
    client = client_for(participant)
    url = open_vote.url + open_vote.reverse_subpage("nominate")
    data = {
        "title": "Calmer exams",
        "description": "Exam season makes us anxious.",
        "topic": topic().pk,
        "evidence_1": fact.pk,
        "note_1": "Look at the spring.",
        "confirm": "1",
    }
    EvidenceSnippet.objects.filter(pk=fact.pk).update(live=False)
    refused = client.post(url, data)
    assert refused.status_code in (200, 400)
    assert "isn't published any more" in html.unescape(refused.content.decode())
    assert not Nomination.objects.filter(title="Calmer exams").exists()
    EvidenceSnippet.objects.filter(pk=fact.pk).update(live=True)
    sent = client.post(url, data)
    assert sent.status_code == 302
    nomination = Nomination.objects.get(title="Calmer exams")
    assert nomination.evidence_links.get().note == "Look at the spring."


def test_evidence_unpublished_since_is_taken_off_with_a_word_to_the_author(
    open_vote, participant, client_for
):
    fact = snippet()
    nomination, _ = nominate(open_vote, participant, [(fact, "It backs us up.")])
    EvidenceSnippet.objects.filter(pk=fact.pk).update(live=False)
    client = client_for(participant)
    url = open_vote.url + open_vote.reverse_subpage("nomination-edit", args=[nomination.pk])
    response = client.post(
        url,
        {"title": "Calmer exams", "description": "Exams make us anxious.", "topic": topic().pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "is no longer published, so it was taken off" in html.unescape(response.content.decode())
    assert not nomination.evidence_links.exists()
