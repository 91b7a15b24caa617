"""An opened round's settings are locked however the page is written: not just the form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participation.models import CampaignVotePage, Round
from tests.participation.factories import campaign_vote

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def _open(round_: Round) -> None:
    """Time passes until the round opens (straight to the table, as the clock would)."""
    Round.objects.filter(pk=round_.pk).update(opens_at=timezone.now() - HOUR)


def test_publishing_an_older_revision_cannot_change_an_open_rounds_method():
    page = campaign_vote(open_round=None, rounds=(("approval", 1, 3),))
    round_ = page.ordered_rounds()[0]
    older = page.save_revision()  # the round counted by approval, back then
    round_.method = "plurality"
    round_.max_choices = 1
    round_.save()  # allowed: the round has not opened yet
    _open(round_)

    with pytest.raises(ValidationError, match="has opened, so its counting method"):
        CampaignVotePage.objects.get(pk=page.pk).revisions.get(pk=older.pk).publish()

    stored = Round.objects.get(pk=round_.pk)
    assert (stored.method, stored.max_choices) == ("plurality", 1)
    assert CampaignVotePage.objects.get(pk=page.pk).live_revision_id != older.pk


def test_a_scheduled_publish_cannot_change_an_open_rounds_times():
    page = campaign_vote(open_round=None, rounds=(("approval", 1, 3),))
    round_ = page.ordered_rounds()[0]
    page = CampaignVotePage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    draft.title = "A new title"
    (draft_round,) = draft.rounds.all()
    draft_round.closes_at = round_.closes_at + 5 * 24 * HOUR
    revision = draft.save_revision(approved_go_live_at=timezone.now() - HOUR)
    _open(round_)

    with pytest.raises(ValidationError, match="has opened"):
        revision.publish()

    assert Round.objects.get(pk=round_.pk).closes_at == round_.closes_at
    # Nothing of the publish is kept, the page's own fields included.
    assert CampaignVotePage.objects.get(pk=page.pk).title != "A new title"


def test_code_cannot_change_or_remove_an_open_round():
    page = campaign_vote(rounds=(("approval", 1, 3),))  # round 1 is open now
    round_ = page.ordered_rounds()[0]
    round_.advance_count = 2
    with pytest.raises(ValidationError, match="has opened"):
        round_.save()
    with pytest.raises(ValidationError, match="can't be removed"):
        Round.objects.get(pk=round_.pk).delete()
    stored = Round.objects.get(pk=round_.pk)
    assert stored.advance_count == 1


def test_a_round_that_has_not_opened_can_still_change():
    page = campaign_vote(open_round=None, rounds=(("approval", 1, 3),))
    round_ = page.ordered_rounds()[0]
    round_.method = "irv"
    round_.save()
    assert Round.objects.get(pk=round_.pk).method == "irv"
    round_.title = "Changed again"
    round_.save()
    Round.objects.get(pk=round_.pk).delete()
    assert not Round.objects.filter(pk=round_.pk).exists()


def test_an_open_rounds_title_can_still_change():
    page = campaign_vote(rounds=(("approval", 1, 3),))
    round_ = page.ordered_rounds()[0]
    round_.title = "The shortlist"
    round_.save()
    assert Round.objects.get(pk=round_.pk).title == "The shortlist"


def test_publishing_other_changes_to_a_vote_with_an_open_round_still_works():
    page = campaign_vote(rounds=(("approval", 1, 3),))  # its times carry microseconds
    round_ = page.ordered_rounds()[0]
    draft = CampaignVotePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title = "Our campaigns for 2027"
    draft.save_revision().publish()
    assert CampaignVotePage.objects.get(pk=page.pk).title == "Our campaigns for 2027"
    assert Round.objects.get(pk=round_.pk).opens_at == round_.opens_at
