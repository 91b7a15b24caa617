"""Named users for every role, as STYLE.md asks: tests read like the people they serve."""

import io
import os

import pytest
from django.test import Client, override_settings

from cms import roles
from tests import auth
from tests.factories import PASSWORD, ParticipantFactory, UserFactory

# The browser journeys need their own settings, a built site and a real server:
# `make test-e2e` runs them (with --ds=config.settings.e2e); a plain run leaves them out.
if os.environ.get("DJANGO_SETTINGS_MODULE") != "config.settings.e2e":
    collect_ignore = ["e2e"]


def _client_for(user) -> Client:
    """Logged in as allauth leaves someone; staff have two-step log-in on (tests/auth.py)."""
    return auth.client_for(user)


@pytest.fixture(scope="session", autouse=True)
def _media_in_tmp(tmp_path_factory):
    """Files the tests write (a closed round's published ballots, uploads) go to a
    folder of this run, never the working tree. One folder for the whole run, so
    files made by module-wide fixtures are still there for each test."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture
def participant(db):
    return ParticipantFactory(email="participant@example.org", display_name="QuietOtter")


@pytest.fixture
def other_participant(db):
    return ParticipantFactory(email="other@example.org", display_name="BraveHeron")


@pytest.fixture
def unverified(db):
    return ParticipantFactory(
        email="unverified@example.org", display_name="NotYetChecked", verified=False
    )


@pytest.fixture
def volunteer(db):
    return UserFactory(
        email="volunteer@example.org", display_name="KindReader", groups=[roles.VOLUNTEER_MODERATOR]
    )


@pytest.fixture
def senior_moderator(db):
    return UserFactory(
        email="senior@example.org", display_name="SafeLead", groups=[roles.SENIOR_MODERATOR]
    )


@pytest.fixture
def policy_editor(db):
    return UserFactory(
        email="policy@example.org", display_name="PolicyPerson", groups=[roles.POLICY_TEAM]
    )


@pytest.fixture
def admin(db):
    return UserFactory(
        email="admin@example.org", display_name="SiteKeeper", is_superuser=True, is_staff=True
    )


@pytest.fixture
def visitor():
    """Someone who is not logged in."""
    return Client()


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo site, built once per test session."""
    from django.core.management import call_command
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("demo_data", "--site-only", stdout=io.StringIO())


@pytest.fixture
def site(db):
    """The demo site: pages and signposting settings from `manage.py demo_data`."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real concurrent connections: on SQLite they are
    skipped with a reason that shows in every run (`make test` always runs them on
    PostgreSQL too)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (real concurrent connections); runs in `make test-postgres`"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
