"""Every page a young person can reach, in every state its forms can be in, checked for
WCAG 2.2 A and AA at 320, 375 and 1280 px: axe-core first, then what axe cannot judge
by reading the page: that the focus can be seen, that form controls stand out from
their background, that nothing scrolls sideways on a small phone, that text at 200%
still leaves the heading, the form's button and the menu usable, and that Tab goes
through the page in order and comes back to the top.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Page, expect

from cms.models import CampaignPage
from evidence.models import EvidenceSnippet
from participation.models import CampaignVotePage, Nomination, User
from participation.services.nominations import support_add
from tests.e2e import a11y, world
from tests.e2e.browser import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("people_watched")]

PARTICIPANT = "participant@example.com"
# A participant made for this module, with a nomination, support and a vote of their
# own: their pages have something in them, and the forms they send are theirs alone
# (the site limits how often one person may send some of them).
NEWCOMER = "newcomer"


# -- the screens ---------------------------------------------------------------------------
Step = Callable[[Page], None]


def press(button: str, *, in_main: bool = True) -> Step:
    def step(page: Page) -> None:
        area = page.get_by_role("main") if in_main else page
        area.get_by_role("button", name=button, exact=True).click()

    return step


def fill(label: str, text: str) -> Step:
    def step(page: Page) -> None:
        page.get_by_label(label).fill(text)

    return step


def tick(label: str) -> Step:
    def step(page: Page) -> None:
        page.get_by_label(label, exact=True).check()

    return step


def choose(label: str, option: str) -> Step:
    def step(page: Page) -> None:
        page.get_by_label(label, exact=True).select_option(label=option)

    return step


def open_the_menu(page: Page) -> None:
    """Open the header's Menu on a narrow window (wider, its contents are always shown)."""
    menu = page.get_by_role("banner").get_by_text("Menu", exact=True)
    if menu.is_visible():
        menu.click()
        expect(page.get_by_role("banner").get_by_role("navigation", name="Main")).to_be_visible()


def a_child_joins(page: Page) -> None:
    """Everything filled in, by someone aged 11: the sign-up form turns them away kindly."""
    # Nothing typed here is kept, so the same address and name do every time.
    page.get_by_label("Email address").fill("too.young.to.join@example.com")
    page.get_by_label("Choose a password").fill("a-long-and-secret-phrase")
    page.get_by_label("Type the same password again").fill("a-long-and-secret-phrase")
    page.get_by_label("Display name").fill("SmallFox")
    birthday = dt.date.today() - dt.timedelta(days=11 * 366)
    page.get_by_label("Date of birth").fill(birthday.isoformat())
    page.get_by_label("Where do you live?").select_option(label="London")
    page.get_by_label("I have read and agree to the house rules").check()
    page.get_by_role("button", name="Create my account").click()


@dataclass(frozen=True)
class Screen:
    """A page in one state: where it is, who is looking, what they did there first."""

    name: str
    path: str  # may name a place made for this module: {nomination}, {ranked}, ...
    who: str | None = None  # None: a visitor who hasn't logged in
    then: tuple[Step, ...] = ()
    shows: str | re.Pattern | None = None  # words that prove the state was reached
    status: int = 200
    submit: str | None = None  # the main form's button, for the 200% text check

    def __str__(self) -> str:
        return self.name


SIGN_UP = Screen("sign-up", "/accounts/signup/", submit="Create my account")
SIGN_UP_ERRORS = Screen(
    "sign-up-errors",
    "/accounts/signup/",
    then=(press("Create my account"),),
    shows="Please check your answers",
    submit="Create my account",
)
LOG_IN = Screen("log-in", "/accounts/login/", submit="Log in")
NOMINATE = Screen("nominate", "/transport-2027/nominate/", NEWCOMER, submit="Send my nomination")
NOMINATE_ERRORS = Screen(
    "nominate-errors",
    "/transport-2027/nominate/",
    NEWCOMER,
    then=(press("Send my nomination"),),
    shows="This field is required",
    submit="Send my nomination",
)
BALLOT = Screen(
    "approval-ballot", "/campaigns-2027/rounds/1/vote/", PARTICIPANT, submit="Send my vote"
)
BALLOT_ERRORS = Screen(
    "approval-ballot-errors",
    "/campaigns-2027/rounds/1/vote/",
    PARTICIPANT,
    then=(press("Send my vote"),),
    shows="Choose at least one before you send your vote",
    submit="Send my vote",
)
RANKED_BALLOT = Screen(
    "ranked-ballot", "{ranked}rounds/1/vote/", PARTICIPANT, submit="Send my vote"
)
RANKED_BALLOT_ERRORS = Screen(
    "ranked-ballot-errors",
    "{ranked}rounds/1/vote/",
    PARTICIPANT,
    then=(press("Send my vote"),),
    shows="Give at least one a rank",
    submit="Send my vote",
)
HOME = Screen("home", "/")
VOTE_PAGE = Screen("vote-page-voting", "/campaigns-2027/")
NOMINATION = Screen("nomination", "{nomination}")
NOMINATION_LOGGED_IN = Screen("nomination-logged-in", "{nomination}", PARTICIPANT)
RESULTS_RANKED = Screen("results-ranked", "/campaigns-2026/rounds/2/results/")
EXPLORER = Screen("explorer", "/explore/", submit="Show")
EXPLORER_FILTERED = Screen(
    "explorer-filtered",
    "/explore/",
    then=(tick("Getting around"), tick("Housing"), tick("Share of all contacts"), press("Show")),
    shows="Share of all contacts about getting around",
    submit="Show",
)
SNIPPET = Screen("evidence-snippet", "{snippet}")
SEARCH = Screen("search", "/search/?q=bus", submit="Search")

MENU_OPEN = Screen("menu-open", "/", then=(open_the_menu,))
MENU_OPEN_LOGGED_IN = Screen(
    "menu-open-logged-in", "/campaigns-2027/", PARTICIPANT, then=(open_the_menu,)
)

VISITORS = [
    HOME,
    MENU_OPEN,
    VOTE_PAGE,
    Screen("vote-page-nominating", "/transport-2027/"),
    Screen("vote-page-closed", "/campaigns-2026/"),
    NOMINATION,
    Screen("results-approval", "/campaigns-2026/rounds/1/results/"),
    RESULTS_RANKED,
    Screen("evidence-index", "/evidence/"),
    SNIPPET,
    Screen("evidence-share", "{snippet}share/"),
    EXPLORER,
    EXPLORER_FILTERED,
    Screen(
        "explorer-bad-query",
        "/explore/?measure=bogus&view=sideways",
        shows="Some of your choices can't be used",
        status=400,
    ),
    Screen("campaigns", "/campaigns/"),
    Screen("campaign", "{campaign}"),
    SEARCH,
    Screen("search-empty", "/search/"),
    Screen("search-nothing-found", "/search/?q=qwxzvy"),
    SIGN_UP,
    SIGN_UP_ERRORS,
    Screen(
        "sign-up-too-young",
        "/accounts/signup/",
        then=(a_child_joins,),
        shows="The Listening Hub is for people aged 13 to 25",
    ),
    LOG_IN,
    Screen(
        "log-in-wrong-password",
        "/accounts/login/",
        then=(
            # A fresh address each time: failed log-ins are limited per address.
            lambda page: fill("Email", f"someone.{world.suffix()}@example.com")(page),
            fill("Password", "not-the-password"),
            press("Log in"),
        ),
        shows="not correct",
        submit="Log in",
    ),
    Screen("password-reset", "/accounts/password/reset/", submit="Send me a link"),
    Screen(
        "password-reset-errors",
        "/accounts/password/reset/",
        then=(press("Send me a link"),),
        shows="This field is required",
        submit="Send me a link",
    ),
    Screen(
        "password-reset-sent",
        "/accounts/password/reset/",
        then=(
            lambda page: fill("Email", f"forgetful.{world.suffix()}@example.com")(page),
            press("Send me a link"),
        ),
        shows="We've sent an email to the address you typed",
    ),
    Screen("not-found", "/no-such-page/", status=404),
    Screen("about", "/about/"),
    Screen("house-rules", "/house-rules/"),
    Screen("privacy", "/privacy/"),
    Screen("get-help", "/get-help/"),
    Screen(
        "page-feedback-sent",
        "/about/",
        then=(tick("Yes"), press("Send feedback", in_main=False)),
        shows=re.compile(r"Thank you(, we've had| for your feedback)"),
    ),
    Screen("open-data-docs", "/api/v1/docs/"),
    Screen("status", "/status/"),
]

LOGGED_IN = [
    Screen("vote-page-logged-in", "/campaigns-2027/", PARTICIPANT),
    MENU_OPEN_LOGGED_IN,
    NOMINATION_LOGGED_IN,
    Screen(
        "statement-errors",
        "{nomination}",
        NEWCOMER,
        then=(press("Add my statement"),),
        shows="This field is required",
    ),
    Screen("report", "{report}", NEWCOMER),
    Screen(
        "report-errors",
        "{report}",
        NEWCOMER,
        then=(press("Send report"),),
        shows="Please write something here",
    ),
    NOMINATE,
    NOMINATE_ERRORS,
    BALLOT,
    BALLOT_ERRORS,
    Screen(
        "approval-ballot-already-voted",
        "/campaigns-2027/rounds/1/vote/",
        NEWCOMER,
        shows="You've already voted",
    ),
    RANKED_BALLOT,
    RANKED_BALLOT_ERRORS,
    Screen("my-participation", "/me/participation/", NEWCOMER),
    Screen("my-participation-empty", "/me/participation/", PARTICIPANT),
    Screen("messages", "/moderation/notices/", NEWCOMER),
    Screen("my-account", "/me/", NEWCOMER),
    Screen("my-details", "/me/edit/", NEWCOMER),
    Screen("notification-preferences", "/me/notifications/", NEWCOMER),
    Screen(
        "notification-preferences-saved",
        "/me/notifications/",
        NEWCOMER,
        then=(press("Save"),),
        shows="Your email choices are saved",
    ),
    Screen("email-address", "/accounts/email/", NEWCOMER),
    Screen("password-change", "/accounts/password/change/", NEWCOMER),
    Screen(
        "password-change-errors",
        "/accounts/password/change/",
        NEWCOMER,
        then=(press("Change my password"),),
        shows="This field is required",
    ),
    Screen("two-factor", "/accounts/2fa/", NEWCOMER),
]

EVERY_SCREEN = VISITORS + LOGGED_IN


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The addresses that depend on the data, and what this module makes for itself."""
    with django_db_blocker.unblock():
        volunteer = User.objects.get(email="volunteer@example.com")
        newcomer = world.participant(f"Newcomer{world.suffix()}")
        transport = CampaignVotePage.objects.get(slug="transport-2027")
        world.approved_nomination(transport, newcomer, "Night buses to the next town", volunteer)
        voting = CampaignVotePage.objects.get(slug="campaigns-2027")
        nomination = (
            Nomination.objects.public()
            .active()
            .filter(campaign_vote=voting, title="Counsellors in every school and college")
            .order_by("pk")
            .first()
        )
        support_add(participant=newcomer, nomination=nomination)
        (first_round, *_) = voting.ordered_rounds()
        world.ballots(first_round, [(newcomer, [nomination])])
        ranked = a11y.open_ranked_vote()
        snippet = EvidenceSnippet.objects.filter(live=True).order_by("pk").first()
        campaign = CampaignPage.objects.live().order_by("pk").first()
        kind = ContentType.objects.get_for_model(Nomination)
        return {
            NEWCOMER: newcomer.email,
            "nomination": voting.url + f"nominations/{nomination.pk}/",
            "report": f"/moderation/report/{kind.pk}/{nomination.pk}/",
            "ranked": ranked.url,
            "snippet": f"/evidence/{snippet.pk}/",
            "campaign": campaign.url,
        }


def reach(
    people: a11y.People, places: dict, screen: Screen, width: int, height: int = a11y.HEIGHT
) -> Page:
    """Open the screen as its person would, at this width."""
    who = places[NEWCOMER] if screen.who == NEWCOMER else screen.who
    page = people.page(who)
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(screen.path.format(**places))
    assert response is not None and response.status == screen.status, (
        f"{screen.name}: {page.url} answered {response and response.status}, not {screen.status}"
    )
    for step in screen.then:
        step(page)
    if screen.shows:
        expect(page.locator("body")).to_contain_text(screen.shows, ignore_case=True)
    page.wait_for_load_state("load")
    return page


# -- axe ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", a11y.WIDTHS)
@pytest.mark.parametrize("screen", EVERY_SCREEN, ids=str)
def test_axe_finds_nothing(people, places, screen, width):
    page = reach(people, places, screen, width)
    violations = axe_violations(page)
    assert violations == [], (
        f"axe, {screen.name} at {width}px ({page.url}):\n{describe(violations)}"
    )


# -- reflow (WCAG 1.4.10) -------------------------------------------------------------------
@pytest.mark.parametrize("screen", EVERY_SCREEN, ids=str)
def test_nothing_scrolls_sideways_at_320px(people, places, screen):
    page = reach(people, places, screen, 320)
    problem = a11y.sideways_overflow(page)
    assert problem is None, f"{screen.name} at 320px ({page.url}): {problem}"


# -- focus visible (WCAG 2.4.7, 2.4.11, 1.4.11) ----------------------------------------------
KEY_SCREENS = [
    HOME,
    VOTE_PAGE,
    NOMINATION_LOGGED_IN,
    NOMINATE,
    NOMINATE_ERRORS,
    BALLOT,
    RANKED_BALLOT,
    RESULTS_RANKED,
    EXPLORER_FILTERED,
    SNIPPET,
    SEARCH,
    SIGN_UP,
    SIGN_UP_ERRORS,
    LOG_IN,
]


@pytest.mark.parametrize(
    ("screen", "width"),
    [(screen, 1280) for screen in KEY_SCREENS]
    + [(screen, 375) for screen in (HOME, MENU_OPEN, MENU_OPEN_LOGGED_IN, BALLOT, SIGN_UP)],
    ids=lambda value: str(value),
)
def test_focus_can_always_be_seen(people, places, screen, width):
    """Tab to every element: each shows a focus indicator (an outline or a shadow that
    focus adds, at least 2px and 3:1 against what is behind it) and is on screen."""
    page = reach(people, places, screen, width)
    stops = [stop for stop in a11y.tab_through(page) if not stop.is_page][:-1]
    assert stops, f"Nothing on {page.url} takes focus"
    unfocused = a11y.unfocused_looks(page)
    problems = []
    for stop in stops:
        width_px, best = stop.indicator()
        before = unfocused[stop.index]
        changed = before is None or (
            (before["outlineStyle"], before["outlineWidth"]) != stop.outline[:2]
            or before["boxShadow"] != stop.box_shadow
        )
        if width_px < 2 or not changed:
            problems.append(
                f"{stop.name}: no focus indicator (outline {stop.outline}, shadow {stop.box_shadow})"
            )
        elif best < 3:
            problems.append(
                f"{stop.name}: focus indicator only {best:.2f}:1 against its background"
            )
        if stop.size[0] < 1 or stop.size[1] < 1 or not stop.on_screen:
            problems.append(f"{stop.name}: focused but not on screen (size {stop.size})")
    assert problems == [], f"{screen.name} at {width}px ({page.url}):\n- " + "\n- ".join(problems)


# -- non-text contrast of form controls (WCAG 1.4.11) --------------------------------------
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(
    "screen",
    [SIGN_UP, SIGN_UP_ERRORS, BALLOT, BALLOT_ERRORS, RANKED_BALLOT, NOMINATE, EXPLORER, LOG_IN],
    ids=str,
)
def test_form_controls_stand_out_from_their_background(people, places, screen, width):
    page = reach(people, places, screen, width)
    looks = a11y.control_looks(page)
    assert looks, f"No form controls found on {page.url}"
    faint = [str(look) for look in looks if look.boundary < 3]
    assert faint == [], (
        f"{screen.name} at {width}px: form controls under 3:1 against what is behind them:\n- "
        + "\n- ".join(faint)
    )


# -- text at 200% (WCAG 1.4.4) ----------------------------------------------------------------
@pytest.mark.parametrize("width", [640, 1280])
@pytest.mark.parametrize(
    "screen",
    [
        HOME,
        SIGN_UP,
        SIGN_UP_ERRORS,
        LOG_IN,
        NOMINATE,
        BALLOT,
        RANKED_BALLOT,
        EXPLORER,
        RESULTS_RANKED,
        NOMINATION,
    ],
    ids=str,
)
def test_text_at_200_percent_leaves_everything_usable(people, places, screen, width):
    page = reach(people, places, screen, width)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    problems = []
    if overflow := a11y.sideways_overflow(page):
        problems.append(overflow)
    heading = page.get_by_role("heading", level=1)
    if problem := a11y.uncovered_problem(heading.first, "the main heading"):
        problems.append(problem)
    if screen.submit:
        button = page.get_by_role("main").get_by_role("button", name=screen.submit, exact=True)
        if problem := a11y.uncovered_problem(button.first, f"the {screen.submit!r} button"):
            problems.append(problem)
    menu = header_menu(page)
    for what, locator in menu:
        if problem := a11y.uncovered_problem(locator, what):
            problems.append(problem)
    assert problems == [], (
        f"{screen.name} at {width}px with text at 200% ({page.url}):\n- " + "\n- ".join(problems)
    )


def header_menu(page: Page) -> list[tuple[str, object]]:
    """The header's way in to everything: the Menu button on a narrow window, otherwise
    every link and button of the main and account navigation laid out in the header."""
    banner = page.get_by_role("banner")
    menu_button = banner.get_by_text("Menu", exact=True)
    if menu_button.is_visible():
        return [("the Menu button", menu_button)]
    found = []
    for nav in ("Main", "Account"):
        for item in banner.get_by_role("navigation", name=nav).get_by_role("link").all():
            found.append((f"{nav} navigation link {item.inner_text()!r}", item))
        for item in banner.get_by_role("navigation", name=nav).get_by_role("button").all():
            found.append((f"{nav} navigation button {item.inner_text()!r}", item))
    assert found, "The header shows neither a Menu button nor any navigation"
    return found


# -- keyboard: no trap, logical order, skip link (WCAG 2.1.2, 2.4.3, 2.4.1) --------------
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("screen", [SIGN_UP, SIGN_UP_ERRORS, BALLOT, RANKED_BALLOT], ids=str)
def test_tab_goes_through_the_page_in_order_and_back_to_the_top(people, places, screen, width):
    page = reach(people, places, screen, width)
    forwards = a11y.tab_through(page, key="Tab")
    real = [stop for stop in forwards if not stop.is_page]
    assert real[0].name.endswith('"Skip to main content"'), (
        f"The first thing Tab reaches on {page.url} is {real[0].name}, not the skip link"
    )
    assert len(real) > 3, f"Tab only reached {[s.name for s in real]}"
    # Each stop comes after the one before in the page; only the last (back to the top
    # after leaving the page) may go backwards.
    out_of_order = [
        f"{previous.name} -> {stop.name}"
        for previous, stop in itertools.pairwise(forwards[:-1])
        if not stop.is_page and not previous.is_page and stop.order != "after"
    ]
    assert out_of_order == [], f"Tab order is not the page's order on {page.url}: {out_of_order}"

    page.reload()
    backwards = a11y.tab_through(page, key="Shift+Tab")
    back_real = [stop for stop in backwards if not stop.is_page]
    out_of_order = [
        f"{previous.name} -> {stop.name}"
        for previous, stop in itertools.pairwise(backwards[:-1])
        if not stop.is_page and not previous.is_page and stop.order != "before"
    ]
    assert out_of_order == [], f"Shift+Tab order is not the reverse on {page.url}: {out_of_order}"
    names_forwards = [stop.name for stop in real[:-1]]
    names_backwards = [stop.name for stop in back_real[:-1]]
    assert names_backwards == list(reversed(names_forwards)), (
        f"Shift+Tab does not visit what Tab visits, in reverse, on {page.url}:\n"
        f"Tab:       {names_forwards}\nShift+Tab: {names_backwards}"
    )


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("screen", [HOME, SIGN_UP, BALLOT, NOMINATION, EXPLORER], ids=str)
def test_skip_link_comes_first_and_moves_focus_to_the_content(people, places, screen, width):
    page = reach(people, places, screen, width)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    problem = a11y.uncovered_problem(skip, "the focused skip link")
    assert problem is None, f"{screen.name} at {width}px: {problem}"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab goes on from the content, not back into the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => !!document.activeElement.closest('main') "
        "|| !!(document.querySelector('main').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert inside_main, f"After the skip link, Tab went back before the content on {page.url}"


# -- the colour arithmetic itself -----------------------------------------------------------
def test_contrast_is_worked_out_as_wcag_does():
    white, black = a11y.parse_colour("rgb(255, 255, 255)"), a11y.parse_colour("rgb(0, 0, 0)")
    assert a11y.contrast(white, black) == pytest.approx(21)
    # #767676 is the lightest grey that reaches 4.5:1 on white.
    assert a11y.contrast(a11y.parse_colour("rgb(118, 118, 118)"), white) == pytest.approx(
        4.54, abs=0.01
    )
    # Half-transparent black over white is mid-grey, about 4:1 (not 21:1).
    half = a11y.over(a11y.parse_colour("rgba(0, 0, 0, 0.5)"), white)
    assert a11y.contrast(half, white) == pytest.approx(3.98, abs=0.01)
    assert a11y.parse_colour("color(srgb 1 0.5 0 / 0.25)") == (255, 127.5, 0, 0.25)
    assert a11y.backdrop(["rgba(0, 0, 0, 0)", "rgb(239, 234, 248)"]) == (239, 234, 248, 1.0)
