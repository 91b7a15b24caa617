"""The inertness checker catches each kind of live markup, and lets plain pages pass.

A checker that can't fail proves nothing, so every rule it has gets a live example
here, written the way an attacker would (case tricks, entities, controls in schemes).
"""

import pytest

from tests.security.inert import findings, problems, scheme_of, text_of
from tests.security.payloads import load

LIVE = {
    "inline script": "<p>hi</p><script>alert(1)</script>",
    "script from elsewhere": '<script src="https://evil.example/x.js"></script>',
    "protocol-relative script": "<script src=//evil.example/x.js></script>",
    "script inside svg": "<svg><script>alert(1)</script></svg>",
    "module script": "<script type=module>import('x')</script>",
    "our path with a body": '<script src="/static/app.js">alert(1)</script>',
    "event handler": "<img src=x onerror=alert(1)>",
    "event handler, odd case": "<IMG SRC=x OnErRoR=alert(1)>",
    "handler on svg": "<svg onload=alert(1)>",
    "handler after a slash": "<svg/onload=alert(1)>",
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "entity-encoded scheme": '<a href="&#106;avascript:alert(1)">x</a>',
    "tab inside the scheme": '<a href="java\tscript:alert(1)">x</a>',
    "newline inside the scheme": '<a href="java\nscript:alert(1)">x</a>',
    "leading control": '<a href="\x01 javascript:alert(1)">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "data svg in a frame": '<iframe src="data:image/svg+xml,<svg onload=alert(1)>"></iframe>',
    "form action": '<form action="javascript:alert(1)"></form>',
    "formaction": '<button formaction="JAVASCRIPT:alert(1)">go</button>',
    "svg xlink:href": '<svg><a xlink:href="javascript:alert(1)"><rect/></a></svg>',
    "object data": '<object data="javascript:alert(1)"></object>',
    "set to javascript": "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
    "animate values": "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    "animate a handler": "<svg><set attributeName=onmouseover to=alert(1) /></svg>",
    "srcset": '<img srcset="javascript:alert(1) 1x">',
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "iframe": '<iframe src="https://example.org/"></iframe>',
    "embed": '<embed src="x.swf">',
    "frameset": "<frameset><frame src=x></frameset>",
    "style element": "<style>body{display:none}</style>",
    "style attribute": '<p style="position:fixed">x</p>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "mutation through noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "textarea break-out": "<textarea>x</textarea><script>alert(1)</script>",
}

INERT = {
    "plain words": "<p>Buses cost too much.</p>",
    "our script": '<script src="/static/js/ballot.js" defer></script>',
    "data script": '<script type="application/json" id="d">{"a": "<b>"}</script>',
    "structured data": '<script type="application/ld+json">{"@context": "x"}</script>',
    "web link": '<a href="https://example.org/" rel="nofollow ugc noopener">x</a>',
    "relative link": '<a href="/search/?q=javascript:alert(1)">x</a>',
    "escaped markup": "<p>&lt;script&gt;alert(1)&lt;/script&gt; and onerror=alert(1)</p>",
    "escaped attribute": '<input value="&quot; onmouseover=&quot;alert(1)">',
    "words about javascript": "<p>javascript:alert(1)</p>",
    "our chart image": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Chart">',
    "comment": "<!-- <script>alert(1)</script> -->",
    "mailto": '<a href="mailto:help@example.org">email</a>',
}


@pytest.mark.parametrize("html", LIVE.values(), ids=LIVE.keys())
def test_it_catches_live_markup(html):
    assert findings(html), html


@pytest.mark.parametrize("html", INERT.values(), ids=INERT.keys())
def test_it_lets_inert_markup_pass(html):
    assert findings(html) == []


def test_the_baseline_excuses_only_what_the_page_had_already():
    page = '<body style="margin:0"><p style="margin:0">{}</p></body>'
    baseline = page.format("Plain words")
    assert problems(page.format("&lt;b&gt;"), baseline=baseline) == []
    extra = problems(page.format('<span style="color:red">x</span>'), baseline=baseline)
    assert [finding.detail for finding in extra] == ["color:red"]
    # A second copy of something the page has once is still new.
    twice = page.format('<p style="margin:0">x</p>')
    assert len(problems(twice, baseline=baseline)) == 1


@pytest.mark.parametrize(
    ("address", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("  JavaScript:x", "javascript"),
        ("\x00\x01javascript:x", "javascript"),
        ("java\tscr\nipt:x", "javascript"),
        ("java\u200bscript:x", ""),  # not a scheme a browser runs: it is a path
        ("https://example.org", "https"),
        ("/relative/path", ""),
        ("?q=javascript:x", ""),
    ],
)
def test_schemes_are_read_as_browsers_read_them(address, scheme):
    assert scheme_of(address) == scheme


def test_text_is_what_a_reader_sees():
    assert "alert" not in text_of("<p>hi<script>alert(1)</script></p>")
    assert "<b>" in text_of("<p>&lt;b&gt; tail</p>")


def test_the_corpus_is_big_and_varied():
    corpus = load()
    assert len(corpus) >= 300
    assert len(set(corpus)) == len(corpus)
    assert any("\t" in p for p in corpus) and any("\x00" in p for p in corpus)
    assert any("\u202e" in p for p in corpus) and any("{{7*7}}" in p for p in corpus)
    live = [p for p in corpus if findings(p)]
    # Most of the corpus is live markup as written: it would catch a surface that
    # rendered it raw (the rest are tricks for text contexts: break-outs, templates).
    assert len(live) > len(corpus) / 2
