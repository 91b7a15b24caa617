"""Only public data: nothing unapproved or unpublished, no exact count about young
people, no personal data. Read every answer the API gives, as a scraper would."""

import json

import pytest

from tests.api.conftest import EXACT

pytestmark = pytest.mark.django_db


def crawl(client, start="/api/v1/"):
    """Every answer reachable from the index by following the API's own addresses."""
    seen, queue, answers = set(), [start], {}
    while queue:
        url = queue.pop()
        path = url.replace("http://testserver", "")
        if path in seen or not path.startswith("/api/v1/"):
            continue
        seen.add(path)
        response = client.get(path)
        body = response.getvalue()  # the ballot files are streamed
        assert response.status_code == 200, (path, body)
        answers[path] = body.decode()
        if response["Content-Type"].startswith("application/json"):
            queue.extend(_addresses(response.json()))
    return answers


def _addresses(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _addresses(item)
    elif isinstance(value, list):
        for item in value:
            yield from _addresses(item)
    elif isinstance(value, str) and value.startswith("http://testserver/api/v1/"):
        yield value


def _numbers(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield value


def _figures(value):
    if isinstance(value, dict):
        if set(value) == {"value", "suppressed", "label"}:
            yield value
        for item in value.values():
            yield from _figures(item)
    elif isinstance(value, list):
        for item in value:
            yield from _figures(item)


@pytest.fixture
def everything(
    client, snippet, age_snippet, draft_snippet, closed_vote, unpublished_vote, participant
):
    return crawl(client)


def test_the_crawl_reaches_every_kind_of_answer(everything, closed_vote):
    paths = set(everything)
    vote = closed_vote.page.pk
    assert f"/api/v1/votes/{vote}/rounds/1/result" in paths
    assert f"/api/v1/votes/{vote}/rounds/1/ballots.csv" in paths
    assert "/api/v1/topics/anxiety" in paths


def test_drafts_unpublished_votes_and_unapproved_nominations_never_appear(
    everything, draft_snippet, unpublished_vote, closed_vote
):
    text = "\n".join(everything.values())
    assert draft_snippet.headline not in text
    assert unpublished_vote.title not in text
    assert closed_vote.pending.title not in text


def test_they_are_404_by_their_ids(client, draft_snippet, unpublished_vote, closed_vote):
    for url in (
        f"/api/v1/snippets/{draft_snippet.pk}",
        f"/api/v1/votes/{unpublished_vote.pk}",
        f"/api/v1/votes/{unpublished_vote.pk}/rounds/1/result",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


def test_a_vote_behind_a_password_is_not_public(client, closed_vote):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=closed_vote.page, restriction_type="password", password="only-us"
    )
    assert client.get("/api/v1/votes").json()["count"] == 0
    error = client.get(f"/api/v1/votes/{closed_vote.page.pk}/rounds/1/ballots.csv")
    assert error.status_code == 404 and error.json()["detail"]


def test_a_nomination_no_longer_public_keeps_its_id_but_not_its_title(client, closed_vote):
    result = client.get(f"/api/v1/votes/{closed_vote.page.pk}/rounds/1/result").json()
    rows = {row["id"]: row for row in result["shortlist"]}
    assert rows[closed_vote.pending.pk]["title"] is None
    assert rows[closed_vote.pending.pk]["url"] is None
    assert rows[closed_vote.nominations[0].pk]["title"] == "Buses"


def test_no_exact_count_about_young_people_appears(everything):
    for path, text in everything.items():
        if text.startswith("{") and not path.endswith("openapi.json"):
            data = json.loads(text)
            assert not EXACT & set(_numbers(data)), path
            for figure in _figures(data):
                value = figure["value"]
                assert value is None or (value >= 10 and value % 5 == 0), (path, figure)
                assert figure["suppressed"] == (value is None)


def test_no_personal_data_appears(everything, closed_vote, participant):
    text = "\n".join(everything.values())
    assert "@" not in text.replace("@example", "")  # no email address at all
    assert "example.org" not in text
    assert "SecretAuthorName" not in text  # the nominations' author
    assert participant.display_name not in text
    for ballot in closed_vote.round.ballots.all():
        assert ballot.receipt not in text  # receipts stay with their voters
