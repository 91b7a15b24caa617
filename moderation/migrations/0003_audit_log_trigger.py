"""On PostgreSQL, the database itself refuses to change or delete an audit entry.

The model and its queryset already refuse; the trigger also stops raw SQL and any
future code path. TRUNCATE is left alone so test databases can still be emptied.
SQLite gets no trigger: its "flush" empties tables with DELETE, which would fail.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION moderation_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The moderation audit log cannot be changed or deleted.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS moderation_auditentry_immutable ON moderation_auditentry;
CREATE TRIGGER moderation_auditentry_immutable
    BEFORE UPDATE OR DELETE ON moderation_auditentry
    FOR EACH ROW EXECUTE FUNCTION moderation_auditentry_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS moderation_auditentry_immutable ON moderation_auditentry;
DROP FUNCTION IF EXISTS moderation_auditentry_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_defaults")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
