"""Two moderators never decide the same item: proven on PostgreSQL with real threads,
each with its own database connection."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from moderation import services
from moderation.models import AuditAction, AuditEntry, HouseRuleReason, ModerationItem, Status
from tests.concurrency import in_own_connection
from tests.factories import ParticipantFactory, UserFactory
from tests.moderation.testapp.models import Comment, Topic

# Transactional: each thread must see the others' commits. These tests rely on
# nothing the migrations or the demo site created (the database is emptied after
# every transactional test), so they set up their own permissions and reason.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 20
ITEMS = 500


def queue_of(count: int) -> list[int]:
    author = ParticipantFactory()
    topic = Topic.objects.create(title="Busy evening")
    comments = Comment.objects.bulk_create(
        Comment(topic=topic, author=author, body=f"Comment {n}") for n in range(count)
    )
    now = timezone.now()
    items = ModerationItem.objects.bulk_create(
        ModerationItem(
            content_type=ContentType.objects.get_for_model(Comment),
            object_id=comment.pk,
            author=author,
            text_snapshot={"body": comment.body},
            submitted_at=now - dt.timedelta(seconds=n),
            queued_at=now - dt.timedelta(seconds=n),
        )
        for n, comment in enumerate(comments)
    )
    return [item.pk for item in items]


def moderators(count: int) -> list:
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    HouseRuleReason.objects.get_or_create(
        code="off-topic", defaults={"label": "Not about this topic", "message_to_author": "x"}
    )
    HouseRuleReason.objects.get_or_create(
        code="unkind", defaults={"label": "Unkind", "message_to_author": "x"}
    )
    work = Permission.objects.filter(
        content_type__app_label="moderation", codename__in=["view_queue", "work_queue"]
    )
    team = [UserFactory(display_name=f"Volunteer{n}") for n in range(count)]
    for moderator in team:
        moderator.user_permissions.add(*work)
    return team


def test_20_moderators_working_500_items_decide_each_exactly_once():
    item_ids = queue_of(ITEMS)
    team = moderators(WORKERS)
    start = threading.Barrier(WORKERS)

    @in_own_connection
    def work(moderator):
        start.wait()  # everyone presses "next" at the same moment
        decided = []
        while (item := services.item_claim_next(moderator=moderator)) is not None:
            if item.pk % 3:
                services.item_approve(item=item, moderator=moderator)
            else:
                services.item_reject(item=item, moderator=moderator, reason="off-topic")
            decided.append(item.pk)
        return decided

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(work, team))

    decided = [pk for worker in results for pk in worker]
    assert sorted(decided) == sorted(item_ids)  # nobody decided an item twice
    assert sum(1 for worker in results if worker) > 1  # the work really was shared
    per_item = dict(
        AuditEntry.objects.filter(
            item_id__in=item_ids, action__in=(AuditAction.APPROVE, AuditAction.REJECT)
        )
        .values_list("item_id")
        .annotate(n=Count("id"))
        .values_list("item_id", "n")
    )
    assert set(per_item) == set(item_ids)
    assert set(per_item.values()) == {1}
    statuses = set(ModerationItem.objects.filter(pk__in=item_ids).values_list("status", flat=True))
    assert statuses <= {Status.APPROVED, Status.REJECTED}
    assert not ModerationItem.objects.filter(claimed_by__isnull=False).exists()


def test_20_moderators_deciding_one_item_at_once_decide_it_once():
    [item_id] = queue_of(1)
    team = moderators(WORKERS)
    start = threading.Barrier(WORKERS)

    @in_own_connection
    def decide(moderator):
        item = ModerationItem.objects.get(pk=item_id)
        start.wait()
        try:
            if moderator.pk % 2:
                services.item_approve(item=item, moderator=moderator)
            else:
                services.item_reject(item=item, moderator=moderator, reason="unkind")
        except ValidationError as refusal:
            return refusal.messages[0]
        return "decided"

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(decide, team))

    assert outcomes.count("decided") == 1
    assert all("already been decided" in o for o in outcomes if o != "decided")
    assert (
        AuditEntry.objects.filter(
            item_id=item_id, action__in=(AuditAction.APPROVE, AuditAction.REJECT)
        ).count()
        == 1
    )


def test_one_moderator_in_many_tabs_holds_one_claim():
    queue_of(10)
    [moderator] = moderators(1)
    start = threading.Barrier(8)

    @in_own_connection
    def press_next(_):
        start.wait()
        return services.item_claim_next(moderator=moderator).pk

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(press_next, range(8)))

    assert ModerationItem.objects.filter(claimed_by=moderator).count() == 1
