"""Per-volunteer figures move from every senior moderator and the policy team to
team leads (for their own team) and administrators: take the old grant back once.
`cms.roles.sync_role_permissions` only ever adds, so this is the one place it goes."""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="moderation", codename="view_volunteer_figures"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=["Senior moderator", "Policy team"]):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_roles"), ("moderation", "0005_safeguarding_defaults")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
