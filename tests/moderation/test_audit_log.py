"""The audit log cannot be edited or deleted through any interface."""

import pytest
from django.db import DatabaseError, connection, transaction

from moderation import services
from moderation.models import AuditEntry, AuditLogIsImmutable

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(item, volunteer) -> AuditEntry:
    services.item_approve(item=item, moderator=volunteer)
    return AuditEntry.objects.get(item_id=item.pk, action="approve")


def test_an_entry_records_who_when_what_why_and_the_states(entry, volunteer, item):
    assert (entry.actor, entry.item_id, entry.action) == (volunteer, item.pk, "approve")
    assert (entry.status_before, entry.status_after) == ("pending", "approved")
    assert entry.created_at is not None


def test_saving_a_changed_entry_is_refused(entry):
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsImmutable):
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditLogIsImmutable):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "attempt",
    [
        lambda qs: qs.update(reason="rewritten"),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["reason"]),
        lambda qs: qs.update_or_create(pk=qs.first().pk, defaults={"reason": "x"}),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_the_queryset_refuses_changes(entry, attempt):
    with pytest.raises(AuditLogIsImmutable):
        attempt(AuditEntry.objects.all())
    entry.refresh_from_db()
    assert entry.reason == ""


@pytest.mark.parametrize(
    "url",
    [
        "/admin/moderation/audit-log/new/",
        "/admin/moderation/audit-log/edit/{pk}/",
        "/admin/moderation/audit-log/delete/{pk}/",
        "/admin/moderation/audit-log/copy/{pk}/",
        "/admin/moderation/audit-log/history/{pk}/",
    ],
)
@pytest.mark.parametrize("who", ["senior_moderator", "admin"])
def test_the_admin_has_no_way_to_change_an_entry(request, client_for, entry, url, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url.format(pk=entry.pk)).status_code == 404
    assert client.post(url.format(pk=entry.pk), {"reason": "x"}).status_code == 404
    entry.refresh_from_db()
    assert entry.reason == ""


@pytest.mark.parametrize("who", ["senior_moderator", "admin"])
def test_the_admin_shows_the_log_read_only(request, client_for, entry, who):
    client = client_for(request.getfixturevalue(who))
    listing = client.get("/admin/moderation/audit-log/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "/audit-log/edit/" not in html and "/audit-log/delete/" not in html
    assert "/audit-log/new/" not in html
    detail = client.get(f"/admin/moderation/audit-log/inspect/{entry.pk}/")
    assert detail.status_code == 200 and "Approved" in detail.content.decode()


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_change_or_delete_an_entry(entry):
    with connection.cursor() as cursor:
        for sql in (
            "UPDATE moderation_auditentry SET reason = 'x' WHERE id = %s",
            "DELETE FROM moderation_auditentry WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="cannot be changed or deleted"),
                transaction.atomic(),
            ):
                cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == ""


def test_raw_sql_changes_are_refused_on_postgresql_only():
    """SQLite has no trigger (its test flush deletes rows); the models still refuse."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.triggers "
            "WHERE trigger_name = 'moderation_auditentry_immutable'"
            if connection.vendor == "postgresql"
            else "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name = 'moderation_auditentry_immutable'"
        )
        triggers = cursor.fetchone()[0]
    assert triggers == (2 if connection.vendor == "postgresql" else 0)
