"""The channels the charity's data comes through; editable afterwards in the admin."""

from django.db import migrations

CHANNELS = [
    ("Website", "website"),
    ("Helpline", "helpline"),
    ("Webchat", "webchat"),
    ("Email", "email"),
    ("Counselling", "counselling"),
    ("Community", "community"),
    ("Social media", "social-media"),
]


def forwards(apps, schema_editor):
    Channel = apps.get_model("evidence", "Channel")
    for order, (name, slug) in enumerate(CHANNELS, start=1):
        Channel.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_channel_statistics")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
