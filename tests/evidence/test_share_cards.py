"""Share cards for evidence snippets: a page with Open Graph tags, a 1200 × 630 PNG drawn
once per version through the task interface, plain share links, nothing from another site."""

import html
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django_tasks.signals import task_enqueued
from PIL import Image

from evidence import share, share_image
from evidence.models import EvidenceSnippet, Topic
from tests.evidence.test_snippets import HEADER, load, publish

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHARE_HOSTS = {"wa.me", "bsky.app", "twitter.com", "www.facebook.com", "www.linkedin.com"}


class Page(HTMLParser):
    """A page as a crawler sees it: its meta tags, every URL it names, and the card text."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.images: list[dict[str, str]] = []
        self.textareas: dict[str, str] = {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        if tag == "img":
            self.images.append(attrs)
        if tag == "textarea":
            self._textarea = attrs.get("id", "")
            self.textareas[self._textarea] = ""
        for name in ("src", "href", "action", "srcset", "poster", "data", "content"):
            value = attrs.get(name, "")
            if name == "content" and "//" not in value:
                continue
            if value:
                self.urls.append((tag, name, value))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.textareas[self._textarea] += data


def parse(response) -> Page:
    assert response.status_code == 200
    page = Page()
    page.feed(response.content.decode())
    return page


def off_site(page: Page) -> list[tuple[str, str, str]]:
    """Every URL on the page that points anywhere but the site itself."""
    found = []
    for tag, attribute, url in page.urls:
        parts = urlsplit(html.unescape(url))
        if parts.scheme in ("tel",):
            continue
        if parts.scheme == "mailto" or (parts.netloc and parts.netloc != "testserver"):
            found.append((tag, attribute, url))
    return found


def assert_nothing_from_another_site(page: Page):
    """Only <a href> share links leave the site: no script, style, image, frame or font."""
    for tag, attribute, url in off_site(page):
        parts = urlsplit(html.unescape(url))
        assert tag == "a" and attribute == "href", (tag, attribute, url)
        assert parts.scheme == "mailto" or parts.netloc in SHARE_HOSTS, url
    hosts = {urlsplit(html.unescape(url)).netloc for tag, _, url in off_site(page)}
    assert hosts == SHARE_HOSTS | {""}  # every platform, and the mailto: link


def assert_share_tags(page: Page, *, title: str, page_url: str) -> str:
    """The Open Graph and Twitter-card tags; returns the image's absolute URL."""
    meta = page.meta
    assert meta["og:title"] == title
    assert meta["og:type"] == "website"
    assert meta["og:url"] == page_url
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert meta["og:image:type"] == "image/png"
    assert meta["og:image:alt"] and meta["og:description"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert re.fullmatch(
        r"http://testserver/evidence/share-cards/[0-9a-f]{32}\.png", meta["og:image"]
    )
    shown = [image for image in page.images if image["src"] in meta["og:image"]]
    assert shown and shown[0]["alt"] == meta["og:image:alt"]
    return meta["og:image"]


def assert_card_image(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    png = b"".join(response.streaming_content)
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert b"http" not in png  # no address of any kind inside the picture's metadata
    return png


@pytest.fixture
def anxiety():
    health = Topic.objects.get_or_create(slug="mental-health", defaults={"name": "Mental health"})
    return Topic.objects.get_or_create(
        slug="anxiety", defaults={"name": "Anxiety", "parent": health[0]}
    )[0]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def enqueued():
    """The cards sent to the task interface to be drawn during the test."""
    names = []

    def record(sender, task_result, **kwargs):
        if task_result.task.func is share.card_image_render.func:
            names.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def share_url(snippet) -> str:
    return f"/evidence/{snippet.pk}/share/"


def image_of(client, snippet) -> str:
    return parse(client.get(share_url(snippet))).meta["og:image"]


def test_a_published_snippet_has_a_share_page_with_open_graph_tags(anxiety, visitor):
    load(HEADER + "crm,2026-10,anxiety,helpline,,,1233\ncrm,2026-11,anxiety,webchat,,,1001\n")
    snippet = publish(topics=[anxiety], months=2)
    page = parse(visitor.get(share_url(snippet)))
    image = assert_share_tags(
        page,
        title="Anxiety is on young people's minds",
        page_url=f"http://testserver/evidence/{snippet.pk}/share/",
    )
    assert_card_image(visitor, image)
    text = page.textareas["share-text"]
    assert text.splitlines() == [
        "Anxiety is on young people's minds.",
        "2,235 contacts.",
        "October 2026 to November 2026, rounded to the nearest 5.",
        "Young people tell us about anxiety every month.",
        "Source: The charity's own records of contacts from young people.",
        "Listening Hub",
        f"http://testserver/evidence/{snippet.pk}/share/",
    ]
    assert "2,235 contacts" in page.meta["og:image:alt"]


def test_the_snippet_page_links_to_its_share_page(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    detail = visitor.get(f"/evidence/{snippet.pk}/").content.decode()
    assert f'href="/evidence/{snippet.pk}/share/"' in detail


def test_the_image_is_drawn_through_the_task_interface_once(anxiety, visitor, media, enqueued):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    assert not (media / "share-cards").exists()
    image = image_of(visitor, snippet)
    digest = image.rsplit("/", 1)[1].removesuffix(".png")
    assert (media / "share-cards" / f"{digest}.png").read_bytes().startswith(PNG_SIGNATURE)
    assert enqueued == ["evidence.share.card_image_render"]
    # Asking again finds the stored picture: no second drawing.
    assert image_of(visitor, snippet) == image
    assert_card_image(visitor, image)
    assert enqueued == ["evidence.share.card_image_render"]
    assert len(list((media / "share-cards").iterdir())) == 1


def test_a_stored_image_answers_a_repeat_visit_with_not_modified(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    image = image_of(visitor, publish(topics=[anxiety], months=1))
    first = visitor.get(image)
    again = visitor.get(image, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"


def test_small_counts_are_on_the_card_as_fewer_than_10(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,7\n")
    snippet = publish(topics=[anxiety], months=1)
    page = parse(visitor.get(share_url(snippet)))
    text = page.textareas["share-text"]
    assert "Fewer than 10 contacts.\nNovember 2026.\n" in text
    assert "rounded" not in text
    words = [
        value for key, value in page.meta.items() if key.endswith(("title", "description", "alt"))
    ]
    published = " ".join([text.rsplit("\n", 1)[0], *words])  # all but the page's address
    assert "Fewer than 10 contacts." in page.meta["og:image:alt"]
    assert not re.search(r"(?<![\d,])7(?![\d,])", published)
    assert_card_image(visitor, page.meta["og:image"])


def test_a_new_version_gets_a_new_image_and_the_old_one_still_works(anxiety, visitor, media):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    old = image_of(visitor, snippet)
    old_png = assert_card_image(visitor, old)
    snippet.headline = "Anxiety is what young people ask about most"
    snippet.save_revision().publish()
    new = image_of(visitor, snippet)
    assert new != old
    assert assert_card_image(visitor, new) != old_png
    # Old links already shared keep their picture: a stored card is never changed.
    assert assert_card_image(visitor, old) == old_png
    assert len(list((media / "share-cards").iterdir())) == 2


def test_publishing_again_without_changes_keeps_the_image(anxiety, visitor, enqueued):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    image = image_of(visitor, snippet)
    snippet.save_revision().publish()
    assert image_of(visitor, snippet) == image
    assert len(enqueued) == 1


def test_new_statistics_that_change_the_figure_give_a_new_image(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    old = image_of(visitor, snippet)
    load(HEADER + "crm,2026-12,anxiety,helpline,,,2000\n")
    page = parse(visitor.get(share_url(snippet)))
    assert page.meta["og:image"] != old
    assert "2,000 contacts.\nDecember 2026," in page.textareas["share-text"]
    assert_card_image(visitor, page.meta["og:image"])


def test_a_snippet_with_no_data_yet_still_has_a_card(anxiety, visitor):
    snippet = publish(topics=[anxiety], months=1)
    page = parse(visitor.get(share_url(snippet)))
    assert "There is no data for this yet." in page.textareas["share-text"]
    assert_card_image(visitor, page.meta["og:image"])


def test_an_unpublished_snippet_has_no_share_page(anxiety, visitor):
    draft = EvidenceSnippet(headline="Draft", sentence="Not yet.", months=12, live=False)
    draft.save()
    assert visitor.get(share_url(draft)).status_code == 404
    assert visitor.get("/evidence/99999999/share/").status_code == 404
    assert visitor.get("/evidence/99999999999999999999999/share/").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "0" * 32,  # well formed, never drawn
        "0" * 31,
        "0" * 33,
        "A" * 32,
        "g" * 32,
        "0" * 64,
        "..%2F..%2Fsettings",
        "%2E%2E%2F" * 4 + "0" * 5,
        "0" * 30 + "%00",
    ],
)
def test_an_unknown_or_malformed_image_is_404(visitor, name):
    assert visitor.get(f"/evidence/share-cards/{name}.png").status_code == 404


def test_a_card_not_drawn_yet_is_not_cached_as_missing(visitor):
    # With a real worker, a crawler may ask a moment before the picture is stored.
    response = visitor.get(f"/evidence/share-cards/{'0' * 32}.png")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_paths_outside_the_share_cards_never_resolve(visitor):
    assert visitor.get("/evidence/share-cards/../../manage.py").status_code == 404
    assert visitor.get("/evidence/share-cards/x/../../0.png").status_code == 404


def test_the_image_address_takes_only_reading(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    image = image_of(visitor, publish(topics=[anxiety], months=1))
    assert visitor.post(image).status_code == 405
    assert visitor.head(image).status_code == 200


def test_the_share_page_loads_nothing_from_another_site(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    response = visitor.get(share_url(snippet))
    page = parse(response)
    assert_nothing_from_another_site(page)
    body = response.content.decode()
    assert "<iframe" not in body and "<object" not in body and "<embed" not in body
    for tag, _, url in page.urls:
        if tag in ("script", "link") and url.startswith("/"):
            assert visitor.get(url).status_code == 200, url
    script = b"".join(visitor.get("/static/evidence/share.js").streaming_content)
    assert b"http" not in script


def test_share_links_are_plain_addresses_with_the_page_in_them(anxiety, visitor):
    load(HEADER + "crm,2026-11,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    body = html.unescape(visitor.get(share_url(snippet)).content.decode())
    page_url = f"http://testserver/evidence/{snippet.pk}/share/"
    quoted = "http%3A%2F%2Ftestserver%2Fevidence%2F" + str(snippet.pk) + "%2Fshare%2F"
    for start in (
        "https://wa.me/?text=",
        "mailto:?subject=",
        "https://bsky.app/intent/compose?text=",
        "https://twitter.com/intent/tweet?url=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
    ):
        link = re.search(rf'<a href="({re.escape(start)}[^"]*)" rel="noopener noreferrer">', body)
        assert link and quoted in link.group(1), start
    assert f'value="{page_url}" readonly' in body  # the link itself, to copy


def test_long_words_never_run_off_the_card():
    face = share_image.font(34)
    lines = share_image.wrap("word " * 200 + "x" * 300, face, 500, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 500 for line in lines)
    card = share.Card(
        title="A headline " * 20,
        sentence="A sentence that goes on " * 40,
        source="Somewhere " * 40,
        site_name="Listening Hub",
        figure="fewer than 10",
        unit="contacts",
        note="January 2026 to December 2026",
    )
    with Image.open(io.BytesIO(share.render_png(card))) as image:
        assert image.size == (1200, 630)
