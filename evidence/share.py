"""Share cards: a picture and a text of one published fact, for friends and social media.

A `Card` holds only words that are already public (a figure comes out of disclosure
control as text, never as a count). Its image is named by a hash of those words, so a
changed headline, sentence, source or figure gives a new URL, while an unchanged card
keeps its URL and is drawn only once. Drawing goes through the task interface and the
PNG is kept in the default storage; serving it is a file read, never a redraw.

Nothing here loads anything from another site: the fonts ship in `evidence/fonts/`,
and share links are plain URLs that the person chooses to follow.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django_tasks import task
from wagtail.models import Site

from evidence import share_image

if TYPE_CHECKING:
    from evidence.models import EvidenceSnippet
    from evidence.selectors import SnippetFigures

WIDTH, HEIGHT = share_image.WIDTH, share_image.HEIGHT
FOLDER = "share-cards"
# Part of every card's hash: changing how cards are drawn gives every card a new URL,
# so no one is served an old picture from a cache that keeps it for a year.
DRAWING_VERSION = share_image.VERSION
DIGEST = re.compile(r"[0-9a-f]{32}")
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Card:
    """What one share card says, in words that may be published as they are."""

    title: str
    sentence: str
    source: str
    site_name: str
    figure: str = ""  # e.g. "2,235" or "fewer than 10"; empty when there is none
    unit: str = ""  # what the figure counts, e.g. "contacts"
    note: str = ""  # the small line under the figure, e.g. the months it covers

    @property
    def digest(self) -> str:
        payload = json.dumps([DRAWING_VERSION, asdict(self)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    @property
    def figure_line(self) -> str:
        return " ".join(part for part in (self.figure, self.unit) if part)

    @property
    def lines(self) -> list[str]:
        """The card's words in reading order, each a whole sentence."""
        lines = [self.title, self.figure_line, self.note, self.sentence, f"Source: {self.source}"]
        return [_full_stop(line) for line in lines if line] + [self.site_name]

    @property
    def text(self) -> str:
        """The text version: what a screen reader reads and what copy-paste gets."""
        return "\n".join(self.lines)

    @property
    def alt_text(self) -> str:
        return " ".join(self.lines[:-1]) + f" From {self.site_name}."

    @property
    def description(self) -> str:
        parts = (self.figure_line, self.note, self.sentence)
        return " ".join(_full_stop(part) for part in parts if part)


def _full_stop(text: str) -> str:
    """`text` as a sentence of its own: a capital to start ("Fewer than 10 contacts.")
    and a full stop to end, unless it ends in a question or the like."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."


# --- Storage and the task ----------------------------------------------------------


def card_storage():
    return storages["default"]


def image_name(digest: str) -> str:
    if not DIGEST.fullmatch(digest):
        raise ValueError(f"Not a share card's name: {digest!r}")
    return f"{FOLDER}/{digest}.png"


def render_png(card: Card) -> bytes:
    """The card drawn as a 1200 × 630 PNG."""
    return share_image.render(card)


@task()
def card_image_render(*, card: dict[str, str]) -> str:
    """Draw a card and store it under its hash, unless it is stored already."""
    drawn = Card(**card)
    storage = card_storage()
    name = image_name(drawn.digest)
    if storage.exists(name):
        return name
    saved = storage.save(name, ContentFile(render_png(drawn)))
    if saved != name:
        # Two workers drew the same card at once and the storage kept both under
        # different names; the bytes are the same, so one copy is enough.
        storage.delete(saved)
    return name


def card_image_url(card: Card) -> str:
    """The path of the card's image, drawn through the task interface if it isn't stored.

    With a real worker the picture may appear a moment after the page; until then the
    image URL answers 404 without caching, so a retry gets it.
    """
    if not card_storage().exists(image_name(card.digest)):
        card_image_render.enqueue(card=asdict(card))
    return reverse("evidence:share-card-image", kwargs={"digest": card.digest})


# --- Cards -------------------------------------------------------------------------


def site_name(request) -> str:
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def snippet_card(
    snippet: EvidenceSnippet, figures: SnippetFigures | None, *, site_name: str
) -> Card:
    """A published snippet's card: its headline figure exactly as its page shows it."""
    if figures is None:
        return Card(
            title=snippet.headline,
            sentence=snippet.sentence,
            source=snippet.source_note,
            site_name=site_name,
            note="There is no data for this yet",
        )
    note = figures.window.label
    if figures.headline.shown:
        note += ", rounded to the nearest 5"
    return Card(
        title=snippet.headline,
        sentence=snippet.sentence,
        source=snippet.source_note,
        site_name=site_name,
        figure=str(figures.headline),
        unit="contacts",
        note=note,
    )


# --- Share pages -------------------------------------------------------------------


@dataclass(frozen=True)
class ShareLink:
    label: str  # the link's words, e.g. "Share on WhatsApp"
    url: str


# Each platform's own share address; the person's browser goes there only if they
# choose to. Nothing on our page loads from these hosts.
PLATFORMS = ("wa.me", "bsky.app", "twitter.com", "www.facebook.com", "www.linkedin.com")


def share_links(*, url: str, title: str, text: str) -> list[ShareLink]:
    message = f"{text} {url}"
    # mailto: takes %20 for a space, never "+", so it is quoted rather than urlencoded.
    email = f"mailto:?subject={quote(title, safe='')}&body={quote(message, safe='')}"
    return [
        ShareLink("Share on WhatsApp", "https://wa.me/?" + urlencode({"text": message})),
        ShareLink("Send by email", email),
        ShareLink(
            "Share on Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": message})
        ),
        ShareLink(
            "Share on X (Twitter)",
            "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": text}),
        ),
        ShareLink(
            "Share on Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "Share on LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
    ]


def share_context(request, *, card: Card) -> dict:
    """What a share page's template needs: the card, its image, the links."""
    page_url = request.build_absolute_uri(request.path)
    image_path = card_image_url(card)
    short = " ".join(_full_stop(part) for part in (card.title, card.figure_line) if part)
    return {
        "card": card,
        "share": {
            "page_url": page_url,
            "image_path": image_path,
            "image_url": request.build_absolute_uri(image_path),
            "width": WIDTH,
            "height": HEIGHT,
            "copy_text": f"{card.text}\n{page_url}",
            "links": share_links(url=page_url, title=card.title, text=short),
        },
    }
