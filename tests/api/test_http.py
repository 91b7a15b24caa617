"""The HTTP around the data: clear 400s, 404s and 405s in JSON, caching headers and 304s,
HEAD, CORS for GET, and the per-client rate limit."""

import pytest
from django.utils.http import http_date

pytestmark = pytest.mark.django_db


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


# --- Bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "page should be at least 1"),
        ("page=-3", "page should be at least 1"),
        ("page=two", "page should be a whole number"),
        ("page=1.5", "page should be a whole number"),
        (f"page={10**30}", "page should be at most 1000000"),
        ("page_size=0", "page_size should be at least 1"),
        ("page_size=1000", "page_size should be at most 100"),
        ("topic=%3Cscript%3Ealert(1)%3C/script%3E", "topic may contain only letters"),
        ("topic=x%27%20OR%201%3D1--", "topic may contain only letters"),
        ("topic=" + "a" * 81, "topic should be at most 80 characters"),
    ],
)
def test_malformed_parameters_are_a_400_saying_what_to_fix(client, query, message):
    body = error(client.get(f"/api/v1/snippets?{query}"), 400)
    assert message in body["detail"]
    (problem,) = body["errors"]
    assert problem["location"] == "query"
    assert problem["parameter"] in query
    assert "<script>" not in body["detail"]


def test_a_page_past_the_last_says_how_many_there_are(client, snippet):
    body = error(client.get("/api/v1/snippets?page=2"), 400)
    assert body["detail"] == "There is no page 2: there is 1 page of 20 (1 result)."
    assert body["errors"] == [
        {"location": "query", "parameter": "page", "message": "should be at most 1"}
    ]


def test_an_unknown_topic_is_a_400_not_an_empty_list(client, anxiety):
    body = error(client.get("/api/v1/snippets?topic=no-such-topic"), 400)
    assert "There is no topic with the slug “no-such-topic”" in body["detail"]
    assert body["errors"][0]["parameter"] == "topic"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/snippets/abc",
        "/api/v1/snippets/0",
        f"/api/v1/snippets/{2**63}",
        f"/api/v1/votes/{10**30}",
        "/api/v1/votes/1/rounds/0/result",
        "/api/v1/votes/1/rounds/1%3B%20DROP%20TABLE%20x/ballots",
        "/api/v1/topics/%3Cb%3Ebold",
    ],
)
def test_malformed_path_parameters_are_a_400(client, path):
    body = error(client.get(path), 400)
    assert body["errors"][0]["location"] == "path"


def test_a_huge_query_string_is_a_400(client):
    body = error(client.get("/api/v1/topics?" + "x=1&" * 2000), 400)
    assert "too long" in body["detail"]


def test_unknown_parameters_are_ignored(client, anxiety):
    assert client.get("/api/v1/topics?colour=blue&page=1").status_code == 200


# --- Not found, not allowed ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/snippets/987654",
        "/api/v1/votes/987654",
        "/api/v1/topics/no-such-topic",
        "/api/v1/no/such/thing",
    ],
)
def test_what_doesnt_exist_is_a_json_404(client, path):
    error(client.get(path), 404)


def test_a_round_number_past_the_last_is_a_404_that_says_so(client, closed_vote):
    body = error(client.get(f"/api/v1/votes/{closed_vote.page.pk}/rounds/2/result"), 404)
    assert "has 1 round: there is no round 2" in body["detail"]


def test_an_address_with_a_stray_slash_is_redirected(client, anxiety):
    response = client.get("/api/v1/topics/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/topics?page=1"


def test_a_redirect_never_carries_a_line_break_into_its_headers(client, anxiety):
    response = client.get("/api/v1/topics/a%0D%0ASet-Cookie:%20x=1/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/topics/a%0D%0ASet-Cookie:%20x%3D1"
    assert client.get(response["Location"]).status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_only_reads(client, method):
    response = getattr(client, method)("/api/v1/topics")
    body = error(response, 405)
    assert "only reads" in body["detail"]
    assert response["Allow"] == "GET, HEAD"


# --- Caching --------------------------------------------------------------------------


def test_every_answer_has_an_etag_and_a_matching_one_is_a_304(client, snippet):
    for path in ("/api/v1/", "/api/v1/topics", f"/api/v1/snippets/{snippet.pk}"):
        first = client.get(path)
        etag = first["ETag"]
        assert etag.startswith('"')
        again = client.get(path, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
        assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200


def test_the_etag_changes_when_the_data_does(client, snippet):
    from tests.api.conftest import HEADER, load

    path = f"/api/v1/snippets/{snippet.pk}"
    before = client.get(path)["ETag"]
    load(HEADER + "crm,2026-11,anxiety,email,,,500\n")
    after = client.get(path, headers={"if-none-match": before})
    assert after.status_code == 200 and after["ETag"] != before


def test_a_snippet_has_last_modified_and_honours_if_modified_since(client, snippet):
    path = f"/api/v1/snippets/{snippet.pk}"
    response = client.get(path)
    assert response["Last-Modified"] == http_date(snippet.last_published_at.timestamp())
    later = http_date(snippet.last_published_at.timestamp() + 60)
    earlier = http_date(snippet.last_published_at.timestamp() - 60)
    assert client.get(path, headers={"if-modified-since": later}).status_code == 304
    assert client.get(path, headers={"if-modified-since": earlier}).status_code == 200


def test_a_result_and_its_ballots_are_last_modified_when_counted(client, closed_vote):
    counted = http_date(closed_vote.round.result.counted_at.timestamp())
    base = f"/api/v1/votes/{closed_vote.page.pk}"
    for path in ("/rounds/1/result", "/rounds/1/ballots", "/rounds/1/ballots.csv", ""):
        assert client.get(base + path)["Last-Modified"] == counted, path


def test_head_gives_the_headers_without_the_body(client, snippet):
    path = f"/api/v1/snippets/{snippet.pk}"
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


# --- CORS ----------------------------------------------------------------------------


def test_any_site_may_read_it_with_get(client, anxiety):
    response = client.get("/api/v1/topics", headers={"origin": "https://example.net"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_only_reading(client):
    response = client.options(
        "/api/v1/topics",
        headers={
            "origin": "https://example.net",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_the_rest_of_the_site_gets_no_cors_headers(client):
    response = client.get("/healthz", headers={"origin": "https://example.net"})
    assert "Access-Control-Allow-Origin" not in response


# --- Rate limit ----------------------------------------------------------------------


def test_too_many_requests_get_a_json_429_with_retry_after(client, settings, anxiety):
    settings.API_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/topics").status_code == 200
    response = client.get("/api/v1/topics/anxiety")
    body = error(response, 429)
    assert "3 requests a minute" in body["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # The schema counts too, and another address has its own allowance.
    assert client.get("/api/v1/openapi.json").status_code == 429
    other = client.get("/api/v1/topics", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
