"""What every browser journey uses: the browser, logging in, the inbox, axe, screenshots."""

from __future__ import annotations

import datetime as dt
import email
import io
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from allauth.mfa import app_settings as mfa_settings
from PIL import Image
from playwright.sync_api import Page, expect

from cms import demo_sign_in
from participation.models import User
from tests import auth

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "listening-hub-demo"  # every demo account's password (cms demo_data)

# As root Chromium needs --no-sandbox; the rest keep it from calling any outside host.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]

# WCAG 2.2 A and AA, and the 2.0/2.1 rules they include.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

WIDTHS = {"phone": 375, "desktop": 1280}


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise RuntimeError("Chromium is not installed: run scripts/ensure-chromium.sh")


def is_own(url: str, base_url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    parts, ours = urlsplit(url), urlsplit(base_url)
    return (parts.scheme, parts.netloc) == (ours.scheme, ours.netloc)


def has_focus(locator) -> bool:
    return locator.evaluate("(element) => element === document.activeElement")


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: '
                    + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200)),
            }));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


# The last time step each person's code was typed for: allauth takes each code once.
_CODE_STEPS_USED: dict[str, int] = {}


def two_step_code(email_address: str) -> str | None:
    """The code the person's authenticator app shows now, or None if they have none.

    Made from their app's secret, as their phone would make it: the demo's published
    one for the demo's staff, otherwise the one on their account. A code allauth has taken
    once is refused until the next one (every 30 seconds), so a second log-in by the
    same person in the same step waits for the next code.
    """
    if email_address in demo_sign_in.DEMO_STAFF_EMAILS:
        secret = demo_sign_in.DEMO_TOTP_SECRET  # README.md publishes it
    else:
        user = User.objects.filter(email__iexact=email_address).first()
        if user is None or auth.authenticator_app(user) is None:
            return None
        secret = auth.secret_of(user)
    period = mfa_settings.TOTP_PERIOD
    step = int(time.time()) // period
    if _CODE_STEPS_USED.get(email_address) == step:
        time.sleep((step + 1) * period - time.time() + 0.2)
        step = int(time.time()) // period
    _CODE_STEPS_USED[email_address] = step
    return auth.code_for(secret, at=step * period)


def log_in(page: Page, email_address: str, password: str = PASSWORD) -> None:
    """Log in through the form, as the person would (works with JavaScript off too):
    staff then type the code from their authenticator app."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email_address)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    code_box = page.get_by_label("Your code")
    logged_in = page.get_by_role("button", name="Log out").first
    expect(code_box.or_(logged_in).first).to_be_attached()
    if code_box.count():
        code = two_step_code(email_address)
        assert code, f"{email_address} is asked for a code but has no authenticator app"
        code_box.fill(code)
        page.get_by_role("button", name="Log in").click()
    expect(logged_in).to_be_attached()


@dataclass
class Hub:
    page: Page
    base_url: str
    outbox: Path
    shots: list[str] = field(default_factory=list)

    # -- navigation ---------------------------------------------------------------
    def go(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status < 400, (
            f"{path} answered {response and response.status}"
        )

    def log_in(self, email_address: str, password: str = PASSWORD) -> None:
        log_in(self.page, email_address, password)

    def log_out(self) -> None:
        self.page.context.clear_cookies()

    # -- the keyboard alone ---------------------------------------------------------
    def tab_to(self, locator, *, limit: int = 150) -> None:
        """Press Tab until `locator` has focus, as a keyboard user moves through a page."""
        for _ in range(limit):
            if has_focus(locator):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {locator}")

    def key_type(self, locator, text: str) -> None:
        """Tab to a field and type into it (in a <select>, typing picks the option)."""
        self.tab_to(locator)
        self.page.keyboard.type(text)

    def key_date(self, locator, date: dt.date) -> None:
        """Tab to a date field and type the date in the order this browser shows it
        (day first in a UK browser, month first in a US one)."""
        # A throwaway field shows which order this browser's date fields take.
        self.page.evaluate(
            """() => {
                const probe = document.createElement('input');
                probe.type = 'date';
                document.body.append(probe);
                probe.focus();
            }"""
        )
        self.page.keyboard.type("01022003")
        probed = self.page.evaluate(
            "() => { const p = document.body.lastElementChild; const v = p.value; p.remove();"
            " return v; }"
        )
        pattern = "%d%m%Y" if probed == "2003-02-01" else "%m%d%Y"
        self.key_type(locator, date.strftime(pattern))

    def key_press(self, locator, key: str = "Enter") -> None:
        """Tab to a control and press a key on it: Enter for links and buttons, Space
        for checkboxes and radios."""
        self.tab_to(locator)
        self.page.keyboard.press(key)

    def key_follow(self, locator) -> None:
        """Tab to a link or a form's button, press Enter, and wait for the next page."""
        self.tab_to(locator)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    # -- the inbox ----------------------------------------------------------------
    def emails_to(self, address: str) -> list[email.message.EmailMessage]:
        messages = []
        for path in sorted(self.outbox.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend writes each message followed by a line of dashes.
            for chunk in path.read_text().split("-" * 79):
                if not chunk.strip():
                    continue
                message = email.message_from_string(chunk.strip(), policy=policy.default)
                if address in (message["To"] or ""):
                    messages.append(message)
        return messages

    def link_in_last_email(self, address: str, pattern: str) -> str:
        messages = self.emails_to(address)
        assert messages, f"No email reached {address}"
        body = messages[-1].get_body(preferencelist=("plain",)).get_content()
        match = re.search(rf"{re.escape(self.base_url)}\S*{pattern}\S*", body)
        assert match, f"No link matching {pattern!r} in the last email to {address}:\n{body}"
        return match.group(0)

    # -- checks -------------------------------------------------------------------
    def assert_accessible(self) -> None:
        violations = axe_violations(self.page)
        assert violations == [], f"axe found on {self.page.url}:\n{describe(violations)}"

    def screenshot(self, name: str) -> None:
        """With SCREENSHOTS=1 (make screenshots), the page at phone and desktop widths."""
        self.shots.append(name)
        if os.environ.get("SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size or {"width": 1280, "height": 900}
        for label, width in WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": 900})
            shot = Image.open(io.BytesIO(self.page.screenshot(full_page=True)))
            # 256 colours, no dithering: the same look at about a third of the size.
            shot = shot.convert("RGB").quantize(256, dither=Image.Dither.NONE)
            shot.save(SCREENSHOTS / f"{name}-{label}.png", optimize=True)
        self.page.set_viewport_size(size)
