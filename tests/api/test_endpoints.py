"""Each endpoint answers with the data its docs describe."""

import pytest

from participation.labels import record_nominations
from participation.views import votes as vote_views
from tests.api.conftest import publish

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.content)
    return response.json()


def test_the_index_says_where_everything_is(client):
    index = get(client, "/api/v1/")
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    assert index["docs"] == "http://testserver/api/v1/docs/"
    assert index["licence"]["attribution"].startswith("Contains data from the Listening Hub, ")
    assert index["licence"]["attribution"].endswith(", licensed under CC BY 4.0")
    assert "http://testserver/api/v1/snippets" in index["lists"]


def test_topics_have_their_parent_and_children(client, anxiety):
    topics = {t["slug"]: t for t in get(client, "/api/v1/topics?page_size=100")["results"]}
    assert topics["anxiety"]["parent"] == "mental-health"
    assert topics["mental-health"]["children"] == ["anxiety"]
    one = get(client, "/api/v1/topics/anxiety")
    assert one == topics["anxiety"]
    assert one["url"] == "http://testserver/api/v1/topics/anxiety"


def test_a_snippet_has_its_disclosed_figures(client, snippet):
    answer = get(client, f"/api/v1/snippets/{snippet.pk}")
    assert answer["headline"] == snippet.headline
    assert answer["topics"] == [{"slug": "anxiety", "name": "Anxiety"}]
    assert answer["channels"] == []
    figures = answer["figures"]
    assert figures["headline"] == {"value": 3115, "suppressed": False, "label": None}
    assert [(row["label"], row["figure"]["value"]) for row in figures["rows"]] == [
        ("Sep 2026", 1235),
        ("Oct 2026", 1000),
        ("Nov 2026", 885),
    ]
    assert figures["period"] == {
        "first_month": "2026-09",
        "last_month": "2026-11",
        "label": "September 2026 to November 2026",
    }
    assert answer["page_url"] == f"http://testserver/evidence/{snippet.pk}/"
    assert answer["last_published_at"] is not None


def test_small_numbers_are_suppressed_with_a_label(client, age_snippet):
    rows = get(client, f"/api/v1/snippets/{age_snippet.pk}")["figures"]["rows"]
    by_band = {row["label"]: row["figure"] for row in rows}
    assert by_band["13–15"] == {"value": None, "suppressed": True, "label": "fewer than 10"}
    assert by_band["16–18"] == {"value": None, "suppressed": True, "label": "not shown"}
    assert by_band["22–25"]["value"] == 355


def test_snippets_filter_by_topic_and_its_sub_topics(client, snippet, anxiety):
    other = type(anxiety).objects.create(slug="money", name="Money")
    publish(topics=[other], headline="Money worries", sentence="Money is tight.")
    on_health = get(client, "/api/v1/snippets?topic=mental-health")["results"]
    assert [s["id"] for s in on_health] == [snippet.pk]
    assert get(client, "/api/v1/snippets")["count"] == 2


def test_lists_come_in_pages(client, snippet, age_snippet):
    first = get(client, "/api/v1/snippets?page_size=1")
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/snippets?page=2&page_size=1"
    second = get(client, first["next"])
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/snippets?page=1&page_size=1"
    assert first["results"][0]["id"] != second["results"][0]["id"]


def test_a_vote_has_its_phase_and_rounds(client, closed_vote):
    page = closed_vote.page
    answer = get(client, f"/api/v1/votes/{page.pk}")
    assert answer["title"] == page.title
    assert answer["introduction"] == "Tell us what matters."
    assert answer["introduction_html"] == "<p>Tell us what matters.</p>"
    assert answer["topics"] == ["anxiety"]
    assert answer["phase"] == "results"
    (round_,) = answer["rounds"]
    assert round_["number"] == 1 and round_["state"] == "closed"
    assert round_["method"] == "irv" and round_["ballot_kind"] == "ranked"
    links = round_["links"]
    base = f"http://testserver/api/v1/votes/{page.pk}/rounds/1"
    assert links["result"] == f"{base}/result"
    assert links["ballots_csv"] == f"{base}/ballots.csv"
    assert links["ballots_blt"] == f"{base}/ballots.blt"
    assert links["results_page"].endswith("/rounds/1/results/")
    assert [v["id"] for v in get(client, "/api/v1/votes")["results"]] == [page.pk]
    assert get(client, "/api/v1/votes?topic=mental-health")["count"] == 1


def test_a_round_not_closed_yet_has_no_result_links(client, db):
    from tests.participation.factories import campaign_vote

    page = campaign_vote(title="Voting now")
    (round_,) = get(client, f"/api/v1/votes/{page.pk}")["rounds"]
    assert round_["state"] == "open"
    assert set(round_["links"].values()) == {None}
    response = client.get(f"/api/v1/votes/{page.pk}/rounds/1/result")
    assert response.status_code == 404
    assert "hasn't been counted yet" in response.json()["detail"]


def test_a_result_has_its_count_and_its_turnout_through_disclosure_control(client, closed_vote):
    page = closed_vote.page
    result = get(client, f"/api/v1/votes/{page.pk}/rounds/1/result")
    stored = closed_vote.round.result
    assert result["ballot_count"] == 14 == stored.ballot_count
    assert result["ballot_checksum"] == stored.ballot_checksum
    assert result["seed"] == stored.seed and result["method_version"] == stored.method_version
    assert [w["id"] for w in result["winners"]] == stored.winners
    # The stages name nominations by id, however the record names them (labels or ids).
    named = record_nominations(stored.count)
    assert result["stages"][0]["counts"] == {
        str(named[candidate]): votes
        for candidate, votes in stored.count["rounds"][0]["counts"].items()
    }
    assert {c["id"] for c in result["candidates"]} == set(named.values())
    assert result["record"] == stored.count
    turnout = result["turnout"]
    assert turnout["eligible_count"] == stored.eligible_count
    groups = {row["group"]: row["voters"] for row in turnout["by_region"]["rows"]}
    # Six from London is under 10: shown as such, never as 6.
    assert groups["London"] == {"value": None, "suppressed": True, "label": "fewer than 10"}
    assert all(
        row["voters"]["value"] is None or row["voters"]["value"] % 5 == 0
        for row in turnout["by_age_band"]["rows"] + turnout["by_region"]["rows"]
    )


def test_the_ballots_are_the_results_pages_files(client, rf, closed_vote):
    page = closed_vote.page
    base = f"/api/v1/votes/{page.pk}/rounds/1"
    request = rf.get("/")
    csv = client.get(f"{base}/ballots.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    published = csv.getvalue()  # a stored file, streamed: read once
    assert published == vote_views.published_ballots_csv(request, page, 1).getvalue()
    blt = client.get(f"{base}/ballots.blt")
    assert blt.getvalue() == vote_views.published_ballots_blt(request, page, 1).getvalue()
    ballots = get(client, f"{base}/ballots?page_size=100")
    assert ballots["count"] == 14
    # The file names each nomination by its label; the API by its id.
    named = record_nominations(closed_vote.round.result.count)
    rows = [
        [named[label] for label in line.rstrip(",").split(",")]
        for line in published.decode().splitlines()[1:]
    ]
    assert [b["choices"] for b in ballots["results"]] == rows
    assert [b["row"] for b in ballots["results"]] == list(range(1, 15))
    assert set(ballots["results"][0]) == {"row", "choices"}


def test_the_docs_page_lists_each_endpoint_without_scripts_from_elsewhere(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Open data API</h1>" in page
    assert "Parameters of GET /api/v1/snippets</caption>" in page
    # Wide examples and tables scroll inside regions a keyboard can reach.
    assert 'tabindex="0" role="region" aria-label="Example request: GET /api/v1/snippets"' in page
    assert "curl -i &#x27;http://testserver/api/v1/snippets&#x27;" in page
    assert "&quot;suppressed&quot;: false" in page  # an example answer
    assert "swagger" not in page.lower() and "redoc" not in page.lower()
    assert "https://cdn" not in page and "unpkg" not in page
    assert "private" in response["Cache-Control"]
