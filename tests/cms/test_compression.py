"""Pages arrive compressed when the browser accepts it (most of a page's weight is HTML)."""

import gzip

import pytest


@pytest.mark.django_db
def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it(client):
    plain = client.get("/")
    squeezed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert squeezed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed["Vary"]
    html = gzip.decompress(squeezed.content).decode()
    assert "<main" in html
    assert len(squeezed.content) < len(plain.content) / 2


@pytest.mark.django_db
def test_a_browser_that_does_not_ask_gets_plain_html(client):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")
    assert b"<main" in response.content


@pytest.mark.django_db
def test_the_api_still_answers_304_to_the_etag_of_a_gzipped_answer(client):
    first = client.get("/api/v1/topics", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    etag = first["ETag"]  # weak once compressed: W/"…"
    again = client.get("/api/v1/topics", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
