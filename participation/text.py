"""Young people's words and staff HTML that leaves the site: the one sanitiser setup.

Every use of bleach in the project goes through this module, so what survives is
decided here, as allow-lists: a tag, attribute or link scheme not named below is
removed. Young people's words are stored as plain text (`plain`) and shown escaped,
with only web addresses turned into links (`render`). Staff rich text that the API
hands out as HTML goes through `staff_html`, and every rich text a page shows through
`rich_text_html` (the `allowed_richtext` filter, in Wagtail's own rich text template).
"""

import html
import re

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS
from django.utils.html import escape, linebreaks

# Young people's words keep no markup at all.
PLAIN_TAGS: frozenset[str] = frozenset()
# Links made from web addresses in young people's words: the web, nothing else.
LINK_PROTOCOLS: frozenset[str] = frozenset({"http", "https"})
# Every link we make in someone else's words says we don't vouch for it, and the
# page it opens can't reach back into ours.
LINK_REL: frozenset[str] = frozenset({"nofollow", "ugc", "noopener"})

# Staff rich text (a vote's introduction) as the API publishes it.
STAFF_TAGS: frozenset[str] = frozenset({"p", "b", "strong", "i", "em", "a", "ul", "ol", "li", "br"})
STAFF_ATTRIBUTES: dict[str, list[str]] = {"a": ["href"]}
STAFF_PROTOCOLS: frozenset[str] = LINK_PROTOCOLS | {"mailto"}

# Staff rich text as pages show it: what the editor's features can make (headings,
# bold, italic, links, lists), so HTML that reached the database some other way (an
# import, an old revision, a direct edit) can't bring anything more onto the page.
RICH_TEXT_TAGS: frozenset[str] = STAFF_TAGS | {"h2", "h3", "h4"}
RICH_TEXT_ATTRIBUTES: dict[str, list[str]] = {"a": ["href"]}
RICH_TEXT_PROTOCOLS: frozenset[str] = STAFF_PROTOCOLS | {"tel"}

# Characters no one means to type that change how the words around them look:
# NUL and the other C0 controls (tab and line breaks kept), and the bidirectional
# overrides that make "gnp.exe" read as "exe.png"; and halves of characters (lone
# surrogates), which no browser sends and no database stores.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def without_invisible(text: str) -> str:
    """`text` without the characters above: what a plain-text field keeps of it."""
    return _INVISIBLE.sub("", text or "")


def plain(text: str) -> str:
    """No HTML is kept: tags are removed, entities decoded back to characters once."""
    stripped = bleach.clean(
        _INVISIBLE.sub("", text), tags=PLAIN_TAGS, attributes={}, strip=True, strip_comments=True
    )
    # bleach hands back HTML (`&amp;` for "&"); the words are stored as text.
    return _INVISIBLE.sub("", html.unescape(stripped)).strip()


def _ugc(attrs, new=False):
    rel_key = (None, "rel")
    values = set(filter(None, attrs.get(rel_key, "").split()))
    values.update(LINK_REL)
    attrs[rel_key] = " ".join(sorted(values))
    return attrs


def _web_only(attrs, new=False):
    href = attrs.get((None, "href"), "")
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in LINK_PROTOCOLS:
        return None  # not a link we make: leave the text as text
    return attrs


def safe_address(url: str) -> str:
    """`url` if following it can't run script: a web, mail or phone address, or one on
    this site; otherwise "". Read as browsers read it, ignoring the spaces and control
    characters they skip inside a scheme (`java\tscript:`)."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", url or "")
    scheme, colon, _ = squeezed.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return url or ""  # no scheme: an address on this site
    return url if scheme.lower() in RICH_TEXT_PROTOCOLS else ""


def render(text: str) -> str:
    """Escaped paragraphs with web addresses turned into nofollow, ugc links."""
    escaped = linebreaks(escape(text))
    return bleach.linkify(
        escaped, callbacks=[*DEFAULT_CALLBACKS, _ugc, _web_only], parse_email=False
    )


def staff_html(value: str) -> str:
    """Staff rich text (already expanded from Wagtail's stored form) cut to the
    allow-list: anything else is removed, its words kept."""
    return bleach.clean(
        value,
        tags=STAFF_TAGS,
        attributes=STAFF_ATTRIBUTES,
        protocols=STAFF_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def rich_text_html(value: str) -> str:
    """Staff rich text (expanded from Wagtail's stored form) as a page shows it: the
    editor's features only; anything else is removed, its words kept."""
    return bleach.clean(
        value,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        protocols=RICH_TEXT_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
