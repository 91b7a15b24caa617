"""Content pages built from blocks, as a visitor reads them."""

import html

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import BodyBlock, CallToActionBlock, ImageBlock
from cms.models import HomePage, StandardPage
from evidence.models import EvidenceSnippet, Topic

pytestmark = pytest.mark.django_db


def page_with(site, body) -> StandardPage:
    home = HomePage.objects.get()
    page = StandardPage(title="Blocks", slug="blocks", body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def text(client, page) -> str:
    return html.unescape(client.get(page.url).content.decode())


def test_a_page_renders_with_every_block_and_with_none(client, site):
    empty = page_with(site, [])
    assert client.get(empty.url).status_code == 200
    topic = Topic.objects.create(slug="money", name="Money")
    snippet = EvidenceSnippet(headline="Money on young minds", sentence="Young people ask.")
    snippet.save()
    snippet.topics.set([topic])
    snippet.save()
    snippet.save_revision().publish()
    image = Image.objects.create(title="Volunteers", file=get_test_image_file())
    home = HomePage.objects.get()
    full = StandardPage(
        title="Everything",
        slug="everything",
        body=[
            ("paragraph", "<p>Plain words.</p>"),
            ("evidence", {"snippet": snippet}),
            (
                "call_to_action",
                {"title": "Have your say", "text": "", "button": "Vote now", "page": home},
            ),
            ("signposting", {"heading": "Talk to someone"}),
            ("image", {"image": image, "alt_text": "Two volunteers reading", "caption": ""}),
            (
                "faq",
                {
                    "title": "Questions people ask",
                    "questions": [{"question": "Is it anonymous?", "answer": "<p>Yes.</p>"}],
                },
            ),
        ],
    )
    home.add_child(instance=full)
    full.save_revision().publish()
    page = text(client, full)
    assert "Plain words." in page
    assert "Money on young minds" in page
    assert 'href="/">Vote now' in page
    assert "Talk to someone" in page and "If you are in danger now, call 999." in page
    assert 'alt="Two volunteers reading"' in page
    # The answers open without JavaScript.
    assert "<details" in page and "<summary" in page and "Is it anonymous?" in page


def test_an_unpublished_snippet_stops_showing(client, site):
    topic = Topic.objects.create(slug="money", name="Money")
    snippet = EvidenceSnippet(headline="A draft fact", sentence="Not yet.", live=False)
    snippet.save()
    snippet.topics.set([topic])
    snippet.save()
    page = page_with(site, [("evidence", {"snippet": snippet})])
    assert "A draft fact" not in text(client, page)


def test_an_image_needs_its_words(site):
    image = Image.objects.create(title="Volunteers", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises((ValidationError, StructBlockValidationError)):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))


def test_a_call_to_action_goes_to_one_place(site):
    block = CallToActionBlock()
    home = HomePage.objects.get()
    for value in (
        {"title": "Go", "text": "", "button": "Go", "page": None, "url": ""},
        {"title": "Go", "text": "", "button": "Go", "page": home.pk, "url": "https://example.org/"},
    ):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(value))
    assert block.clean(
        block.to_python({"title": "Go", "text": "", "button": "Go", "page": home.pk, "url": ""})
    )
    # Few page types, many blocks: every content page can use each of them.
    assert {"paragraph", "evidence", "call_to_action", "signposting", "image", "faq"} <= set(
        BodyBlock.base_blocks
    )
