"""What a page says about itself to search engines and to apps a link is shared in."""

import html

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from cms.addresses import canonical_url as address_of

register = template.Library()

SITE_DESCRIPTION = (
    "Young people aged 13 to 25 tell a youth charity what needs to change, back it "
    "with evidence and vote on what it campaigns on next."
)
DESCRIPTION_LENGTH = 200


def _plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(text or "")).split())


def page_introduction(page: Page) -> str:
    """The page's opening words, whatever its type calls them, as plain text."""
    for name in ("introduction", "summary"):
        if text := getattr(page, name, ""):
            return _plain(str(text))
    return ""


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, *, title="", description="", canonical_query="", kind="website"):
    """A description, the canonical address and Open Graph tags.

    Each comes from what is given, else from the Wagtail page in the context (its
    promote tab's title and description, else its introduction or summary), else
    from the site.
    The canonical address is this one at the site's root, without its query string:
    the same page reached with `?utm_source=…` or a stray parameter is still one page.
    A page whose query string *is* its content (the data explorer) passes it as
    `canonical_query`, already encoded.
    """
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    site = Site.find_for_request(request) if request is not None else None
    site_name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    if not title and page is not None:
        title = page.seo_title or page.title
    if not description and page is not None:
        description = page.search_description or page_introduction(page)
    canonical_url = ""
    if request is not None:
        canonical_url = address_of(request) + (f"?{canonical_query}" if canonical_query else "")
    return {
        "title": title or site_name,
        "description": Truncator(_plain(description) or SITE_DESCRIPTION).chars(DESCRIPTION_LENGTH),
        "canonical_url": canonical_url,
        "site_name": site_name,
        "kind": kind,
    }
