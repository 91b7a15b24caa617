"""Is this HTML inert? A real HTML parser (html5lib, as browsers parse) looks for
anything that would run, load or restyle the page.

`findings(html)` lists every live thing in a document: scripts, event handlers,
addresses with a scripting scheme, frames and plugins, `<base>`, `<meta http-equiv>`,
styles. A page has some of its own (our scripts from /static/, the styles of an
email), so `problems(html, baseline=...)` reports only what a render with hostile
input has that the same surface rendered with plain words does not. Scripts are
judged strictly even without a baseline: only ours (from /static/) and data scripts
(JSON) may be there.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass

import html5lib

# Elements that load or run something wherever they come from.
EMBEDDING = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"}
# Attributes holding an address (SVG's animation values included: `<set to=...>`).
ADDRESS_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "ping",
    "lowsrc",
    "dynsrc",
    "codebase",
    "cite",
    "longdesc",
    "manifest",
    "icon",
    "archive",
    "classid",
    "usemap",
    "to",
    "from",
    "values",
    "by",
}
ANIMATIONS = {"animate", "set", "animatetransform", "animatemotion", "discard"}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "livescript", "mocha"}
# Data addresses we make ourselves (chart images); anything else `data:` is refused.
OWN_DATA_IMAGES = ("data:image/png", "data:image/svg+xml")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Our scripts: static files, and the admin's translation catalogue (Wagtail's own).
OWN_SCRIPT_PREFIXES = ("/static/", "/admin/jsi18n/")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str
    detail: str

    def __str__(self):
        return f"{self.kind} on <{self.where}>: {self.detail[:120]!r}"


def scheme_of(address: str) -> str:
    """The scheme a browser would see: leading and trailing controls and spaces
    stripped, tabs and newlines removed anywhere (the URL standard's rules)."""
    cleaned = address.strip(_C0_AND_SPACE)
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def _dangerous_address(tag: str, attribute: str, value: str) -> bool:
    if attribute in {"values"}:
        return any(_dangerous_address(tag, "to", part) for part in value.split(";"))
    scheme = scheme_of(value)
    if scheme not in DANGEROUS_SCHEMES:
        return False
    if scheme == "data" and tag == "img" and attribute == "src":
        cleaned = value.strip(_C0_AND_SPACE).lower()
        return not cleaned.startswith(OWN_DATA_IMAGES)
    return True


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _script_finding(element, attributes) -> Finding | None:
    kind = attributes.get("type", "").strip().lower()
    if kind in DATA_SCRIPT_TYPES:
        return None
    src = attributes.get("src")
    body = "".join(element.itertext()).strip()
    if src is not None and src.startswith(OWN_SCRIPT_PREFIXES) and not body:
        return None
    return Finding("script", "script", src or body)


def _parse(html: str, *, scripting: bool):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parse(html, scripting=scripting)


def findings(html: str) -> list[Finding]:
    """Every live thing in the document, in document order.

    A browser with scripts on reads `<noscript>` as text and one with them off reads
    it as markup, and mutation tricks play on the difference, so both readings count.
    """
    found = _findings(_parse(html, scripting=True))
    for finding in _findings(_parse(html, scripting=False)):
        if finding not in found:
            found.append(finding)
    return found


def _findings(document) -> list[Finding]:
    found: list[Finding] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment: inert
        tag = _local(element.tag)
        attributes = {_local(name): value for name, value in element.attrib.items()}
        if tag == "script":
            script = _script_finding(element, attributes)
            if script:
                found.append(script)
        if tag in EMBEDDING:
            found.append(
                Finding("embedding", tag, " ".join(f"{k}={v}" for k, v in attributes.items()))
            )
        if tag == "meta" and "http-equiv" in attributes:
            found.append(Finding("meta http-equiv", tag, attributes.get("content", "")))
        if tag == "style":
            found.append(Finding("style element", tag, "".join(element.itertext())))
        if tag in ANIMATIONS:
            target = attributes.get("attributename", "").lower()
            if target.startswith("on") or target.endswith("href") or tag == "discard":
                found.append(Finding("animation", tag, target))
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(Finding("event handler", tag, f"{name}={value}"))
            elif name == "style":
                found.append(Finding("style attribute", tag, value))
            elif name == "srcdoc":
                found.append(Finding("srcdoc", tag, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if _dangerous_address(tag, "src", candidate.strip().split(" ")[0]):
                        found.append(Finding("address", tag, f"srcset={value}"))
            elif name in ADDRESS_ATTRIBUTES and _dangerous_address(tag, name, value):
                found.append(Finding("address", tag, f"{name}={value}"))
    return found


def problems(html: str, *, baseline: str | None = None) -> list[Finding]:
    """What `html` has live that `baseline` (the same surface, plain words) does not."""
    have = findings(html)
    if baseline is None:
        return have
    allowed = Counter(findings(baseline))
    extra = []
    for finding in have:
        if allowed[finding] > 0:
            allowed[finding] -= 1
        else:
            extra.append(finding)
    return extra


def assert_inert(html: str, *, baseline: str | None = None, what: str = "") -> None:
    found = problems(html, baseline=baseline)
    assert not found, f"{what}: live markup from input:\n" + "\n".join(map(str, found))


def text_of(html: str) -> str:
    """The words a reader sees (and a screen reader reads), for "was it shown?" checks."""
    document = _parse(html, scripting=True)
    skipped = {"script", "style", "template"}
    words = []
    for element in document.iter():
        if isinstance(element.tag, str) and _local(element.tag) not in skipped and element.text:
            words.append(element.text)
        if element.tail:
            words.append(element.tail)
    return " ".join(words)


def html_strings_in(document) -> list[str]:
    """Every string in a JSON answer under a key naming it HTML (`introduction_html`)."""
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key.endswith("html"):
            found.append(value)

    walk(json.loads(document) if isinstance(document, (str, bytes)) else document)
    return found
