"""Priorities move up one to make room for questions; the starting list of
safeguarding actions; and, on PostgreSQL, a trigger that refuses any change to a
safeguarding case's record, as the audit log's does."""

from django.db import migrations

ACTIONS = [
    ("signposted", "Signposted to support (helplines, the Get help page)", False, 10),
    ("contacted-through-site", "Contacted the young person through the site", False, 20),
    ("referred-to-lead", "Referred to the charity's safeguarding lead", True, 30),
    ("emergency-services", "Emergency services contacted", True, 40),
]

CREATE = """
CREATE OR REPLACE FUNCTION moderation_caseentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A safeguarding case record cannot be changed or deleted.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS moderation_caseentry_immutable ON moderation_caseentry;
CREATE TRIGGER moderation_caseentry_immutable
    BEFORE UPDATE OR DELETE ON moderation_caseentry
    FOR EACH ROW EXECUTE FUNCTION moderation_caseentry_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS moderation_caseentry_immutable ON moderation_caseentry;
DROP FUNCTION IF EXISTS moderation_caseentry_refuse_change();
"""


def forwards(apps, schema_editor):
    ModerationItem = apps.get_model("moderation", "ModerationItem")
    # Reported 2 → 3 and normal 3 → 4, highest first so the two never meet.
    ModerationItem.objects.filter(priority=3).update(priority=4)
    ModerationItem.objects.filter(priority=2).update(priority=3)
    ActionType = apps.get_model("moderation", "SafeguardingActionType")
    for code, label, needs_note, order in ACTIONS:
        ActionType.objects.get_or_create(
            code=code, defaults={"label": label, "needs_note": needs_note, "sort_order": order}
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    ModerationItem = apps.get_model("moderation", "ModerationItem")
    ModerationItem.objects.filter(priority=3).update(priority=2)
    ModerationItem.objects.filter(priority=4).update(priority=3)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_safeguarding_teams")]

    operations = [migrations.RunPython(forwards, backwards)]
