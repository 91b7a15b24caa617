"""On PostgreSQL, let retention clear the free text and actor of old audit entries.

The trigger of 0003 refuses every change. After this, one change is allowed: an
UPDATE that empties `reason`, `note_to_author` and `detail` and clears `actor`,
changing nothing else, inside a transaction that set `moderation.retention` to on
(only `moderation.services.privacy.audit_details_clear` does). Deletes are still
refused. See docs/privacy.md for the retention periods.
"""

from django.db import migrations

ALLOW_RETENTION = """
CREATE OR REPLACE FUNCTION moderation_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND current_setting('moderation.retention', true) = 'on'
        AND NEW.reason = '' AND NEW.note_to_author = ''
        AND NEW.detail = '{}'::jsonb AND NEW.actor_id IS NULL
        AND NEW.id = OLD.id
        AND NEW.item_id IS NOT DISTINCT FROM OLD.item_id
        AND NEW.content_type_id IS NOT DISTINCT FROM OLD.content_type_id
        AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
        AND NEW.action = OLD.action
        AND NEW.status_before = OLD.status_before
        AND NEW.status_after = OLD.status_after
        AND NEW.reason_code = OLD.reason_code
        AND NEW.wait_seconds IS NOT DISTINCT FROM OLD.wait_seconds
        AND NEW.created_at = OLD.created_at
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The moderation audit log cannot be changed or deleted.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE_ALL = """
CREATE OR REPLACE FUNCTION moderation_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The moderation audit log cannot be changed or deleted.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def allow_retention(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_RETENTION, params=None)


def refuse_all(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALL, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0007_report_weight_and_withholding")]

    operations = [migrations.RunPython(allow_retention, refuse_all)]
