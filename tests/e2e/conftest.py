"""Browser journeys: Debian's Chromium, driven by Playwright, against a real server.

The session builds one site (migrations, the demo data, collected and compressed static
files), starts gunicorn on loopback with production-like settings (`config.settings.e2e`)
and points Chromium at it. Tests drive the browser as a young person or a volunteer
would; they read the database directly only to check what the server stored, and to
move the clock (a round "opens" when its opening time is moved into the past).

Run with `make test-e2e` (part of `make test`): it selects these settings and makes sure
Chromium is installed. Outside that, `pytest` leaves this folder out (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.e2e import a11y
from tests.e2e import browser as hub_browser

# Playwright's sync API runs an event loop in this thread; the test code beside it only
# reads and writes the database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """The site the server and the tests share: built once, from migrations and demo data."""
    if os.environ.get("E2E_SERVER"):
        # Working on a journey: a site already built and served (see docs/testing.md).
        yield
        return
    outbox = Path(settings.EMAIL_FILE_PATH)
    outbox.mkdir(parents=True, exist_ok=True)
    with django_db_blocker.unblock():
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        # The demo data only runs with DEBUG on, because it makes accounts with known
        # passwords; this throwaway database is exactly where those belong.
        with override_settings(DEBUG=True):
            call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("collectstatic", interactive=False, verbosity=0)
    yield
    shutil.rmtree(settings.E2E_DIR, ignore_errors=True)


@pytest.fixture
def db_access(django_db_setup, django_db_blocker):
    """Direct database access for checks, in autocommit, so the server sees every write."""
    with django_db_blocker.unblock():
        yield


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The e2e server stopped at start-up (exit {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The e2e server did not answer {url} within {timeout} s.")


@pytest.fixture(scope="session")
def live_hub(django_db_setup) -> str:
    """gunicorn serving the site on loopback; yields its base URL."""
    base_url = settings.SITE_BASE_URL
    if os.environ.get("E2E_SERVER"):
        yield base_url
        return
    log = open(Path(settings.E2E_DIR) / "server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            base_url.removeprefix("http://"),
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.e2e"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"{base_url}/healthz", process)
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        errors = [
            line
            for line in (Path(settings.E2E_DIR) / "server.log").read_text().splitlines()
            if "Traceback" in line or '" 500 ' in line
        ]
        if errors:
            print("\nThe e2e server logged errors:\n" + "\n".join(errors), file=sys.stderr)


@pytest.fixture(scope="session")
def base_url(live_hub) -> str:
    return live_hub


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": hub_browser.chromium_path(),
        "headless": True,
        "args": hub_browser.CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    return {
        **browser_context_args,
        "base_url": base_url,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        "service_workers": "block",
    }


@pytest.fixture(autouse=True)
def only_our_host(request, base_url):
    """Every test: the browser asks no host but the site itself (admin included)."""
    if "context" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    context = request.getfixturevalue("context")
    elsewhere: list[str] = []

    def watch(req):
        if not hub_browser.is_own(req.url, base_url):
            elsewhere.append(req.url)

    context.on("request", watch)
    yield
    assert elsewhere == [], f"The browser asked other hosts: {elsewhere}"


@pytest.fixture
def hub(page, base_url, db_access):
    """A page plus the helpers every journey uses (log in, the inbox, axe, screenshots)."""
    page.set_default_timeout(10_000)
    return hub_browser.Hub(page=page, base_url=base_url, outbox=Path(settings.EMAIL_FILE_PATH))


@pytest.fixture(scope="module")
def people(browser, browser_context_args, tmp_path_factory):
    """One browser context per person, logged in once, for a module of many checks.

    Reduced motion: scrolling to what gets focus is instant and nothing is caught
    halfway through a transition, so each check reads the page as it settles.
    """
    args = {**browser_context_args, "reduced_motion": "reduce"}
    crowd = a11y.People(browser, args, tmp_path_factory.mktemp("people"))
    yield crowd
    crowd.close()


@pytest.fixture
def people_watched(request, people):
    """The `people` contexts get the harness's guards: no other hosts, and a screenshot
    of the last page when a test fails."""
    yield
    a11y.screenshot_if_failed(request, people.last)
    people.assert_no_other_hosts()
