"""The one bleach configuration (participation/text.py), tested directly.

Allow-lists: named tags, attributes and schemes survive, everything else goes; links
made from young people's words are web links only and say rel="nofollow ugc noopener".
"""

import pathlib

import pytest

from participation import text
from tests.security.inert import findings
from tests.security.payloads import load


def test_the_allow_lists_are_spelled_out():
    assert frozenset() == text.PLAIN_TAGS
    assert {"http", "https"} == text.LINK_PROTOCOLS
    assert {"nofollow", "ugc", "noopener"} == text.LINK_REL
    assert {"p", "b", "strong", "i", "em", "a", "ul", "ol", "li", "br"} == text.STAFF_TAGS
    assert text.STAFF_ATTRIBUTES == {"a": ["href"]}
    assert {"http", "https", "mailto"} == text.STAFF_PROTOCOLS


def test_bleach_is_configured_in_one_place_only():
    root = pathlib.Path(text.__file__).resolve().parent.parent
    users = [
        str(path.relative_to(root))
        for app in ("cms", "evidence", "moderation", "participation", "pagecache", "config")
        for path in (root / app).rglob("*.py")
        if "import bleach" in path.read_text(encoding="utf-8")
        or "from bleach" in path.read_text(encoding="utf-8")
    ]
    assert users == ["participation/text.py"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("<b>Buses</b> cost <i>too</i> much", "Buses cost too much"),
        ("<script>alert(1)</script>Hi", "alert(1)Hi"),
        ("<!-- hidden -->Hi", "Hi"),
        ("Fish &amp; chips", "Fish & chips"),
        ("&lt;b&gt; is a tag", "<b> is a tag"),
        # Decoded once only: what was written as an entity stays readable as one.
        ("&amp;lt;script&amp;gt;", "&lt;script&gt;"),
        ("caf&eacute;", "café"),
        ("Nul\x00 byte", "Nul byte"),
        ("\u202egnp.exe", "gnp.exe"),
        ("Bell\x07 and tab\tkept", "Bell and tab\tkept"),
        ("Joined 👩\u200d🎓 emoji", "Joined 👩\u200d🎓 emoji"),
        ("  spaced  ", "spaced"),
    ],
)
def test_plain_keeps_words_and_no_markup(written, stored):
    assert text.plain(written) == stored


def test_rendered_words_link_only_to_the_web_with_safe_rel():
    html = text.render("See https://example.org/report and www.example.org too")
    assert '<a href="https://example.org/report" rel="nofollow noopener ugc">' in html
    assert '<a href="http://www.example.org" rel="nofollow noopener ugc">' in html


@pytest.mark.parametrize(
    "words",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "mailto:someone@example.org",
        '<a href="javascript:alert(1)">tap</a>',
        "[tap](javascript:alert(1))",
    ],
)
def test_rendered_words_make_no_other_links(words):
    html = text.render(words)
    assert "<a" not in html and "<script" not in html
    assert findings(html) == []


def test_rendered_words_are_escaped_paragraphs():
    html = text.render('One <b>line</b>\n\nTwo " onmouseover="x')
    assert html == "<p>One &lt;b&gt;line&lt;/b&gt;</p>\n\n<p>Two &quot; onmouseover=&quot;x</p>"


def test_staff_html_keeps_allowed_tags_and_strips_the_rest():
    kept = '<p>Hi <b>you</b> <a href="https://example.org/">link</a> <a href="mailto:a@example.org">mail</a></p>'
    assert text.staff_html(kept) == kept
    assert text.staff_html("<h2>Heading</h2><img src=x onerror=alert(1)>") == "Heading"
    assert text.staff_html('<p class="x" style="color:red" onclick="x()">Hi</p>') == "<p>Hi</p>"
    assert text.staff_html('<a href="javascript:alert(1)" target="_blank">x</a>') == "<a>x</a>"
    assert text.staff_html('<a href="data:text/html,x">x</a>') == "<a>x</a>"
    assert text.staff_html('<a href="&#106;avascript:alert(1)">x</a>') == "<a>x</a>"
    assert text.staff_html("<script>alert(1)</script>") == "alert(1)"


@pytest.mark.parametrize("function", [text.plain, text.render, text.staff_html])
def test_every_payload_comes_out_inert(function):
    for payload in load():
        out = function(payload)
        # plain() returns text: it is escaped when shown, so show it as a template would.
        shown = text.render(out) if function is text.plain else out
        assert findings(shown) == [], (payload, out)


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("https://www.childline.org.uk/", True),
        ("mailto:help@example.org", True),
        ("tel:08001111", True),
        ("/get-help/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" \x01javascript:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_an_address_is_kept_only_if_following_it_cannot_run_script(address, kept):
    assert text.safe_address(address) == (address if kept else "")
