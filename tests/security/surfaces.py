"""Rendering a surface and judging it: the page answered, showed the words, ran nothing."""

from tests.security.inert import assert_inert, html_strings_in, text_of


def shown_inert(client, url, markers, *, baseline=None, what="", status=200):
    """GET `url`; every marker is on the page as words, and nothing in it is live."""
    response = client.get(url)
    assert response.status_code == status, (what, url, response.status_code)
    html = response.content.decode()
    assert_inert(html, baseline=baseline, what=f"{what} {url}")
    words = text_of(html)
    missing = [marker for marker in markers if marker not in words]
    assert not missing, f"{what} {url}: not shown: {missing}"
    return html


def page_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_inert(client, url, markers=(), what=""):
    """An API answer: JSON (so escaped by its encoding), and any HTML in it inert."""
    response = client.get(url)
    assert response.status_code == 200, (what, url)
    assert response["Content-Type"].startswith("application/json")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    body = response.content.decode()
    for fragment in html_strings_in(body):
        assert_inert(fragment, what=f"{what} {url}")
    for marker in markers:
        assert marker in body, (what, url, marker)
    return response.json()
