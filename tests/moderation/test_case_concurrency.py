"""Two senior moderators acting on one safeguarding case at once, on PostgreSQL with
real threads and connections: the case row's lock puts them in order."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from moderation import services
from moderation.models import CaseEntryKind, CaseStatus, SafeguardingActionType, SafeguardingCase
from tests.concurrency import in_own_connection
from tests.factories import ParticipantFactory, UserFactory
from tests.moderation.testapp.models import Comment, Topic

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def seniors(count: int) -> list:
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    permissions = Permission.objects.filter(
        content_type__app_label="moderation",
        codename__in=[
            "view_queue",
            "work_queue",
            "view_escalations",
            "decide_escalation",
            "manage_cases",
        ],
    )
    people = [UserFactory(display_name=f"Senior{n}") for n in range(count)]
    for person in people:
        person.user_permissions.add(*permissions)
    return people


def open_case(moderator) -> SafeguardingCase:
    author = ParticipantFactory()
    comment = Comment.objects.create(
        topic=Topic.objects.create(title="Home"), author=author, body="He hits me."
    )
    item = services.item_submit(obj=comment, author=author, text_fields={"body": comment.body})
    return services.case_open(item=item, moderator=moderator, reason="Abuse at home")


def race(people, action):
    start = threading.Barrier(len(people))

    @in_own_connection
    def run(person):
        try:
            start.wait()
            action(person)
            return "done"
        except ValidationError as refusal:
            return refusal.messages[0]

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return list(pool.map(run, people))


def test_two_senior_moderators_closing_one_case_close_it_once():
    first, second = seniors(2)
    case = open_case(first)
    outcomes = race(
        [first, second],
        lambda person: services.case_record(
            case=case, moderator=person, status="closed", note=f"Closed by {person}"
        ),
    )
    assert outcomes.count("done") == 1
    assert any("This case is closed" in outcome for outcome in outcomes)
    closes = case.entries.filter(kind=CaseEntryKind.STATUS, status_after=CaseStatus.CLOSED)
    assert closes.count() == 1


def test_two_actions_at_once_are_both_recorded_and_the_case_moves_on_once():
    SafeguardingActionType.objects.get_or_create(
        code="signposted", defaults={"label": "Signposted"}
    )
    first, second = seniors(2)
    case = open_case(first)
    outcomes = race(
        [first, second],
        lambda person: services.case_record(case=case, moderator=person, action_type="signposted"),
    )
    assert outcomes == ["done", "done"]
    assert case.entries.filter(kind=CaseEntryKind.ACTION).count() == 2
    assert case.entries.filter(kind=CaseEntryKind.STATUS).count() == 1
    assert SafeguardingCase.objects.get(pk=case.pk).status == CaseStatus.ACTION_TAKEN
