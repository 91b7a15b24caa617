"""Fixtures for the moderation tests: a moderated comment and its item, ready to decide."""

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions

from cms import roles
from moderation import selectors, services
from moderation.models import ModerationItem, Notice
from tests.moderation.testapp.models import Comment, Suggestion, Topic, hooks


@pytest.fixture
def role_permissions(db):
    """Make sure the roles hold the moderation permissions.

    On a fresh database `cms.roles.sync_role_permissions` runs on the cms app's
    post_migrate, before Django has created the permissions of apps listed after
    it, so moderation's rows are skipped; creating them and syncing again here keeps
    these tests independent of that ordering.
    """
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    roles.sync_role_permissions()


# The named users of tests/conftest.py, with their role permissions in place.
@pytest.fixture
def volunteer(role_permissions, volunteer):
    return volunteer


@pytest.fixture
def senior_moderator(role_permissions, senior_moderator):
    return senior_moderator


@pytest.fixture
def policy_editor(role_permissions, policy_editor):
    return policy_editor


@pytest.fixture(autouse=True)
def start_with_an_empty_queue(request):
    """The shared test database starts with the demo site, which may hold demo items;
    each moderation test starts from an empty queue (deleting items leaves the audit
    log, which never loses entries)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    ModerationItem.objects.all().delete()


@pytest.fixture(autouse=True)
def forget_hook_calls():
    hooks.calls.clear()
    yield
    hooks.calls.clear()


@pytest.fixture
def topic(db):
    return Topic.objects.create(title="Exam stress")


@pytest.fixture
def make_comment(topic, participant):
    """A comment by `author` (the participant by default), sent for checking."""

    def make(body: str = "Exams make everyone anxious and nobody talks about it.", *, author=None):
        author = author or participant
        comment = Comment.objects.create(topic=topic, author=author, body=body)
        services.item_submit(obj=comment, author=author, text_fields={"body": body})
        return comment

    return make


@pytest.fixture
def make_item(make_comment):
    def make(
        body: str = "Exams make everyone anxious and nobody talks about it.", **kwargs
    ) -> ModerationItem:
        return selectors.item_for(make_comment(body, **kwargs))

    return make


@pytest.fixture
def comment(make_comment):
    return make_comment()


@pytest.fixture
def item(comment) -> ModerationItem:
    return selectors.item_for(comment)


@pytest.fixture
def make_suggestion(participant):
    def make(title: str = "Free bus travel for under-18s", body: str = "", *, author=None):
        author = author or participant
        suggestion = Suggestion.objects.create(author=author, title=title, body=body)
        services.item_submit(
            obj=suggestion, author=author, text_fields={"title": title, "body": body}
        )
        return suggestion

    return make


def refreshed(item: ModerationItem) -> ModerationItem:
    return ModerationItem.objects.get(pk=item.pk)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the emails) as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def last_notice(user) -> Notice:
    return Notice.objects.filter(recipient=user).latest("id")
