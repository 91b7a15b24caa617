"""Followers hear of each new update on a campaign, once, as their settings allow."""

import datetime as dt

import pytest
from django.core import mail

from cms import services
from cms.models import CampaignUpdate
from moderation.models import Notice
from participation.models import NotificationPreferences
from tests.cms.campaigns import campaign_index, campaign_page

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()


def test_followers_hear_of_each_new_update_once(
    site, participant, other_participant, django_capture_on_commit_callbacks
):
    page = campaign_page(
        campaign_index(site), updates=[(dt.date(2026, 10, 1), "We met the minister")]
    )
    publish(page)  # the first publish records what was there: nobody followed it yet
    services.campaign_follow(participant=participant, campaign=page)
    services.campaign_follow(participant=other_participant, campaign=page)
    NotificationPreferences.objects.create(user=other_participant, email_campaign_updates=False)
    assert not Notice.objects.filter(message__contains="minister").exists()

    page.updates.add(CampaignUpdate(date=dt.date(2026, 11, 20), title="A pilot is agreed"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
        publish(page)  # again: nobody is told twice
    told = Notice.objects.filter(message__startswith="A pilot is agreed")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [participant.pk, other_participant.pk]
    )
    # In the messages list for both; by email only for the one who wants campaign news.
    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert "News on" in mail.outbox[0].subject
