"""Download my data: everything we hold about the person, and nothing about anyone else."""

import json

import pytest
from allauth.mfa.models import Authenticator

from moderation.models import Notice, Report
from moderation.selectors import item_for
from moderation.services import item_reject
from participation.models import NotificationPreferences, Support
from participation.privacy_export import (
    EXCLUDED,
    EXPORTED,
    GENERIC,
    participant_data_export,
    relation_key,
    user_relations,
)
from participation.services.ballots import ballot_cast
from participation.services.privacy import ERASED, KEPT
from tests.factories import PASSWORD
from tests.participation.factories import campaign_vote, nominations, submitted_nominations

pytestmark = pytest.mark.django_db

DOWNLOAD = "/me/privacy/download/"


def reauthenticated(client_for, user):
    client = client_for(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def test_every_relation_to_the_user_is_exported_or_left_out_with_a_reason():
    """A new table that points at the user must be added to the download (or left out
    with a reason it gives) and to erasure: otherwise someone's data is forgotten."""
    keys = {
        relation_key(relation)
        for relation in user_relations()
        if relation.related_model._meta.app_label != "moderation_testapp"  # the tests' own
    }
    not_covered = keys - set(EXPORTED) - set(EXCLUDED)
    assert not not_covered, f"Add these to privacy_export.EXPORTED or EXCLUDED: {not_covered}"
    not_erased = keys - ERASED - set(KEPT)
    assert not not_erased, f"Say in services/privacy.py what erasure does with: {not_erased}"
    assert all(EXCLUDED[key] for key in keys & set(EXCLUDED))
    assert set(EXPORTED) >= GENERIC


def test_the_export_holds_the_account_and_what_they_did(participant, volunteer):
    vote = campaign_vote(open_round=None)
    (mine,) = submitted_nominations(vote, 1, author=participant, titles=["Free bus travel"])
    (theirs,) = submitted_nominations(vote, 1, author=volunteer, moderator=None)
    Support.objects.create(nomination=theirs, participant=participant)
    NotificationPreferences.objects.create(user=participant, email_round_openings=False)
    Notice.objects.create(recipient=participant, subject="Hello", message="Thanks for taking part.")

    data = participant_data_export(participant)

    assert data["account"]["email"] == "participant@example.org"
    assert data["account"]["display_name"] == "QuietOtter"
    assert data["account"]["date_of_birth"] == participant.date_of_birth.isoformat()
    assert data["email_addresses"] == [
        {"email": "participant@example.org", "verified": True, "main": True}
    ]
    assert [n["title"] for n in data["nominations"]] == ["Free bus travel"]
    assert data["nominations"][0]["moderation"]["state"] == "Waiting for a volunteer to read it"
    assert [s["nomination"] for s in data["supports"]] == [theirs.title]
    assert data["notification_preferences"]["email_round_openings"] is False
    assert [m["message"] for m in data["messages"]] == ["Thanks for taking part."]
    assert "Submitted" in {entry["action"] for entry in data["your_actions_in_the_moderation_log"]}
    assert "cannot tell which ones are yours" in data["page_feedback"]
    assert mine.pk in {n["id"] for n in data["nominations"]}


def test_a_decision_shows_the_reason_given_but_not_the_moderator_or_their_notes(
    participant, volunteer
):
    vote = campaign_vote(open_round=None)
    (mine,) = submitted_nominations(vote, 1, author=participant)
    item_reject(
        item=item_for(mine), moderator=volunteer, reason="off-topic", note_to_author="Nice idea"
    )
    text = json.dumps(participant_data_export(participant))
    moderation = participant_data_export(participant)["nominations"][0]["moderation"]
    assert moderation["state"] == "Not published"
    assert "Nice idea" in moderation["what_this_means"]
    assert "KindReader" not in text
    assert "volunteer@example.org" not in text


def test_an_open_ballot_is_exported_with_its_receipt(participant):
    vote = campaign_vote(open_round=0)
    round_ = vote.ordered_rounds()[0]
    issues = nominations(vote, 3, shortlist_round=round_)
    ballot = ballot_cast(
        participant=participant,
        round=round_,
        choices=[issues[1].pk],
    )
    ballots = participant_data_export(participant)["ballots"]
    (open_ballot,) = ballots["ballots_in_rounds_still_open"]
    assert open_ballot["receipt"] == ballot.receipt
    assert open_ballot["your_choices_in_order"] == ["Issue 1"]
    assert len(ballots["rounds_you_voted_in"]) == 1
    assert "cut off from your account" in ballots["about_closed_rounds"]


def test_reports_they_made_are_in_it_and_reports_about_them_are_not(
    participant, other_participant, volunteer
):
    vote = campaign_vote(open_round=None)
    (mine,) = submitted_nominations(vote, 1, author=participant, moderator=volunteer)
    (theirs,) = submitted_nominations(vote, 1, author=other_participant, moderator=volunteer)
    Report.objects.create(item=item_for(theirs), reporter=participant, reason="It is unkind")
    Report.objects.create(item=item_for(mine), reporter=other_participant, reason="Rude words")

    data = participant_data_export(participant)

    assert [r["your_reason"] for r in data["reports_you_made"]] == ["It is unkind"]
    assert "Rude words" not in json.dumps(data)
    assert "BraveHeron" not in json.dumps(data)
    assert "at risk" in data["reports_about_you"]


def test_two_step_log_in_says_it_is_on_but_never_gives_the_secret(admin):
    secret = Authenticator.objects.filter(user=admin, type="totp").get().data
    data = participant_data_export(admin)
    assert data["two_step_log_in"]["turned_on"] is True
    assert {m["type"] for m in data["two_step_log_in"]["methods"]} >= {"totp"}
    for value in secret.values():
        assert str(value) not in json.dumps(data)


def test_the_download_asks_for_the_password_again_first(client_for, participant):
    response = client_for(participant).get(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_visitors_are_sent_to_log_in(visitor):
    response = visitor.get(DOWNLOAD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_download_is_a_json_attachment_that_is_never_stored(client_for, participant):
    response = reauthenticated(client_for, participant).get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["account"]["email"] == "participant@example.org"


def test_the_your_data_page_offers_download_and_erasure(client_for, participant):
    response = client_for(participant).get("/me/privacy/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Download my data" in page
    assert "Erase my account" in page
