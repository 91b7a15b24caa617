"""Hostile words in staff content come out inert: pages, every block, snippets,
site settings, campaign pages, images and documents.

Staff content is written here with the model API and stored raw, as a database
import or an old revision would leave it, skipping the editor's own filtering:
what a page shows must still be held to the editor's features (the rich text
allow-list in participation/text.py) and escaped everywhere else.
"""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.models import SafetySettings, StandardPage
from evidence.models import EvidenceSnippet
from tests.cms.campaigns import campaign_index, campaign_page
from tests.participation.factories import topic
from tests.security.inert import assert_inert
from tests.security.payloads import chunks, marked, sample
from tests.security.surfaces import json_inert, page_html, shown_inert

pytestmark = pytest.mark.django_db


def staff_marked(number: int, payload: str, **kwargs) -> tuple[str, str]:
    """A payload as staff text can hold it: without NUL characters, which every form
    field refuses (Django's CharField) and PostgreSQL cannot store in text at all."""
    marker, value = marked(number, payload.replace("\x00", ""), **kwargs)
    return marker, value


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def image(title="Poster"):
    out = io.BytesIO()
    PILImage.new("RGB", (4, 4), (10, 10, 10)).save(out, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(out.getvalue()), name="poster.png")
    )


def snippet(headline, sentence, source_note="The charity's helpline records"):
    made = EvidenceSnippet(headline=headline, sentence=sentence, source_note=source_note, months=12)
    made.save()
    made.topics.set([topic()])
    made.save_revision().publish()
    return EvidenceSnippet.objects.get(pk=made.pk)


def rich(text: str) -> str:
    """Stored rich text as an import would leave it: the payload inside a paragraph."""
    return f"<p>{text}</p>"


def blocks_for(number, payload, *, picture, evidence):
    """Every block type of cms/blocks.py, each field holding the payload."""
    marker, value = staff_marked(number, payload)

    def cut(limit):
        return value[:limit]

    return marker, [
        {"type": "heading", "value": {"text": cut(120), "level": "h2"}},
        {"type": "paragraph", "value": rich(value)},
        {"type": "callout", "value": {"title": cut(120), "text": rich(value)}},
        {
            "type": "steps",
            "value": {"title": cut(120), "steps": [{"title": cut(80), "text": cut(300)}]},
        },
        {"type": "evidence", "value": {"snippet": evidence.pk}},
        {
            "type": "call_to_action",
            "value": {
                "title": cut(120),
                "text": cut(300),
                "button": cut(40),
                "page": None,
                "url": "",
            },
        },
        {"type": "signposting", "value": {"heading": cut(120)}},
        {
            "type": "image",
            "value": {"image": picture.pk, "alt_text": cut(250), "caption": cut(250)},
        },
        {
            "type": "faq",
            "value": {
                "title": cut(120),
                "questions": [{"question": cut(200), "answer": rich(value)}],
            },
        },
    ]


def standard_page(site, title, body, slug):
    page = StandardPage(title=title, slug=slug, introduction=title[:400], body=json.dumps(body))
    site.root_page.add_child(instance=page)
    return page


def test_every_payload_in_every_block_type_is_inert(site, visitor):
    """The whole corpus, each payload in every field of every block, stored raw."""
    picture, evidence = image(), snippet("A plain headline", "A plain sentence.")
    _, plain_body = blocks_for(999, "Plain words", picture=picture, evidence=evidence)
    baseline = page_html(visitor, standard_page(site, "Plain", plain_body, "plain").url)
    for start, payloads in chunks(50):
        body, markers = [], []
        for number, payload in enumerate(payloads, start=start):
            marker, page_blocks = blocks_for(number, payload, picture=picture, evidence=evidence)
            body += page_blocks
            markers.append(marker)
        page = standard_page(site, f"Blocks {start}", body, f"blocks-{start}")
        # Markers in the heading blocks must show: a payload that swallowed the rest
        # of the page would hide the ones after it.
        shown_inert(visitor, page.url, markers, baseline=baseline, what=f"blocks from {start}")


def test_sampled_page_titles_are_inert_everywhere_they_appear(site, visitor, client_for, admin):
    staff = client_for(admin)
    listing = f"/admin/pages/{site.root_page.pk}/"
    home_baseline = page_html(visitor, site.root_page.url)
    listing_baseline = page_html(staff, listing)
    made = []
    for number, payload in enumerate(sample()):
        marker, title = staff_marked(number, payload, limit=255)
        body = [{"type": "paragraph", "value": rich(title)}]
        made.append((marker, standard_page(site, title, body, f"s-{number}")))
    for marker, page in made:
        shown_inert(visitor, page.url, [marker], what="page")
    assert_inert(page_html(visitor, site.root_page.url), baseline=home_baseline, what="home")
    for marker, _ in made[:10]:
        assert_inert(page_html(visitor, f"/search/?q={marker}"), what="search")
    # Well-formed: every title and address escaped for XML (our own answer, not untrusted).
    ET.fromstring(visitor.get("/sitemap.xml").content)  # noqa: S314
    assert_inert(page_html(staff, listing), baseline=listing_baseline, what="admin listing")


def test_rich_text_stored_raw_keeps_only_the_editors_features(site, visitor):
    stored = (
        '<p>Kept <b>bold</b> <a href="https://example.org/">link</a></p>'
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)">tap</a><iframe src="https://evil.example/"></iframe>'
        '<p style="position:fixed" onclick="alert(1)">styled</p>'
    )
    page = standard_page(site, "Stored", [{"type": "paragraph", "value": stored}], "stored")
    html = page_html(visitor, page.url)
    assert '<b>bold</b> <a href="https://example.org/">link</a>' in html
    assert "styled" in html and "tap" in html
    assert_inert(html, baseline=page_html(visitor, site.root_page.url), what="raw rich text")


def test_sampled_snippets_are_inert_on_every_surface(site, visitor):
    made = []
    for number, payload in enumerate(sample(25)):
        # A snippet's words may hold no figure (the figure comes from the data), so
        # digits become letters; everything else of the payload stays.
        marker, value = staff_marked(
            number, payload.translate(str.maketrans("0123456789", "oizeasgtbq"))
        )
        made.append((marker, snippet(value[:120], value, value[:200])))
    listing = shown_inert(visitor, "/evidence/", [m for m, _ in made[:5]], what="snippet list")
    assert listing
    for marker, item in made:
        shown_inert(visitor, f"/evidence/{item.pk}/", [marker], what="snippet")
        shown_inert(visitor, f"/evidence/{item.pk}/share/", [marker], what="share card")
        json_inert(visitor, f"/api/v1/snippets/{item.pk}", [marker], what="API snippet")


def test_a_staff_snippet_written_in_the_admin_is_inert(client_for, policy_editor, visitor):
    """Staff content the way staff write it: the admin's own form, then the public page."""
    add = "/admin/snippets/evidence/evidencesnippet/add/"
    client = client_for(policy_editor)
    published = []
    for number, payload in enumerate(sample(8)):
        marker, value = staff_marked(
            number, payload.translate(str.maketrans("0123456789", "oizeasgtbq"))
        )
        data = {
            "headline": value[:120],
            "sentence": value[:400],
            "topics": [topic().pk],
            "months": 12,
            "breakdown": "month",
            "source_note": value[:200],
            "action-publish": "publish",
        }
        response = client.post(add, data)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            published.append(marker)
        else:
            assert_inert(response.content.decode(), what="snippet form")
    assert published
    for snippet in EvidenceSnippet.objects.filter(live=True).order_by("-pk")[: len(published)]:
        shown_inert(visitor, f"/evidence/{snippet.pk}/", [snippet.headline[:6]], what="snippet")


def test_sampled_site_settings_are_inert_on_every_page(site, visitor):
    settings = SafetySettings.for_site(site)
    baseline = page_html(visitor, site.root_page.url)
    for number, payload in enumerate(sample(20)):
        marker, value = staff_marked(number, payload)
        settings.emergency_message = value[:200]
        settings.signposting_introduction = rich(value)
        settings.helplines = json.dumps(
            [
                {
                    "type": "helpline",
                    "value": {
                        "name": value[:80],
                        "description": value[:200],
                        "phone": "0800 1111",
                        "text_message": value[:80],
                        "url": "https://example.org/",
                        "opening_hours": value[:80],
                    },
                }
            ]
        )
        settings.save()
        shown_inert(visitor, site.root_page.url, [marker], baseline=baseline, what="footer")


def test_sampled_campaign_pages_are_inert(site, visitor):
    index = campaign_index(site)
    for number, payload in enumerate(sample(15)):
        marker, value = staff_marked(number, payload)
        page = campaign_page(
            index,
            title=value[:255],
            slug=f"c-{number}",
            summary=value,
            what_we_will_do=rich(value),
            updates=[],
        )
        shown_inert(visitor, page.url, [marker], what="campaign")
    assert_inert(page_html(visitor, index.url), what="campaign index")


def test_sampled_image_and_document_titles_are_inert_in_the_admin(client_for, admin):
    staff = client_for(admin)
    images_baseline = page_html(staff, "/admin/images/")
    documents_baseline = page_html(staff, "/admin/documents/")
    for number, payload in enumerate(sample(15)):
        _, value = staff_marked(number, payload, limit=255)
        image(value)
        get_document_model().objects.create(
            title=value, file=SimpleUploadedFile(f"d{number}.txt", b"words")
        )
    assert_inert(page_html(staff, "/admin/images/"), baseline=images_baseline, what="images")
    assert_inert(
        page_html(staff, "/admin/documents/"), baseline=documents_baseline, what="documents"
    )


def test_the_admin_refuses_a_scripting_address_in_an_address_block():
    """What the editor lets staff type: the address fields take web addresses only."""
    from django.core.exceptions import ValidationError

    from cms.blocks import CallToActionBlock, HelplineBlock

    for block in (HelplineBlock(), CallToActionBlock()):
        # What the editor's form sends for the field is checked as typed.
        with pytest.raises(ValidationError):
            block.child_blocks["url"].clean("javascript:alert(1)")


def test_a_scripting_address_stored_raw_in_an_address_block_is_not_linked(site, visitor):
    body = [
        {
            "type": "call_to_action",
            "value": {
                "title": "Go",
                "text": "",
                "button": "Go",
                "page": None,
                "url": "javascript:alert(1)",
            },
        }
    ]
    page = standard_page(site, "Addresses", body, "addresses")
    assert_inert(page_html(visitor, page.url), baseline=page_html(visitor, site.root_page.url))
