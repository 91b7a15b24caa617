"""The home page: what a young person can do now, what came of earlier votes, and
what others tell the charity."""

import datetime as dt
import io

import pytest

from cms.models import HomePage
from evidence import services as evidence_services
from evidence.importer import read_statistics
from evidence.models import EvidenceSnippet, Topic
from tests.participation.factories import campaign_vote

pytestmark = pytest.mark.django_db


def load(text: str):
    data = ("source,period,topic,channel,age_band,region,contacts\n" + text).encode()
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    assert result.ok
    evidence_services.statistics_import(result=result, file_name="t.csv")


def test_each_vote_says_what_to_do_now(client, site):
    home = HomePage.objects.get()
    voting = campaign_vote(title="Vote on 2027")
    nominating = campaign_vote(title="Ideas for 2028", open_round=None)
    for vote in (voting, nominating):
        vote.move(home, pos="last-child")
    page = client.get("/").content.decode()
    voting.refresh_from_db()
    nominating.refresh_from_db()
    assert f'href="{voting.url}rounds/1/vote/">Vote now' in page
    assert f'href="{nominating.url}nominate/">Nominate an issue' in page


def test_evidence_and_not_alone_come_from_the_data(client, site):
    money = Topic.objects.create(slug="money", name="Money")
    quiet = Topic.objects.create(slug="quiet", name="Quiet")
    load("crm,2026-11,money,helpline,,,4001\ncrm,2026-11,quiet,helpline,,,3\n")
    for topic, headline in ((money, "Money worries are common"), (quiet, "Hardly anyone")):
        snippet = EvidenceSnippet(headline=headline, sentence="Young people tell us.", months=1)
        snippet.save()
        snippet.topics.set([topic])
        snippet.save()
        snippet.save_revision().publish()
    page = client.get("/").content.decode()
    assert "Money worries are common" in page and "4,000" in page
    # A figure too small to show isn't featured on the front page.
    assert "Hardly anyone" not in page
    assert "got in touch with us about money around" in " ".join(page.split())
