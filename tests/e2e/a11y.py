"""What the accessibility, no-JavaScript and page-weight checks share.

`People` keeps one browser context per person for a whole module (logged in once,
through the log-in form, and reused by its saved cookies), each watching that its
pages ask no host but the site. The rest are the measurements axe-core cannot make:
colour contrast worked out the WCAG way, what the focus looks like, where Tab goes,
and whether a page scrolls sideways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from participation.models import CampaignVotePage, User
from tests.e2e import browser as hub_browser
from tests.e2e import world
from tests.e2e.browser import PASSWORD

# The widths every page is checked at: the smallest phone WCAG's reflow asks for
# (320 CSS px), a common phone, and a laptop.
WIDTHS = (320, 375, 1280)
HEIGHT = 800


# -- people and their browsers ---------------------------------------------------------
@dataclass
class People:
    """One context per person (a visitor, or someone logged in), kept for a module."""

    browser: Browser
    context_args: dict
    folder: Path
    elsewhere: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    pages: dict[str | None, Page] = field(default_factory=dict)
    states: dict[str, Path] = field(default_factory=dict)
    last: Page | None = None

    @property
    def base_url(self) -> str:
        return self.context_args["base_url"]

    def _watch(self, request) -> None:
        if not hub_browser.is_own(request.url, self.base_url):
            self.elsewhere.append(request.url)

    def new_context(self, *, email: str | None = None, **overrides) -> BrowserContext:
        """A fresh context (with JavaScript unless told), logged in as `email` if given."""
        args = {**self.context_args, **overrides}
        if email:
            args["storage_state"] = self.storage_state(email)
        context = self.browser.new_context(**args)
        context.set_default_timeout(10_000)
        context.on("request", self._watch)
        self.contexts.append(context)
        return context

    def storage_state(self, email: str) -> Path:
        """Log in once through the form; later contexts start with the same cookies."""
        if email not in self.states:
            context = self.new_context()
            page = context.new_page()
            log_in(page, email)
            path = self.folder / (re.sub(r"\W+", "-", email) + ".json")
            context.storage_state(path=path)
            context.close()
            self.contexts.remove(context)
            self.states[email] = path
        return self.states[email]

    def page(self, email: str | None = None) -> Page:
        """The module's page for this person (a visitor when `email` is None)."""
        if email not in self.pages:
            self.pages[email] = self.new_context(email=email).new_page()
        self.last = self.pages[email]
        return self.last

    def assert_no_other_hosts(self) -> None:
        elsewhere, self.elsewhere[:] = list(self.elsewhere), []
        assert elsewhere == [], f"The browser asked other hosts: {elsewhere}"

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the form, as the person would (works with JavaScript off too);
    staff type the code from their authenticator app too."""
    hub_browser.log_in(page, email, password)


def open_ranked_vote() -> CampaignVotePage:
    """A vote whose only round, a ranked one, is open now, with three nominations."""
    volunteer = User.objects.get(email="volunteer@example.com")
    vote = world.vote_page(
        title=f"What should change first? {world.suffix()}", rounds=[("irv", 1, 3)]
    )
    for title in ("Later school start times", "Quiet rooms in every college", "Free swimming"):
        world.approved_nomination(
            vote, world.participant(f"Author{world.suffix()}"), title, volunteer
        )
    world.close_nominations(vote)
    (round_,) = vote.ordered_rounds()
    world.open_round(round_)
    return vote


def screenshot_if_failed(request, page: Page | None) -> None:
    """pytest-playwright photographs only its own `page`; this does the same for ours."""
    report = getattr(request.node, "rep_call", None)
    option = request.config.getoption("--screenshot", default="off")
    if page is None or page.is_closed() or report is None or not report.failed:
        return
    if option not in ("on", "only-on-failure"):
        return
    folder = Path(request.config.getoption("--output", default="test-results"))
    name = re.sub(r"[^\w.-]+", "-", request.node.nodeid)[-150:]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


# -- colour -------------------------------------------------------------------------------
Colour = tuple[float, float, float, float]  # sRGB 0-255, alpha 0-1

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?%?"


def parse_colour(css: str) -> Colour:
    """A computed colour: `rgb()`/`rgba()` or `color(srgb ...)`, as Chromium gives them."""
    css = css.strip().lower()
    if css in ("transparent", ""):
        return (0.0, 0.0, 0.0, 0.0)
    if match := re.fullmatch(r"rgba?\((.*)\)", css):
        parts = re.findall(_NUMBER, match.group(1))
        r, g, b = (_channel(p, 255) for p in parts[:3])
        alpha = _channel(parts[3], 1) if len(parts) > 3 else 1.0
        return (r, g, b, alpha)
    if match := re.fullmatch(r"color\(srgb (.*)\)", css):
        parts = re.findall(_NUMBER, match.group(1))
        r, g, b = (_channel(p, 1) * 255 for p in parts[:3])
        alpha = _channel(parts[3], 1) if len(parts) > 3 else 1.0
        return (r, g, b, alpha)
    raise ValueError(f"Can't read the colour {css!r}")


def _channel(text: str, scale: float) -> float:
    return float(text[:-1]) / 100 * scale if text.endswith("%") else float(text)


def over(top: Colour, below: Colour) -> Colour:
    """`top` painted over an opaque `below` (source-over)."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], below[:3], strict=True)), 1.0)


def relative_luminance(colour: Colour) -> float:
    """WCAG 2.2's relative luminance of an opaque sRGB colour."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hex_colour(colour: Colour) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in colour[:3])


def backdrop(layers: list[str]) -> Colour:
    """The opaque colour behind an element, given the computed background colours of
    its ancestors, nearest first, over a white canvas. (Background images and
    gradients are not taken into account.)"""
    colour: Colour = (255.0, 255.0, 255.0, 1.0)
    for layer in reversed(layers):
        colour = over(parse_colour(layer), colour)
    return colour


# The controls a person types in, picks from or ticks, as they are drawn now. A
# checkbox or radio is also measured in the other state (checked <-> unchecked) by
# flipping `checked` for one style read, without events, and flipping it back.
CONTROLS_JS = """() => {
    const visible = (el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return box.width > 2 && box.height > 2 && style.visibility !== 'hidden'
            && style.opacity !== '0' && el.getClientRects().length > 0;
    };
    const edge = (style) => ({
        border: style.borderTopColor, borderWidth: parseFloat(style.borderTopWidth) || 0,
        borderStyle: style.borderTopStyle, fill: style.backgroundColor,
    });
    const layers = (element) => {
        const out = [];
        for (let node = element.parentElement; node; node = node.parentElement) {
            out.push(getComputedStyle(node).backgroundColor);
        }
        return out;
    };
    const selector = 'input:not([type=hidden]):not([type=submit]):not([type=button])'
        + ':not([type=image]):not([type=reset]), select, textarea';
    return [...document.querySelectorAll(selector)].filter(visible).map((el) => {
        const label = (el.labels && el.labels[0] && el.labels[0].textContent.trim())
            || el.getAttribute('aria-label') || el.name || el.id;
        const item = {
            label: label.replace(/\\s+/g, ' ').slice(0, 60),
            kind: el.tagName.toLowerCase() + (el.type ? ':' + el.type : ''),
            state: el.checked ? 'checked' : (el.type === 'checkbox' || el.type === 'radio')
                ? 'unchecked' : 'as shown',
            ...edge(getComputedStyle(el)), behind: layers(el),
        };
        const looks = [item];
        if (el.type === 'checkbox' || el.type === 'radio') {
            el.checked = !el.checked;
            looks.push({...item, ...edge(getComputedStyle(el)),
                        state: el.checked ? 'checked' : 'unchecked'});
            el.checked = !el.checked;
        }
        return looks;
    }).flat();
}"""


@dataclass(frozen=True)
class ControlLook:
    label: str
    kind: str
    state: str
    edge: float  # contrast of the border with what is behind the control
    fill: float  # contrast of the control's own fill with what is behind it
    colours: str

    @property
    def boundary(self) -> float:
        """WCAG 1.4.11: what tells the control apart from its surroundings, border or fill."""
        return max(self.edge, self.fill)

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.label!r} ({self.state}): border {self.edge:.2f}:1, "
            f"fill {self.fill:.2f}:1 [{self.colours}]"
        )


def control_looks(page: Page) -> list[ControlLook]:
    looks = []
    for item in page.evaluate(CONTROLS_JS):
        behind = backdrop(item["behind"])
        fill = over(parse_colour(item["fill"]), behind)
        has_border = item["borderWidth"] > 0 and item["borderStyle"] not in ("none", "hidden")
        border = over(parse_colour(item["border"]), fill) if has_border else fill
        looks.append(
            ControlLook(
                label=item["label"],
                kind=item["kind"],
                state=item["state"],
                edge=contrast(border, behind) if has_border else 1.0,
                fill=contrast(fill, behind),
                colours=(
                    f"border {hex_colour(border)} {item['borderWidth']:g}px, "
                    f"fill {hex_colour(fill)}, behind {hex_colour(behind)}"
                ),
            )
        )
    return looks


# -- focus ---------------------------------------------------------------------------------
# What is focused now, how it looks, and whether it comes after the element focused
# before it (the previous one is kept in the page between calls). Transitions on the
# focused element are finished first, so the look read is the one it settles on.
FOCUS_STEP_JS = """() => {
    const el = document.activeElement;
    const previous = window.__hubPreviousFocus || null;
    window.__hubPreviousFocus = el;
    (window.__hubFocused = window.__hubFocused || []).push(el);
    const isPage = !el || el === document.body || el === document.documentElement;
    if (el && el.getAnimations) el.getAnimations().forEach((a) => a.finish());
    const style = el ? getComputedStyle(el) : null;
    const box = el ? el.getBoundingClientRect() : {width: 0, height: 0, top: 0, left: 0};
    const image = el && el.querySelector && el.querySelector('img[alt]');
    const text = el ? (el.getAttribute('aria-label') || el.innerText || (image && image.alt)
        || el.value || el.getAttribute('title') || el.name || el.id || '').trim() : '';
    // A radio group is one stop: Tab enters it at the checked radio, or at its first
    // radio going forwards and its last going backwards.
    const radio = el && el.type === 'radio' && el.name;
    const keys = window.__hubKeys || (window.__hubKeys = new WeakMap());
    if (el && !keys.has(el)) keys.set(el, 'element ' + (window.__hubCount = (window.__hubCount || 0) + 1));
    const key = radio ? 'radio ' + el.name : el ? keys.get(el) : 'page';
    const layers = [];
    for (let node = el && el.parentElement; node; node = node.parentElement) {
        layers.push(getComputedStyle(node).backgroundColor);
    }
    let order = null;
    if (previous && el && previous !== el) {
        const position = previous.compareDocumentPosition(el);
        order = position & Node.DOCUMENT_POSITION_FOLLOWING ? 'after'
            : position & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'other';
    }
    return {
        index: window.__hubFocused.length - 1,
        isPage,
        same: !!previous && previous === el,
        key,
        name: !el ? '(nothing)' : radio ? `radio group "${el.name}"`
            : el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + ' "' + text.replace(/\\s+/g, ' ').slice(0, 50) + '"',
        order,
        outlineStyle: style && style.outlineStyle,
        outlineWidth: style ? parseFloat(style.outlineWidth) || 0 : 0,
        outlineColor: style && style.outlineColor,
        boxShadow: style ? style.boxShadow : 'none',
        width: box.width, height: box.height,
        onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
        behind: layers,
    };
}"""

# The same look read again for every element focused so far, now that none has focus.
UNFOCUSED_LOOKS_JS = """() => {
    if (document.activeElement) document.activeElement.blur();
    return (window.__hubFocused || []).map((el) => {
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
                boxShadow: style.boxShadow};
    });
}"""

# Forget earlier stops. Focus itself is left alone: blurring an element would make
# Chromium start the next Tab from it, not from the top of the page.
RESET_FOCUS_JS = """() => {
    window.__hubPreviousFocus = null;
    window.__hubFocused = [];
}"""


def shadows(box_shadow: str) -> list[tuple[Colour, float]]:
    """Each shadow in a computed `box-shadow`, as (colour, how far it reaches in px)."""
    if not box_shadow or box_shadow == "none":
        return []
    found = []
    # Split on the commas between shadows, not those inside rgb(...).
    for part in re.split(r",(?![^(]*\))", box_shadow):
        colour_match = re.search(r"(rgba?\([^)]*\)|color\([^)]*\))", part)
        colour = parse_colour(colour_match.group(1)) if colour_match else (0, 0, 0, 1.0)
        rest = part.replace(colour_match.group(1), "") if colour_match else part
        if "inset" in rest:
            rest = rest.replace("inset", "")
        lengths = [float(n) for n in re.findall(r"-?\d+\.?\d*(?=px)", rest)]
        x, y, blur, spread = (lengths + [0, 0, 0, 0])[:4]
        reach = max(abs(x), abs(y), blur, spread)
        if colour[3] > 0 and reach > 0:
            found.append((colour, reach))
    return found


@dataclass(frozen=True)
class FocusStop:
    index: int
    key: str
    name: str
    is_page: bool
    same: bool  # focus stayed on the same element (the parts of a date field)
    order: str | None
    outline: tuple[str, float, str]
    box_shadow: str
    size: tuple[float, float]
    on_screen: bool
    behind: Colour

    @classmethod
    def read(cls, page: Page) -> FocusStop:
        data = page.evaluate(FOCUS_STEP_JS)
        return cls(
            index=data["index"],
            key=data["key"],
            name=data["name"],
            is_page=data["isPage"],
            same=data["same"],
            order=data["order"],
            outline=(data["outlineStyle"], data["outlineWidth"], data["outlineColor"]),
            box_shadow=data["boxShadow"],
            size=(data["width"], data["height"]),
            on_screen=data["onScreen"],
            behind=backdrop(data["behind"]),
        )

    def indicator(self) -> tuple[float, float]:
        """How wide the focus indicator is (px) and its best contrast with the backdrop."""
        widest, best = 0.0, 1.0
        style, width, colour = self.outline
        if style not in ("none", "hidden") and width > 0:
            widest = width
            # "auto" is the browser's own ring, drawn in its own colours.
            best = (
                21.0
                if style == "auto"
                else contrast(over(parse_colour(colour), self.behind), self.behind)
            )
        for shadow_colour, reach in shadows(self.box_shadow):
            widest = max(widest, reach)
            best = max(best, contrast(over(shadow_colour, self.behind), self.behind))
        return widest, best


def tab_through(page: Page, *, key: str = "Tab", limit: int = 250) -> list[FocusStop]:
    """Press `key` from the top of the page until focus comes back to where it started.

    Returns every stop, the first press's included; the last is the first element
    again. Presses that keep focus on the same element (moving between the parts of a
    date field) are not stops. Fails if focus never comes back within `limit` presses
    (a keyboard trap).
    """
    page.evaluate(RESET_FOCUS_JS)
    stops: list[FocusStop] = []
    first: str | None = None
    for _ in range(limit):
        page.keyboard.press(key)
        stop = FocusStop.read(page)
        if stop.same:
            continue
        stops.append(stop)
        if stop.is_page:
            continue
        if first is None:
            first = stop.key
        elif stop.key == first:
            return stops
    names = [s.name for s in stops[-8:]]
    raise AssertionError(
        f"{key} never brought focus back to the top of {page.url} in {limit} presses; "
        f"the last stops were {names}"
    )


def unfocused_looks(page: Page) -> list[dict | None]:
    return page.evaluate(UNFOCUSED_LOOKS_JS)


# -- layout ----------------------------------------------------------------------------------
# How far the page is wider than the window, and the elements that stick out furthest.
OVERFLOW_JS = """() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= limit + 1) continue;
        // Clipped by a scroll box (a wide table in its own scroller is fine), unless it
        // is positioned against something outside that box, which the box can't clip.
        const position = getComputedStyle(el).position;
        if (position === 'fixed') continue;
        const anchor = position === 'absolute' ? el.offsetParent : null;
        let clipped = false;
        for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
            const overflow = getComputedStyle(node).overflowX;
            if (overflow !== 'visible' && node.getBoundingClientRect().right <= limit + 1
                && (!anchor || node === anchor || node.contains(anchor))) {
                clipped = true; break;
            }
        }
        if (clipped) continue;
        const classes = typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes}`
            + ` (right edge ${Math.round(box.right)}px)`);
    }
    return {scrollWidth: root.scrollWidth, clientWidth: limit, innerWidth: innerWidth,
            wide: wide.slice(-6)};
}"""


def sideways_overflow(page: Page) -> str | None:
    """None when nothing scrolls sideways; otherwise what sticks out, for the message."""
    data = page.evaluate(OVERFLOW_JS)
    if data["scrollWidth"] <= data["clientWidth"]:
        return None
    return (
        f"the page is {data['scrollWidth']}px wide in a {data['clientWidth']}px window; "
        f"sticking out: {', '.join(data['wide']) or '(nothing found)'}"
    )


# Whether a person can see and press an element: in view once scrolled to, big enough,
# and the element itself is what is under its centre (not something drawn over it).
UNCOVERED_JS = """(el) => {
    el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    const describe = (node) => node ? node.tagName.toLowerCase()
        + (node.id ? '#' + node.id : '')
        + (typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\\s+/).join('.') : '')
        : '(nothing)';
    return {
        width: box.width, height: box.height,
        inWindow: box.left >= 0 && box.right <= document.documentElement.clientWidth + 1,
        hit: describe(hit),
        uncovered: !!hit && (hit === el || el.contains(hit)),
    };
}"""


def uncovered_problem(locator, what: str) -> str | None:
    """None if `what` is visible, inside the window and not covered by anything."""
    if not locator.is_visible():
        return f"{what} is not visible"
    data = locator.evaluate(UNCOVERED_JS)
    if data["width"] < 1 or data["height"] < 1:
        return f"{what} has no size"
    if not data["inWindow"]:
        return f"{what} sticks out of the window"
    if not data["uncovered"]:
        return f"{what} is covered by {data['hit']}"
    return None


def kilobytes(size: float) -> str:
    return f"{size / 1024:.1f} KB"
