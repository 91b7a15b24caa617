"""Young people's words: stored as plain text, shown with safe links."""

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS
from django.utils.html import escape, linebreaks


def plain(text: str) -> str:
    """No HTML is kept: tags are removed, entities decoded back to characters."""
    stripped = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    return stripped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip()


def _ugc(attrs, new=False):
    rel_key = (None, "rel")
    values = set(filter(None, attrs.get(rel_key, "").split()))
    values.update({"nofollow", "ugc", "noopener"})
    attrs[rel_key] = " ".join(sorted(values))
    return attrs


def _web_only(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.startswith(("http://", "https://")):
        return None  # not a link we make: leave the text as text
    return attrs


def render(text: str) -> str:
    """Escaped paragraphs with web addresses turned into nofollow, ugc links."""
    html = linebreaks(escape(text))
    return bleach.linkify(html, callbacks=[*DEFAULT_CALLBACKS, _ugc, _web_only], parse_email=False)
